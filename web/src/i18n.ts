// The consoles' words: Chinese first, English available. The language is the person's choice,
// kept in this browser (localStorage); nothing here is ever rendered as HTML.
export type Lang = 'zh' | 'en';

const zh = {
  title: '12345 政务服务便民热线',
  username: '用户名',
  password: '密码',
  login: '登录',
  loggingIn: '正在登录…',
  logout: '退出登录',
  badCredentials: '用户名或密码错误',
  locked: '账号已锁定，请 {minutes} 分钟后再试',
  disabled: '账号已停用，请联系系统管理员',
  busy: '系统繁忙，请稍后再试',
  tooManyAttempts: '尝试过于频繁，请稍后再试',
  missing: '请输入用户名和密码',
  failed: '登录失败，请稍后再试',
  expired: '登录已过期，请重新登录',
  loggedInAs: '当前用户',
  roleLabel: '角色',
  yourPages: '可用页面',
  noPages: '此角色的页面即将推出；可通过接口办理业务。',
  forbiddenTitle: '403 · 无权访问',
  forbiddenText: '您的角色不能打开此页面。',
  notFoundTitle: '404 · 页面不存在',
  backHome: '返回首页',
  loading: '加载中…',
  'role.agent': '座席',
  'role.supervisor': '班长',
  'role.auditor': '审计员',
  'role.admin': '系统管理员',
  'role.department': '承办单位',
  'page./': '首页',
  'page./agent': '座席工作台',
  'page./supervisor': '班长监控台',
  'page./wallboard': '大屏',
  'page./knowledge': '知识库管理',
};

export type MessageKey = keyof typeof zh;

const en: Record<MessageKey, string> = {
  title: '12345 Government Service Hotline',
  username: 'Username',
  password: 'Password',
  login: 'Log in',
  loggingIn: 'Logging in…',
  logout: 'Log out',
  badCredentials: 'Wrong username or password',
  locked: 'Account locked: try again in {minutes} min',
  disabled: 'This account is disabled; ask an administrator',
  busy: 'The system is busy; try again shortly',
  tooManyAttempts: 'Too many attempts; please try again later',
  missing: 'Enter your username and password',
  failed: 'Login failed; try again shortly',
  expired: 'Your session has expired; please log in again',
  loggedInAs: 'Logged in as',
  roleLabel: 'Role',
  yourPages: 'Your pages',
  noPages: "This role's pages are coming; use the API meanwhile.",
  forbiddenTitle: '403 · Forbidden',
  forbiddenText: 'Your role may not open this page.',
  notFoundTitle: '404 · No such page',
  backHome: 'Back to home',
  loading: 'Loading…',
  'role.agent': 'Agent',
  'role.supervisor': 'Supervisor',
  'role.auditor': 'Auditor',
  'role.admin': 'Administrator',
  'role.department': 'Department',
  'page./': 'Home',
  'page./agent': 'Agent desktop',
  'page./supervisor': 'Supervisor console',
  'page./wallboard': 'Wallboard',
  'page./knowledge': 'Knowledge base',
};

const TABLES: Record<Lang, Record<MessageKey, string>> = { zh, en };
const STORAGE_KEY = 'hotline.lang';

export function savedLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export function saveLang(lang: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // private mode: the choice lasts this page only
  }
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
}

const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (_m, name: string) => String(values[name] ?? ''));

/** The message in `lang`, with {name} filled from `values` (as text). */
export function translate(lang: Lang, key: MessageKey, values: Record<string, string | number> = {}): string {
  return fill(TABLES[lang][key], values);
}

/** A page's own words (each page keeps its table beside it, Chinese and English with the same keys). */
export type Messages<K extends string> = Record<Lang, Record<K, string>>;
export type Translate<K extends string> = (key: K, values?: Record<string, string | number>) => string;

export function translator<K extends string>(messages: Messages<K>, lang: Lang): Translate<K> {
  return (key, values = {}) => fill(messages[lang][key], values);
}

// The browser consoles' pages and who may open each, default deny like the API's policy: a page
// not in this table does not exist (404); no session → the login page; a role not named → 403.
// The API behind each page keeps its own checks (api-access-policy.ts).
import type { ApiRole } from './api-roles.js';
import { API_ROLES } from './api-roles.js';

export type ConsolePage = 'home' | 'agent' | 'supervisor' | 'wallboard' | 'knowledge';

export interface ConsolePageRule {
  page: ConsolePage;
  path: string;
  roles: readonly ApiRole[];
}

export const CONSOLE_PAGES: readonly ConsolePageRule[] = [
  // the role home: who is logged in, the pages of the role, logout
  { page: 'home', path: '/', roles: API_ROLES },
  // the agent desktop (座席工作台): an agent's own calls
  { page: 'agent', path: '/agent', roles: ['agent'] },
  // the supervisor console (班长席) and the wallboard (大屏)
  { page: 'supervisor', path: '/supervisor', roles: ['supervisor', 'admin'] },
  { page: 'wallboard', path: '/wallboard', roles: ['supervisor', 'admin'] },
  // the knowledge base's editing (知识库管理)
  { page: 'knowledge', path: '/knowledge', roles: ['admin'] },
];

export type PageVerdict = { show: ConsolePageRule } | { redirect: '/login' } | { forbidden: ConsolePageRule } | { notFound: true };

/** What a request for `path` gets, for a person with `role` (null: not logged in). */
export function pageVerdict(path: string, role: ApiRole | null): PageVerdict {
  const normalised = path.length > 1 ? path.replace(/\/+$/u, '') : path;
  const rule = CONSOLE_PAGES.find((p) => p.path === normalised);
  if (!rule) return { notFound: true };
  if (role === null) return { redirect: '/login' };
  return rule.roles.includes(role) ? { show: rule } : { forbidden: rule };
}

/** The pages a role may open, for its home page's links. */
export const pagesOf = (role: ApiRole): ConsolePageRule[] => CONSOLE_PAGES.filter((p) => p.page !== 'home' && p.roles.includes(role));

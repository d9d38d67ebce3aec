// People log in to the consoles in a real browser (Debian's chromium, playwright-core) against
// the real app (a child process on its own PostgreSQL database and Redis prefix): the login
// takes a person to the role home naming them, a wrong password says 用户名或密码错误, five in
// a row lock the username (账号已锁定), an agent opening the supervisor console gets the 403
// page, logout ends the session, an idle session sends the person back to /login (a second app
// on the same database with a 5 s idle expiry), a request made with the cookie but without
// the CSRF token is refused, and failed logins from one address across usernames close it
// (尝试过于频繁, the second app's limit of 5). Screenshots: test-results/console/.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchConsoleBrowser, screenshot, type ConsoleBrowser } from '../support/console-browser.js';
import { logInOnPage } from '../support/console-people.js';
import { createTestDatabase, startHotlineApp, type HotlineApp } from '../support/hotline-app.js';

const AGENT = 'console-e2e-agent';
const EXTENSION = '2971';
const ZHANG = { username: 'zhang.wei', password: 'zhang-wei-密码-2026' };
const WANG = { username: 'wang.fang', password: 'wang-fang-password' };

let app: HotlineApp;
let shortIdleApp: HotlineApp;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let browser: ConsoleBrowser;

const appEnv = (extra: Record<string, string> = {}) => ({
  ARI_APP: `hotline-console-${randomBytes(3).toString('hex')}`,
  LOG_LEVEL: 'warn',
  QUEUE_LOG_FILE: 'off',
  ...extra,
});

describe('console login in the browser', () => {
  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startHotlineApp({ databaseUrl: database.url, env: appEnv() });
    await app.waitReady(60_000);
    const agent = await app.request('POST', '/api/agents', {
      body: { agentId: AGENT, name: '张伟', extension: EXTENSION, skills: { general: 3 }, languages: ['zh'], group: '一班' },
    });
    expect(agent.status).toBe(201);
    // the bootstrap admin token creates the first people (README: the first admin user)
    for (const user of [
      { ...ZHANG, name: '张伟', role: 'agent', agentId: AGENT },
      { ...WANG, name: '王芳', role: 'supervisor' },
      { username: 'lock.me', password: 'lock-me-password', name: '锁定测试', role: 'auditor' },
    ]) {
      const r = await app.request('POST', '/api/users', { body: user });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    shortIdleApp = await startHotlineApp({ databaseUrl: database.url, env: appEnv({ CONSOLE_SESSION_IDLE_SECONDS: '5', CONSOLE_LOGIN_RATE_PER_ADDRESS: '5' }) });
    await shortIdleApp.waitReady(60_000);
    browser = await launchConsoleBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.request('DELETE', `/api/agents/${AGENT}`).catch(() => undefined);
    await shortIdleApp?.stop();
    await app?.stop();
    await database?.drop();
  });

  it('an agent opening a page without a session lands on /login; the login takes them to the role home naming them', async () => {
    const { page, close } = await browser.person();
    // the pages run under the strict CSP without a violation or a script error
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(String(err)));
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
    });
    const first = await page.goto(`${app.baseUrl}/agent`);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(first?.headers()['content-security-policy']).toContain("script-src 'self'");
    await expect(page.getByRole('button', { name: '登录' }).isVisible()).resolves.toBe(true);
    await screenshot(page, 'login');

    await logInOnPage(page, app.baseUrl, ZHANG);
    await page.waitForURL(`${app.baseUrl}/`);
    await page.getByTestId('who').waitFor();
    const who = await page.getByTestId('who').innerText();
    expect(who).toContain('张伟');
    expect(who).toContain('zhang.wei');
    expect(await page.getByTestId('role').innerText()).toBe('座席');
    expect(await page.getByRole('link', { name: '座席工作台' }).getAttribute('href')).toBe('/agent');
    await screenshot(page, 'agent-home');

    // the cookie: HttpOnly, SameSite=Strict, out of reach of scripts
    const [cookie] = await page.context().cookies();
    expect(cookie).toMatchObject({ name: 'hotline_session', httpOnly: true, sameSite: 'Strict' });
    expect(await page.evaluate('document.cookie')).toBe('');

    await page.getByRole('link', { name: '座席工作台' }).click();
    await page.getByTestId('agent-desktop').waitFor();
    expect(new URL(page.url()).pathname).toBe('/agent');

    // English is a click away
    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.getByTestId('role').innerText()).toBe('Agent');
    await page.getByRole('button', { name: '中文' }).click();
    expect(problems).toEqual([]);
    await close();
  });

  it('a wrong password says 用户名或密码错误 and stays on the login page', async () => {
    const { page, close } = await browser.person();
    await logInOnPage(page, app.baseUrl, { username: ZHANG.username, password: 'not-the-password' });
    await page.getByTestId('login-error').waitFor();
    expect(await page.getByTestId('login-error').innerText()).toBe('用户名或密码错误');
    expect(new URL(page.url()).pathname).toBe('/login');
    await screenshot(page, 'login-wrong-password');
    await close();
  });

  it('five wrong passwords in a row lock the username (账号已锁定), even for the right password then', async () => {
    const { page, close } = await browser.person();
    await page.goto(`${app.baseUrl}/login`);
    const error = page.getByTestId('login-error');
    for (let i = 1; i <= 5; i += 1) {
      await page.getByLabel('用户名').fill('lock.me');
      await page.getByLabel('密码').fill(`guess-${i}`);
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByRole('button', { name: '登录' }).waitFor();
      await error.waitFor();
      const text = await error.innerText();
      expect(text, `attempt ${i}`).toBe(i < 5 ? '用户名或密码错误' : '账号已锁定，请 15 分钟后再试');
    }
    await page.getByLabel('用户名').fill('lock.me');
    await page.getByLabel('密码').fill('lock-me-password');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('button', { name: '登录' }).waitFor();
    expect(await error.innerText()).toBe('账号已锁定，请 15 分钟后再试');
    expect(new URL(page.url()).pathname).toBe('/login');
    await screenshot(page, 'login-locked');
    await close();
  });

  it('an agent opening the supervisor console gets the 403 page; a supervisor gets the console', async () => {
    const agent = await browser.person();
    await logInOnPage(agent.page, app.baseUrl, ZHANG);
    await agent.page.waitForURL(`${app.baseUrl}/`);
    const denied = await agent.page.goto(`${app.baseUrl}/supervisor`);
    expect(denied?.status()).toBe(403);
    await agent.page.getByTestId('forbidden').waitFor();
    expect(await agent.page.getByTestId('forbidden').innerText()).toContain('403 · 无权访问');
    await screenshot(agent.page, 'agent-forbidden-supervisor');
    // the API says the same for the session: its own agent only
    const own = await agent.page.evaluate(async (id) => (await fetch(`/api/agents/${id}/state`)).status, AGENT);
    const other = await agent.page.evaluate(async () => (await fetch('/api/agents/li-na/state')).status);
    expect([own, other]).toEqual([200, 403]);
    await agent.close();

    const supervisor = await browser.person();
    await logInOnPage(supervisor.page, app.baseUrl, WANG);
    await supervisor.page.waitForURL(`${app.baseUrl}/`);
    const shown = await supervisor.page.goto(`${app.baseUrl}/supervisor`);
    expect(shown?.status()).toBe(200);
    await supervisor.page.getByTestId('supervisor').waitFor();
    expect(await supervisor.page.getByTestId('role').innerText()).toBe('班长');
    await screenshot(supervisor.page, 'supervisor-console');
    await supervisor.close();
  });

  it('a request with the cookie but without the CSRF token is refused (403 csrf); with the token it passes', async () => {
    const { page, close } = await browser.person();
    await logInOnPage(page, app.baseUrl, ZHANG);
    await page.waitForURL(`${app.baseUrl}/`);
    const without = await page.evaluate(async () => {
      const r = await fetch('/api/session', { method: 'DELETE' });
      return { status: r.status, body: (await r.json()) as { error: { code: string } } };
    });
    expect(without.status).toBe(403);
    expect(without.body.error.code).toBe('csrf');
    const forged = await page.evaluate(async () => (await fetch('/api/session', { method: 'DELETE', headers: { 'x-csrf-token': 'forged' } })).status);
    expect(forged).toBe(403);
    // still logged in; with the session's own token the same request passes
    const withToken = await page.evaluate(async () => {
      const session = (await (await fetch('/api/session')).json()) as { csrfToken: string };
      return (await fetch('/api/session', { method: 'DELETE', headers: { 'x-csrf-token': session.csrfToken } })).status;
    });
    expect(withToken).toBe(204);
    await close();
  });

  it('logout ends the session: back to /login, and the pages need a login again', async () => {
    const { page, close } = await browser.person();
    await logInOnPage(page, app.baseUrl, WANG);
    await page.waitForURL(`${app.baseUrl}/`);
    const [before] = await page.context().cookies();
    await page.getByTestId('logout').click();
    await page.waitForURL(`${app.baseUrl}/login`);
    await page.goto(`${app.baseUrl}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    // the old cookie value is dead on the server, not just forgotten by the browser
    const replay = await fetch(`${app.baseUrl}/api/session`, { headers: { cookie: `${before!.name}=${before!.value}` } });
    expect(replay.status).toBe(401);
    await close();
  });

  it('an idle session (5 s here) sends the person back to /login, told that it expired', async () => {
    const { page, close } = await browser.person();
    await logInOnPage(page, shortIdleApp.baseUrl, ZHANG);
    await page.waitForURL(`${shortIdleApp.baseUrl}/`);
    await page.getByTestId('who').waitFor();
    await new Promise((r) => setTimeout(r, 6_000));
    await page.goto(`${shortIdleApp.baseUrl}/agent`);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(new URL(page.url()).searchParams.get('expired')).toBe('1');
    await page.getByTestId('login-notice').waitFor();
    expect(await page.getByTestId('login-notice').innerText()).toBe('登录已过期，请重新登录');
    await screenshot(page, 'login-expired');
    await close();
  });

  // last: the address (127.0.0.1) stays closed on the second app for its window
  it('failed logins from one address across usernames close it: 尝试过于频繁，请稍后再试, even for the right password', async () => {
    const { page, close } = await browser.person();
    await page.goto(`${shortIdleApp.baseUrl}/login`);
    const error = page.getByTestId('login-error');
    for (let i = 1; i <= 6; i += 1) {
      // five usernames, none of them locked: only the limit per address stops the sixth try
      const who = i <= 5 ? { username: `guess.${i}`, password: `guess-${i}-password` } : WANG;
      await page.getByLabel('用户名').fill(who.username);
      await page.getByLabel('密码').fill(who.password);
      await page.getByRole('button', { name: '登录' }).click();
      const expected = i <= 5 ? '用户名或密码错误' : '尝试过于频繁，请稍后再试';
      await page.getByRole('button', { name: '登录' }).waitFor();
      await error.filter({ hasText: expected }).waitFor({ timeout: 10_000 });
      expect(await error.innerText(), `attempt ${i}`).toBe(expected);
    }
    expect(new URL(page.url()).pathname).toBe('/login');
    await screenshot(page, 'login-too-many-attempts');
    // another hotline (its own Redis prefix) keeps its own count: the person logs in there
    await logInOnPage(page, app.baseUrl, WANG);
    await page.waitForURL(`${app.baseUrl}/`);
    await close();
  });
});

// People of the consoles' browser tests: a person logs in on /login with the form, as a person
// would (用户名, 密码, 登录), and lands on the role home; the agent desktop's tests get their app,
// agent, agent user and browser in one step.
import type { Page } from 'playwright-core';
import { launchConsoleBrowser, type ConsoleBrowser } from './console-browser.js';
import { createTestDatabase, startHotlineApp, waitFor, type HotlineApp } from './hotline-app.js';

export interface ConsolePerson {
  username: string;
  password: string;
}

/** Fills the login form and submits it; `landed` also waits for the role home. */
export async function logInOnPage(page: Page, baseUrl: string, who: ConsolePerson, o: { landed?: boolean } = {}): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('用户名').fill(who.username);
  await page.getByLabel('密码').fill(who.password);
  await page.getByRole('button', { name: '登录' }).click();
  if (o.landed) await page.waitForURL(`${baseUrl}/`);
}

/** An app for the agent desktop's browser tests: one agent with its console user, and a browser. */
export interface DeskHotline {
  app: HotlineApp;
  /** The agent's SIP password (its softphone registers with it). */
  sipPassword: string;
  browser: ConsoleBrowser;
  /** The agent off any call (waited for), logged out and deleted; browser, app and database stopped. */
  stop(): Promise<void>;
}

/**
 * Starts the app on its own database with `env`, creates the agent (skill general 3) and its agent
 * user `person`, and launches the browser.
 */
export async function startDeskHotline(o: {
  agent: { agentId: string; name: string; extension: string; group: string };
  person: ConsolePerson;
  env: Record<string, string>;
}): Promise<DeskHotline> {
  const database = await createTestDatabase();
  const app = await startHotlineApp({ databaseUrl: database.url, env: o.env });
  const { agentId, name } = o.agent;
  let browser: ConsoleBrowser | null = null;
  const stop = async () => {
    await browser?.close().catch(() => undefined);
    await waitFor('the agent off the call', async () => {
      const s = await app.request<{ state: { status: string } }>('GET', `/api/agents/${agentId}/state`);
      return ['on_call', 'ringing'].includes(s.body.state?.status) ? undefined : true;
    }, 20_000).catch(() => undefined);
    await app.request('POST', `/api/agents/${agentId}/logout`).catch(() => undefined);
    await app.request('DELETE', `/api/agents/${agentId}`).catch(() => undefined);
    await app.stop().catch(() => undefined);
    await database.drop();
  };
  try {
    await app.waitReady(60_000);
    const created = await app.request('POST', '/api/agents', { body: { ...o.agent, skills: { general: 3 }, languages: ['zh'] } });
    if (created.status !== 201) throw new Error(`agent ${agentId}: ${created.status} ${JSON.stringify(created.body)}`);
    const user = await app.request('POST', '/api/users', { body: { ...o.person, name, role: 'agent', agentId } });
    if (user.status !== 201) throw new Error(`user ${o.person.username}: ${user.status} ${JSON.stringify(user.body)}`);
    browser = await launchConsoleBrowser();
    return { app, sipPassword: (created.body.sip as { password: string }).password, browser, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

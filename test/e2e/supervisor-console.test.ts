// The wallboard (/wallboard) and the supervisor console (/supervisor) in a real browser (Debian's
// chromium) against the real app and the real Asterisk: a supervisor logs in as a person and
// opens the wallboard; with no agent ready two SIPp citizens call 12345 and wait in the general
// queue: the wallboard's waiting count follows them 0 → 1 → 2, the console shows the same queue,
// and when both hang up it goes back to 0; the console's list of abandoned calls then names both
// numbers with their missed-call callbacks (回拨) and how they stand. Both pages are live (实时)
// and run under the strict CSP without a violation or a script error. Before that, on a call with
// an agent, the console's 监听 rings the supervisor's extension (typed once, remembered by the
// browser), shows the session's phase, switches to 耳语 and ends it with 结束.
// Screenshots: test-results/console/.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallScene, keepAppOutput, type SceneCaller } from '../support/call-scene.js';
import { launchConsoleBrowser, screenshot, type ConsoleBrowser } from '../support/console-browser.js';
import { logInOnPage } from '../support/console-people.js';
import { createTestDatabase, startHotlineApp, type HotlineApp } from '../support/hotline-app.js';

const SUPERVISOR = { username: 'zhao.min', password: 'zhao-min-班长-2026' };
const CALLER_A = '13800000071';
const CALLER_B = '13800000072';
const CALLER_C = '13800000073';
const QUEUE = 'general';
const AGENT = 'floor-agent';
const AGENT_EXT = String(5001 + 2 * Math.floor(Math.random() * 400));
const SUPERVISOR_EXT = String(Number(AGENT_EXT) + 1);
const sipPasswords: Record<string, string> = {};

let app: HotlineApp;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let browser: ConsoleBrowser;
let failed = false;
const scene = createCallScene();

/** The text of the element with the test id, as the page shows it now ('' while it is not there). */
const textOf = (page: Page, testId: string) => page.getByTestId(testId).first().innerText({ timeout: 1_000 }).catch(() => '');

/** Waits until the element's text is `text` (the page follows the live events by itself). */
const showsText = (page: Page, testId: string, text: string, timeoutMs = 20_000) =>
  expect.poll(() => textOf(page, testId), { timeout: timeoutMs, message: `[data-testid=${testId}] shows ${text}` }).toBe(text);

/** Waits until `count` elements have the test id. */
const countIs = (page: Page, testId: string, count: number, timeoutMs = 15_000) =>
  expect.poll(() => page.getByTestId(testId).count(), { timeout: timeoutMs, message: `${count} × [data-testid=${testId}]` }).toBe(count);

/** Collects script errors and CSP refusals of a page. */
function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(String(err)));
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  return problems;
}

describe('the wallboard and the supervisor console follow callers in and out of a queue', () => {
  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startHotlineApp({
      databaseUrl: database.url,
      env: {
        QUEUE_LOG_FILE: 'off',
        // the supervised call is with the agent from the agent's answer
        GREETING_AGENT_OVERLAP: 'cut',
        AGENT_WRAP_UP_SECONDS: '1',
        LOG_LEVEL: 'info',
        // a caller who gave up after 3 s gets a missed-call callback entry (no agent is ever ready
        // here, so none is delivered): the abandoned list shows its status
        MISSED_CALL_CALLBACK_AFTER_SECONDS: '3',
      },
    });
    await app.waitReady(60_000);
    const user = await app.request('POST', '/api/users', { body: { ...SUPERVISOR, name: '赵敏', role: 'supervisor' } });
    expect(user.status, JSON.stringify(user.body)).toBe(201);
    // the agent, and the supervisor's softphone: a SIP account of the hotline never logged in to take calls
    for (const [agentId, name, extension] of [[AGENT, '孙丽', AGENT_EXT], ['floor-supervisor-phone', '赵敏的话机', SUPERVISOR_EXT]] as const) {
      const created = await app.request('POST', '/api/agents', { body: { agentId, name, extension, skills: { general: 3 }, languages: ['zh'], group: 'day' } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      sipPasswords[extension] = (created.body.sip as { password: string }).password;
    }
    browser = await launchConsoleBrowser();
  }, 180_000);

  afterAll(async () => {
    await scene.clear();
    await browser?.close();
    if (app) keepAppOutput(failed, 'supervisor-console', [app]);
    await app?.stop();
    await database?.drop();
  });

  it('on a call with an agent, 监听 rings the supervisor\'s extension and shows the phase; 耳语 switches; 结束 ends it', async () => {
    const { page: desk } = await browser.person();
    const problems = watchProblems(desk);
    try {
      await scene.softphone({ user: AGENT_EXT, password: sipPasswords[AGENT_EXT]!, answer: 'auto', port: 25501 });
      await scene.softphone({ user: SUPERVISOR_EXT, password: sipPasswords[SUPERVISOR_EXT]!, answer: 'auto', port: 25506 });
      expect((await app.request('POST', `/api/agents/${AGENT}/login`, { body: { ready: true } })).status).toBe(200);

      await logInOnPage(desk, app.baseUrl, SUPERVISOR, { landed: true });
      await desk.goto(`${app.baseUrl}/supervisor`);
      await showsText(desk, 'live-status', '实时');
      await showsText(desk, 'agents-ready', '就绪 1');

      const caller = await scene.caller(CALLER_C, 45);
      await countIs(desk, 'call-row', 1);
      await showsText(desk, 'call-stage', '与座席通话');
      await showsText(desk, 'agents-on_call', '通话中 1');
      // without an extension the buttons wait for one; typed once, the browser remembers it
      expect(await desk.getByTestId('supervise-listen').isDisabled()).toBe(true);
      await desk.getByTestId('supervisor-extension').fill(SUPERVISOR_EXT);
      await desk.reload();
      await showsText(desk, 'call-stage', '与座席通话');
      expect(await desk.getByTestId('supervisor-extension').inputValue()).toBe(SUPERVISOR_EXT);

      await desk.getByTestId('supervise-listen').click();
      // the supervisor's phone answers by itself: ringing, then active in listen
      await showsText(desk, 'supervision-phase', '进行中：监听', 20_000);
      expect(await desk.getByTestId('supervise-listen').isDisabled()).toBe(true);
      await screenshot(desk, 'supervisor-listening');
      const callId = await desk.getByTestId('call-row').getAttribute('data-call-id');
      const sessions = async () => (await app.get<{ sessions: Array<{ mode: string; phase: string; extension: string }> }>(`/api/calls/${callId}/supervision`)).body.sessions;
      expect(await sessions()).toEqual([expect.objectContaining({ mode: 'listen', phase: 'active', extension: SUPERVISOR_EXT })]);

      await desk.getByTestId('supervise-whisper').click();
      await showsText(desk, 'supervision-phase', '进行中：耳语');
      expect((await sessions())[0]).toMatchObject({ mode: 'whisper', phase: 'active' });

      await desk.getByTestId('supervise-end').click();
      await showsText(desk, 'supervision-phase', '已结束（由您结束）');
      expect((await sessions())[0]).toMatchObject({ phase: 'ended' });
      await screenshot(desk, 'supervisor-supervision-ended');

      expect((await caller.run.done).exitCode).toBe(0);
      await countIs(desk, 'call-row', 0);
      expect(problems).toEqual([]);
    } catch (err) {
      failed = true;
      throw err;
    } finally {
      await scene.clear();
      await app.request('POST', `/api/agents/${AGENT}/logout`).catch(() => undefined);
    }
  });

  it('waiting 0 → 1 → 2 → 0 on the wallboard, the same queue on the console, then both numbers in the abandoned list', async () => {
    const { page: wallboard, context } = await browser.person();
    const wallboardProblems = watchProblems(wallboard);
    const callers: SceneCaller[] = [];
    try {
      await logInOnPage(wallboard, app.baseUrl, SUPERVISOR, { landed: true });
      await wallboard.goto(`${app.baseUrl}/wallboard`);
      await wallboard.getByTestId('wallboard').waitFor();
      await showsText(wallboard, 'live-status', '实时');
      await showsText(wallboard, `wb-waiting-${QUEUE}`, '0');
      // nobody is ready (the agent of the test before has logged out)
      await showsText(wallboard, 'wb-agents-ready', '0');
      await screenshot(wallboard, 'wallboard-empty');

      // the console in a second tab of the same person
      const desk = await context.newPage();
      const deskProblems = watchProblems(desk);
      await desk.goto(`${app.baseUrl}/supervisor`);
      await desk.getByTestId('supervisor').waitFor();
      await showsText(desk, 'live-status', '实时');
      await showsText(desk, `queue-waiting-${QUEUE}`, '0');

      // two citizens call with nobody ready: both wait in the queue until they hang up together
      const endAt = Date.now() + 40_000;
      callers.push(await scene.caller(CALLER_A, 38));
      await showsText(wallboard, `wb-waiting-${QUEUE}`, '1');
      callers.push(await scene.caller(CALLER_B, Math.max(10, Math.round((endAt - Date.now()) / 1000) - 2)));
      await showsText(wallboard, `wb-waiting-${QUEUE}`, '2');
      // the longest wait ticks (mm:ss) and the console shows the same queue and the two calls
      await showsText(desk, `queue-waiting-${QUEUE}`, '2');
      await countIs(desk, 'call-row', 2);
      expect(await desk.getByTestId('call-row').allInnerTexts()).toEqual([
        expect.stringContaining(CALLER_A),
        expect.stringContaining(CALLER_B),
      ]);
      await expect.poll(() => textOf(wallboard, `wb-longest-${QUEUE}`), { timeout: 10_000 }).toMatch(/^00:(0[2-9]|[1-5][0-9])$/);
      await screenshot(wallboard, 'wallboard-two-waiting');
      await screenshot(desk, 'supervisor-two-waiting');

      // past 15 s the long-wait alert is raised on both pages
      await wallboard.getByTestId('alert').filter({ hasText: '位市民等待超过 15 秒' }).waitFor({ timeout: 30_000 });
      await desk.locator(`[data-testid="alert"][data-key="long_wait:${QUEUE}"]`).waitFor({ timeout: 10_000 });

      // both hang up: back to 0, the long-wait alert cleared, no call in progress
      for (const c of callers) expect((await c.run.done).exitCode).toBe(0);
      await showsText(wallboard, `wb-waiting-${QUEUE}`, '0');
      await showsText(desk, `queue-waiting-${QUEUE}`, '0');
      await expect.poll(() => wallboard.locator(`[data-testid="alert"][data-key="long_wait:${QUEUE}"]`).count(), { timeout: 15_000 }).toBe(0);
      await countIs(desk, 'call-row', 0);
      await screenshot(wallboard, 'wallboard-after-abandons');

      // the abandoned list names both numbers, each with its missed-call callback
      await countIs(desk, 'abandoned-row', 2, 20_000);
      const numbers = await desk.getByTestId('abandoned-number').allInnerTexts();
      expect(numbers.sort()).toEqual([CALLER_A, CALLER_B]);
      await expect
        .poll(() => desk.getByTestId('abandoned-callback').allInnerTexts(), { timeout: 20_000 })
        .toEqual([expect.stringContaining('漏接回拨'), expect.stringContaining('漏接回拨')]);
      // each with its status as the records have it, in words (not the bare code)
      const words: Record<string, string> = { waiting: '待回拨', delivering: '回拨中', retry_wait: '等待重拨', completed: '已回拨', cancelled: '已取消' };
      const shownAsRecorded = async () => {
        const listed = await app.get<{ calls: Array<{ callback: { status: string } | null }> }>('/api/floor/abandoned');
        const recorded = listed.body.calls.map((c) => words[c.callback?.status ?? ''] ?? 'unknown status').reverse();
        const shown = (await desk.getByTestId('abandoned-callback').allInnerTexts()).map((t) => t.split(' · ')[0]);
        return JSON.stringify(shown) === JSON.stringify(recorded) ? 'as recorded' : `shown ${shown.join(',')}, recorded ${recorded.join(',')}`;
      };
      await expect.poll(shownAsRecorded, { timeout: 40_000 }).toBe('as recorded');
      // today's figures as the floor has them (the earlier test's call was answered): 2 of 3 abandoned
      await showsText(desk, `queue-abandon-${QUEUE}`, '67%');
      await expect.poll(() => desk.getByTestId('chart-calls').getAttribute('data-total'), { timeout: 15_000 }).toBe('3');
      await desk.getByTestId('chart-calls').locator('canvas').waitFor();
      await screenshot(desk, 'supervisor-after-abandons');

      // English is a click away
      await wallboard.getByRole('button', { name: 'English' }).click();
      await showsText(wallboard, 'live-status', 'Live');
      expect(await wallboard.getByTestId(`wb-queue-${QUEUE}`).innerText()).toContain('Waiting');
      await screenshot(wallboard, 'wallboard-english');
      await wallboard.getByRole('button', { name: '中文' }).click();

      expect(wallboardProblems).toEqual([]);
      expect(deskProblems).toEqual([]);
    } catch (err) {
      failed = true;
      throw err;
    } finally {
      await scene.clear();
    }
  });
});

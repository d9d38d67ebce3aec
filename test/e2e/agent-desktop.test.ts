// The agent desktop (/agent) in a real browser (Debian's chromium) against the real app and the
// real Asterisk: an agent logs in as a person, 签入, tries 小休 and comes back 就绪; a SIPp citizen
// calls 12345 and the desktop pops the number; the agent's softphone (baresip, sending a 1 kHz
// tone as its voice) answers and the indicator says 市民能听到您; 保持 / 恢复 flip it (no tone
// reaches the caller on hold); English is a click away; 用餐 asked during the call waits for the
// end of wrap-up and 就绪 takes it back; the agent clicks 结束服务 and the indicator turns to
// 市民已听不到您 within 1 s (measured in the page, from the click to the text change) while the
// caller, now in the rating, hears none of the agent's tone. Screenshots: test-results/console/.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallScene, keepAppOutput } from '../support/call-scene.js';
import { screenshot, type ConsoleBrowser } from '../support/console-browser.js';
import { logInOnPage, startDeskHotline, type DeskHotline } from '../support/console-people.js';
import { waitFor, type HotlineApp } from '../support/hotline-app.js';
import { openRtpSink, type RtpSink } from '../support/rtp-sink.js';
import { placeCall, type RunningSipp } from '../support/sipp.js';

const AGENT = 'desk-agent';
const EXT = String(7000 + 2 * Math.floor(Math.random() * 1000));
const PERSON = { username: 'liu.yang', password: 'liu-yang-座席-2026' };
const CALLER = '13700000061';

let app: HotlineApp;
let desk: DeskHotline;
let browser: ConsoleBrowser;
let sipPassword = '';
const scene = createCallScene();

const hearText = (page: Page) => page.getByTestId('hear-text').innerText();

/** Waits until the indicator says exactly `text` (the page's own polling of /audio turns it). */
const indicatorSays = (page: Page, text: string, timeoutMs = 5_000) =>
  page.getByTestId('hear-text').filter({ hasText: new RegExp(`^${text}$`) }).waitFor({ timeout: timeoutMs });

/** Waits until the state bar shows one of `statuses` (the server's state, as the page got it). */
const statusIs = (page: Page, statuses: string | string[], timeoutMs = 10_000) =>
  page.locator([statuses].flat().map((s) => `[data-testid="agent-status"][data-status="${s}"]`).join(', ')).waitFor({ timeout: timeoutMs });

// What the page runs (this project's Node types have no DOM: the little the test uses, typed here).
interface PageNode {
  textContent: string | null;
  addEventListener(type: string, listener: () => void, options: object): void;
}
interface PageGlobal {
  document: { querySelector(selector: string): PageNode };
  performance: { now(): number };
  MutationObserver: new (callback: () => void) => { observe(node: PageNode, options: object): void };
  endClickedAt?: number;
  endClickedEpoch?: number;
  turnedAt?: number;
}

/** In the page: notes when 结束服务 is clicked and when the indicator then says 市民已听不到您. */
function watchEndOfService(): void {
  const g = globalThis as unknown as PageGlobal;
  const text = g.document.querySelector('[data-testid="hear-text"]');
  g.document.querySelector('[data-testid="end-service"]').addEventListener('click', () => {
    g.endClickedAt = g.performance.now();
    g.endClickedEpoch = Date.now();
  }, { capture: true });
  new g.MutationObserver(() => {
    if (text.textContent === '市民已听不到您' && g.endClickedAt !== undefined && g.turnedAt === undefined) g.turnedAt = g.performance.now();
  }).observe(text, { characterData: true, childList: true, subtree: true });
}

describe('agent desktop in the browser with a real call', () => {
  beforeAll(async () => {
    desk = await startDeskHotline({
      agent: { agentId: AGENT, name: '刘洋', extension: EXT, group: 'day' },
      person: PERSON,
      // the agent acts right after the answer: the caller is bridged at the answer
      env: {
        GREETING_AGENT_OVERLAP: 'cut',
        AGENT_LEG_RELEASE_SECONDS: '8',
        RATING_KEY_TIMEOUT_MS: '2500',
        QUEUE_LOG_FILE: 'off',
        LOG_LEVEL: 'info',
      },
    });
    ({ app, sipPassword, browser } = desk);
  }, 180_000);

  afterAll(async () => {
    await scene.clear();
    await desk?.stop();
  });

  it('签入, a call pops with the number, 市民能听到您; hold flips it; 结束服务 turns it within 1 s and the caller hears no more of the agent', async () => {
    const { page, close } = await browser.person();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(String(err)));
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
    });
    let caller: RunningSipp | null = null;
    let sink: RtpSink | null = null;
    try {
      await scene.softphone({ user: EXT, password: sipPassword, answer: 'auto', port: 25401 });

      // the agent logs in as a person and opens the desktop: logged out for now
      await logInOnPage(page, app.baseUrl, PERSON, { landed: true });
      await page.goto(`${app.baseUrl}/agent`);
      await page.getByTestId('sign-in').waitFor();
      expect(await page.getByTestId('agent-status').innerText()).toBe('未签入');
      await screenshot(page, 'agent-desk-logged-out');

      // 签入 makes the agent ready; 小休 and back to 就绪 (the server's state, shown as it comes back)
      await page.getByTestId('sign-in').click();
      await statusIs(page, 'ready');
      expect(await page.getByTestId('agent-status').innerText()).toBe('就绪');
      await page.getByTestId('not-ready-break').click();
      await statusIs(page, 'not_ready');
      expect(await page.getByTestId('agent-status').innerText()).toBe('未就绪 · 小休');
      const server = await app.request<{ state: { status: string; reason: string } }>('GET', `/api/agents/${AGENT}/state`);
      expect(server.body.state).toMatchObject({ status: 'not_ready', reason: 'break' });
      await page.getByTestId('set-ready').click();
      await statusIs(page, 'ready');
      // the indicator is on screen from the login on: nobody hears the agent without a call
      expect(await hearText(page)).toBe('市民已听不到您');
      await page.getByTestId('live-status').filter({ hasText: /^实时$/ }).waitFor();
      await screenshot(page, 'agent-desk-ready');

      // a citizen calls 12345 and stays on the line (the app hangs up after the rating question)
      sink = await openRtpSink();
      const opened = sink.openedAt;
      caller = placeCall({ dial: '12345', caller: CALLER, rtpPort: sink.port, steps: [{ wait: 90_000 }], end: { awaitByeMs: 5_000 } }, 120_000);

      // the pop names the caller; the softphone answers; the caller hears the agent
      await page.getByTestId('caller-number').filter({ hasText: CALLER }).waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('call-queue').innerText()).toContain('general');
      await indicatorSays(page, '市民能听到您', 15_000);
      await statusIs(page, 'on_call');
      await screenshot(page, 'agent-desk-on-call');

      // hold: the caller is out of the bridge (music), the indicator follows; resume brings it back
      await new Promise((r) => setTimeout(r, 2_000));
      await page.getByTestId('hold').click();
      await indicatorSays(page, '市民已听不到您', 2_000);
      const holdFrom = Date.now() - opened;
      expect(await page.getByTestId('hear-detail').innerText()).toContain('保持');
      await screenshot(page, 'agent-desk-on-hold');
      await new Promise((r) => setTimeout(r, 2_500));
      const holdTo = Date.now() - opened;
      await page.getByTestId('unhold').click();
      await indicatorSays(page, '市民能听到您', 2_000);
      // English is a click away, the indicator too
      await page.getByRole('button', { name: 'English' }).click();
      await indicatorSays(page, 'The caller can hear you', 1_000);
      expect(await page.getByTestId('end-service').innerText()).toBe('End service');
      await page.getByRole('button', { name: '中文' }).click();
      await indicatorSays(page, '市民能听到您', 1_000);

      // 用餐 asked during the call waits for the end of wrap-up; 就绪 takes it back
      await page.getByTestId('not-ready-meal').click();
      await page.getByTestId('pending-not-ready').filter({ hasText: '整理结束后转为：用餐' }).waitFor({ timeout: 3_000 });
      expect(await page.getByTestId('agent-status').getAttribute('data-status')).toBe('on_call');
      await page.getByTestId('set-ready').click();
      await page.getByTestId('pending-not-ready').waitFor({ state: 'detached', timeout: 3_000 });

      // the emergency handover asks first; cancelled, nothing happens
      await page.getByTestId('emergency-110').click();
      expect(await page.getByTestId('emergency-confirm').innerText()).toContain('110 报警');
      await page.getByTestId('emergency-confirm-no').click();
      expect(await page.getByTestId('emergency-confirm').count()).toBe(0);
      await new Promise((r) => setTimeout(r, 3_000));

      // 结束服务: the time from the click to the indicator's change, measured in the page
      await page.evaluate(watchEndOfService);
      await page.getByTestId('end-service').click();
      await page.waitForFunction(() => (globalThis as unknown as PageGlobal).turnedAt !== undefined, undefined, { timeout: 5_000 });
      const timing = await page.evaluate(() => {
        const g = globalThis as unknown as PageGlobal;
        return { turnMs: g.turnedAt! - g.endClickedAt!, clickedEpoch: g.endClickedEpoch! };
      });
      console.info(`结束服务 → 市民已听不到您 in the page: ${Math.round(timing.turnMs)} ms`);
      expect(timing.turnMs).toBeLessThan(1_000);
      expect(await hearText(page)).toBe('市民已听不到您');
      const endSentMs = timing.clickedEpoch - opened;
      await statusIs(page, ['wrap_up', 'ready']);
      if ((await page.getByTestId('agent-status').getAttribute('data-status')) === 'wrap_up') {
        expect(await page.getByTestId('hear-detail').innerText()).toBe('服务已结束');
        await page.getByTestId('wrap-up-countdown').waitFor();
      }
      await screenshot(page, 'agent-desk-service-ended');

      // the caller is in the rating: asked twice with no key, then the app hangs up
      const result = await caller.done;
      const callEndMs = Date.now() - opened;
      expect(result.exitCode, result.stderr).toBe(0);

      // what the caller heard: the agent's tone before hold, none on hold, again after, none after the end
      expect(sink.toneMs(holdFrom - 1_500, holdFrom - 300)).toBeGreaterThan(800);
      expect(sink.toneMs(holdFrom + 300, holdTo)).toBe(0);
      expect(sink.toneMs(endSentMs - 2_500, endSentMs - 200)).toBeGreaterThan(1_500);
      expect(sink.toneMs(endSentMs + 300, callEndMs)).toBe(0);
      expect(sink.loudMs(endSentMs + 300, callEndMs)).toBeGreaterThan(1_000); // the rating question

      // the record: the desktop ended the service as the agent
      const view = await waitFor('the finished call', async () => {
        const list = await app.get<{ calls: Array<{ callId: string; endedAt: string | null }> }>(`/api/calls?number=${CALLER}`);
        const call = list.body.calls[0];
        return call?.endedAt ? (await app.get<{ serviceEndedBy: string; agentId: string }>(`/api/calls/${call.callId}`)).body : undefined;
      }, 30_000);
      expect(view).toMatchObject({ serviceEndedBy: 'agent_api', agentId: AGENT });

      // 签出 from the desktop
      await page.getByTestId('sign-out').click();
      await statusIs(page, 'offline');
      expect(await page.getByTestId('agent-status').innerText()).toBe('未签入');
      expect(problems).toEqual([]);
    } catch (err) {
      await screenshot(page, 'agent-desk-failed').catch(() => undefined);
      keepAppOutput(true, 'agent-desktop', [app]);
      throw err;
    } finally {
      if (caller && caller.process.exitCode === null) caller.kill();
      await sink?.close();
      await scene.clear();
      await close();
    }
  }, 180_000);
});

// The work-order form (工单) on the agent desktop in a real browser (Debian's chromium) against the
// real app (a child process on its own PostgreSQL database, the department seeds loaded): an agent
// logs in as a person, opens /agent, chooses 投诉, searches the category tree with a Chinese word
// (垃圾 → 市容环卫 / 垃圾清运), picks the district 江北区 — the dispatch catalogue then suggests the
// district's enforcement bureau —, writes the request and 派单; the page shows the new order's
// number, and the API shows the order dispatched to that department with that category. A form
// without the request says 请填写诉求内容 under the field and creates nothing. No phone call is
// needed for those: an order can be taken without one. With a real call (a SIPp citizen who has
// an earlier order, the agent's baresip answering) the desktop shows 重复来电 with that order,
// the form is prefilled with the caller's number, the order taken (直办) names the call — the
// call's timeline names the order —, and after 结束服务 today's calls count it.
// Screenshots: test-results/console/.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallScene, keepAppOutput } from '../support/call-scene.js';
import { screenshot, type ConsoleBrowser } from '../support/console-browser.js';
import { logInOnPage, startDeskHotline, type DeskHotline } from '../support/console-people.js';
import { waitFor, type HotlineApp } from '../support/hotline-app.js';

const AGENT = 'form-agent';
const EXTENSION = String(7001 + 2 * Math.floor(Math.random() * 1000));
const PERSON = { username: 'zhao.min', password: 'zhao-min-工单-2026' };
const GARBAGE = 'city_mgmt.sanitation.garbage';
const CALLER = `1370000${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
const PHONE_PORT = 25461;

let app: HotlineApp;
let desk: DeskHotline;
let browser: ConsoleBrowser;
let sipPassword = '';
const scene = createCallScene();

interface OrderView {
  orderNo: string;
  status: string;
  type: string;
  categoryCode: string;
  districtId: string | null;
  leadDepartmentId: string | null;
  description: string;
  location: string | null;
  callId: string | null;
}

/** The person on /agent with the form shown; CSP violations and script errors collected in `problems`. */
async function openDesk(page: Page, problems: string[]): Promise<void> {
  page.on('pageerror', (err) => problems.push(String(err)));
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  await logInOnPage(page, app.baseUrl, PERSON, { landed: true });
  await page.goto(`${app.baseUrl}/agent`);
  await page.getByTestId('wo-form').waitFor();
}

/** Chooses 投诉 and the category found by searching `word`. */
async function chooseTypeAndCategory(page: Page, word: string, code: string): Promise<void> {
  await page.getByTestId('wo-type-complaint').check();
  await page.getByTestId('wo-category-search').fill(word);
  const option = page.locator(`[data-testid="wo-category-option"][data-code="${code}"]`);
  await option.waitFor();
  await option.click();
}

const orderCount = async () => (await app.get<{ total: number }>('/api/work-orders/counts')).body.total;

describe('the work-order form on the agent desktop', () => {
  beforeAll(async () => {
    desk = await startDeskHotline({
      agent: { agentId: AGENT, name: '赵敏', extension: EXTENSION, group: '一班' },
      person: PERSON,
      // the agent acts right after the answer: the caller is bridged at the answer
      env: { GREETING_AGENT_OVERLAP: 'cut', RATING_KEY_TIMEOUT_MS: '2500', QUEUE_LOG_FILE: 'off', LOG_LEVEL: 'info' },
    });
    ({ app, sipPassword, browser } = desk);
  }, 180_000);

  afterAll(async () => {
    await scene.clear();
    await desk?.stop();
  });

  it('an agent searches the category in Chinese, picks the district, 派单 to the suggested department and sees the order number', async () => {
    const { page, close } = await browser.person();
    try {
      const problems: string[] = [];
      await openDesk(page, problems);
      // today's calls load for the agent's own session: none yet
      await page.getByTestId('today-count').waitFor();
      expect(await page.getByTestId('today-count').innerText()).toBe('今日通话 0');

      await chooseTypeAndCategory(page, '垃圾', GARBAGE);
      expect(await page.getByTestId('wo-category-selected').innerText()).toContain('城市管理 / 市容环卫 / 垃圾清运');
      await page.getByTestId('wo-district').selectOption('jiangbei');
      await page.getByTestId('wo-location').fill('江北区滨江路 18 号');
      await page.getByTestId('wo-description').fill('小区门口生活垃圾三天未清运，气味很大');
      await page.getByTestId('wo-citizen-number').fill('13700000077');
      // the catalogue's entry for 市容环卫 in 江北区, chosen in the department list
      const suggested = page.locator('[data-testid="wo-suggested"][data-department="jiangbei-zhifa"]');
      await suggested.waitFor();
      expect(await suggested.innerText()).toBe('派单目录推荐：江北区综合行政执法局');
      expect(await page.getByTestId('wo-department').inputValue()).toBe('jiangbei-zhifa');
      await screenshot(page, 'work-order-form-filled');

      await page.getByTestId('wo-submit').click();
      await page.getByTestId('wo-order-no').waitFor();
      const orderNo = await page.getByTestId('wo-order-no').innerText();
      expect(orderNo).toMatch(/^\d{4}-\d{6}$/);
      expect(await page.getByTestId('wo-created').innerText()).toContain('已派单至 江北区综合行政执法局');
      await screenshot(page, 'work-order-form-created');

      const order = await app.get<OrderView>(`/api/work-orders/${orderNo}`);
      expect(order.status).toBe(200);
      expect(order.body).toMatchObject({
        orderNo,
        status: 'dispatched',
        type: 'complaint',
        categoryCode: GARBAGE,
        districtId: 'jiangbei',
        leadDepartmentId: 'jiangbei-zhifa',
        description: '小区门口生活垃圾三天未清运，气味很大',
        location: '江北区滨江路 18 号',
        callId: null,
      });
      // the form is fresh for the next order
      expect(await page.getByTestId('wo-description').inputValue()).toBe('');
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it('a form without the request shows 请填写诉求内容 under the field and creates nothing', async () => {
    const { page, close } = await browser.person();
    try {
      const problems: string[] = [];
      await openDesk(page, problems);
      const before = await orderCount();
      await chooseTypeAndCategory(page, '坑洼', 'transport.road.pothole');
      await page.locator('[data-testid="wo-suggested"][data-department="jz-jiaotong"]').waitFor();
      await page.getByTestId('wo-submit').click();
      await page.getByTestId('wo-error-description').waitFor();
      expect(await page.getByTestId('wo-error-description').innerText()).toBe('请填写诉求内容');
      expect(await page.getByTestId('wo-order-no').count()).toBe(0);
      await screenshot(page, 'work-order-form-missing-description');
      expect(await orderCount()).toBe(before);

      // written, the same form goes through
      await page.getByTestId('wo-description').fill('路面坑洼，电动车易摔倒');
      expect(await page.getByTestId('wo-error-description').count()).toBe(0);
      await page.getByTestId('wo-submit').click();
      await page.getByTestId('wo-order-no').waitFor();
      expect(await orderCount()).toBe(before + 1);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it('with a call: 重复来电 shows the earlier order, the form has the caller\'s number, the order names the call, and today\'s calls count it', async () => {
    const { page, close } = await browser.person();
    try {
      const problems: string[] = [];
      // the citizen's earlier order, taken by a supervisor without a call
      const earlier = await app.request<{ orderNo: string }>('POST', '/api/work-orders', {
        body: { citizenNumber: CALLER, type: 'help', categoryCode: 'transport.road.pothole', description: '上次反映的路面坑洼', then: { action: 'submit' } },
      });
      expect(earlier.status, JSON.stringify(earlier.body)).toBe(201);

      await scene.softphone({ user: EXTENSION, password: sipPassword, answer: 'auto', port: PHONE_PORT });
      await openDesk(page, problems);
      await page.getByTestId('sign-in').click();
      await page.locator('[data-testid="agent-status"][data-status="ready"]').waitFor({ timeout: 10_000 });
      expect(await page.getByTestId('today-count').innerText()).toBe('今日通话 0');

      await scene.caller(CALLER, 60);
      await page.getByTestId('caller-number').filter({ hasText: CALLER }).waitFor({ timeout: 30_000 });
      await page.locator('[data-testid="agent-status"][data-status="on_call"]').waitFor({ timeout: 15_000 });

      // the repeat-caller marker: no earlier call (this one is left out), the earlier order listed
      await page.getByTestId('repeat-caller').waitFor({ timeout: 10_000 });
      expect(await page.getByTestId('repeat-caller').innerText()).toBe('重复来电 · 此前来电 0 次 · 工单 1 件');
      const row = await page.getByTestId('earlier-orders').locator('tbody tr').first().innerText();
      expect(row).toContain(earlier.body.orderNo);
      expect(row).toContain('待派单');
      expect(row).toContain('交通运输 / 道路设施 / 路面坑洼');
      expect(row).toContain('求助');

      // the form for this call: the caller's number in it; 直办 with a note
      expect(await page.getByTestId('wo-citizen-number').inputValue()).toBe(CALLER);
      await page.getByTestId('wo-linked-call').waitFor();
      await page.getByTestId('wo-type-consultation').check();
      await page.getByTestId('wo-category-search').fill('物业');
      await page.locator('[data-testid="wo-category-option"][data-code="urban.housing.property"]').click();
      await page.getByTestId('wo-description').fill('咨询物业费收费标准');
      await page.getByTestId('wo-then-resolve_directly').check();
      await page.getByTestId('wo-submit').click();
      await page.getByTestId('wo-error-note').waitFor();
      expect(await page.getByTestId('wo-error-note').innerText()).toBe('直办须填写办理说明');
      await page.getByTestId('wo-note').fill('已告知收费标准以物价部门备案为准');
      await page.getByTestId('wo-submit').click();
      await page.getByTestId('wo-order-no').waitFor();
      const orderNo = await page.getByTestId('wo-order-no').innerText();
      expect(await page.getByTestId('wo-created').innerText()).toContain('已直办办结');
      await screenshot(page, 'work-order-form-with-call');

      const order = (await app.get<OrderView>(`/api/work-orders/${orderNo}`)).body;
      expect(order).toMatchObject({ status: 'closed', type: 'consultation', categoryCode: 'urban.housing.property' });
      expect(order.callId).toBeTruthy();
      const call = await app.get<{ callerNumber: string; events: Array<{ type: string; data: { orderNo?: string } }> }>(`/api/calls/${order.callId}`);
      expect(call.body.callerNumber).toBe(CALLER);
      expect(call.body.events.filter((e) => e.type === 'work_order_created').map((e) => e.data.orderNo)).toEqual([orderNo]);

      // 结束服务: today's calls load again and count the call
      await page.getByTestId('end-service').click();
      await page.getByTestId('today-count').filter({ hasText: /^今日通话 1$/ }).waitFor({ timeout: 10_000 });
      const today = await page.getByTestId('today-list').locator('tbody tr').first();
      expect(await today.getAttribute('data-call-id')).toBe(order.callId);
      expect(await today.innerText()).toContain(CALLER);
      await screenshot(page, 'agent-today-calls');
      // the caller, asked for a rating, presses nothing: the app ends the call (no channel left behind)
      const ended = await waitFor('the call ended', async () => {
        const c = await app.get<{ endedAt: string | null; rating: string | null }>(`/api/calls/${order.callId}`);
        return c.body.endedAt ? c.body : undefined;
      }, 30_000);
      expect(ended.rating).toBe('not_rated');
      expect(problems).toEqual([]);
    } catch (err) {
      await screenshot(page, 'work-order-form-with-call-failed').catch(() => undefined);
      keepAppOutput(true, 'agent-work-order-form', [app]);
      throw err;
    } finally {
      await scene.clear();
      await close();
    }
  }, 120_000);
});

// The knowledge base (知识库) on the agent desktop in a real browser (Debian's chromium) against
// the real app (a child process on its own PostgreSQL database, the seed articles loaded): an
// agent logs in as a person, opens /agent, searches 供暖温度 — two words that are not side by
// side in the article (…供暖期间卧室、起居室室内温度…), so a plain substring match would miss
// it: the search cuts the question into words — sees 冬季供暖期间室内温度不达标怎么办 first with
// its tags and a snippet where the words are marked, opens it and reads the whole article, and
// goes back to the results. A question of stop words only says so. An admin (知识库管理, /knowledge)
// creates an article that agents' searches find at once, edits it, is told when another admin
// changed it meanwhile (409) and reloads, and deactivates it. Screenshots: test-results/console/.
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchConsoleBrowser, screenshot, type ConsoleBrowser } from '../support/console-browser.js';
import { createTestDatabase, startHotlineApp, type HotlineApp } from '../support/hotline-app.js';

const AGENT = 'kb-agent';
const EXTENSION = String(6501 + 2 * Math.floor(Math.random() * 200));
const PERSON = { username: 'liu.yang', password: 'liu-yang-知识库-2026' };
const ADMIN = { username: 'kb.admin', password: 'kb-admin-知识库-2026' };
const QUESTION = '供暖温度';
const HEATING = 'heating-room-cold';

let app: HotlineApp;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let browser: ConsoleBrowser;

/** Logs `who` in and opens `path`; CSP violations and script errors collected in `problems`. */
async function openPage(page: Page, who: { username: string; password: string }, path: string, problems: string[]): Promise<void> {
  page.on('pageerror', (err) => problems.push(String(err)));
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  await page.goto(`${app.baseUrl}/login`);
  await page.getByLabel('用户名').fill(who.username);
  await page.getByLabel('密码').fill(who.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(`${app.baseUrl}/`);
  await page.goto(`${app.baseUrl}${path}`);
}

describe('the knowledge base on the agent desktop', () => {
  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startHotlineApp({
      databaseUrl: database.url,
      env: { ARI_APP: `hotline-kb-${randomBytes(3).toString('hex')}`, QUEUE_LOG_FILE: 'off', LOG_LEVEL: 'warn' },
    });
    await app.waitReady(60_000);
    const agent = await app.request('POST', '/api/agents', {
      body: { agentId: AGENT, name: '刘洋', extension: EXTENSION, skills: { general: 3 }, languages: ['zh'], group: '一班' },
    });
    expect(agent.status, JSON.stringify(agent.body)).toBe(201);
    const user = await app.request('POST', '/api/users', { body: { ...PERSON, name: '刘洋', role: 'agent', agentId: AGENT } });
    expect(user.status, JSON.stringify(user.body)).toBe(201);
    const admin = await app.request('POST', '/api/users', { body: { ...ADMIN, name: '孙丽', role: 'admin' } });
    expect(admin.status, JSON.stringify(admin.body)).toBe(201);
    browser = await launchConsoleBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.request('DELETE', `/api/agents/${AGENT}`).catch(() => undefined);
    await app?.stop();
    await database?.drop();
  });

  it('an agent searches a Chinese question whose words are apart in the article, sees it first and opens it', async () => {
    // the article does not hold the question as it is typed: only segmentation finds it
    const stored = await app.get<{ title: string; body: string }>(`/api/knowledge/${HEATING}`);
    expect(stored.status).toBe(200);
    expect(`${stored.body.title}\n${stored.body.body}`).not.toContain(QUESTION);

    const { page, close } = await browser.person();
    try {
      const problems: string[] = [];
      await openPage(page, PERSON, '/agent', problems);
      await page.getByTestId('knowledge-panel').waitFor();
      // before any search: the articles updated last
      await page.getByTestId('knowledge-result').first().waitFor();
      expect(await page.getByTestId('knowledge-status').innerText()).toBe('最近更新');

      await page.getByTestId('knowledge-query').fill(QUESTION);
      await page.getByTestId('knowledge-search').click();
      await page.getByTestId('knowledge-status').filter({ hasText: /^找到 \d+ 条$/ }).waitFor();
      const first = page.getByTestId('knowledge-result').first();
      expect(await first.getAttribute('data-article-id')).toBe(HEATING);
      const text = await first.innerText();
      expect(text).toContain('冬季供暖期间室内温度不达标怎么办');
      for (const tag of ['供暖', '室温', '投诉']) expect(text).toContain(tag);
      // the question's words are marked where the title and snippet have them
      const marked = await first.locator('mark').allInnerTexts();
      expect(marked).toEqual(expect.arrayContaining(['供暖', '温度']));
      expect(await first.getByTestId('knowledge-snippet').innerText()).toMatch(/供暖/);
      await screenshot(page, 'knowledge-results');

      await first.click();
      const article = page.getByTestId('knowledge-article');
      await article.waitFor();
      expect(await article.getAttribute('data-article-id')).toBe(HEATING);
      expect(await page.getByTestId('knowledge-article-title').innerText()).toBe('冬季供暖期间室内温度不达标怎么办');
      const body = await page.getByTestId('knowledge-article-body').innerText();
      expect(body).toContain('室内温度不得低于18℃');
      expect(body).toContain('热力公司应在24小时内上门测温');
      await screenshot(page, 'knowledge-article');

      await page.getByTestId('knowledge-back').click();
      await page.getByTestId('knowledge-results').waitFor();
      expect(await page.getByTestId('knowledge-result').first().getAttribute('data-article-id')).toBe(HEATING);

      // only question words: nothing to search for, and the panel says so
      await page.getByTestId('knowledge-query').fill('怎么办？');
      await page.getByTestId('knowledge-search').click();
      await page.getByTestId('knowledge-status').filter({ hasText: '请输入更具体的关键词' }).waitFor();
      expect(await page.getByTestId('knowledge-result').count()).toBe(0);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);

  it('an admin creates an article agents find at once, edits it, is told of another admin\'s change, reloads, and deactivates it', async () => {
    const { page, close } = await browser.person();
    try {
      const problems: string[] = [];
      await openPage(page, ADMIN, '/knowledge', problems);
      await page.getByTestId('kb-admin-page').waitFor();
      // the list has the seeded articles
      await page.locator(`[data-testid="kb-admin-item"][data-article-id="${HEATING}"]`).waitFor();

      await page.getByTestId('kb-admin-new').click();
      await page.getByTestId('kb-admin-title').fill('养犬登记怎么办理');
      await page.getByTestId('kb-admin-tags').fill('养犬，登记');
      await page.getByTestId('kb-admin-category').fill('public_safety.household');
      await page.getByTestId('kb-admin-body').fill('养犬人应在取得犬只后30日内，携带身份证和狂犬病免疫证明到所在地派出所办理养犬登记。');
      await page.getByTestId('kb-admin-save').click();
      await page.getByTestId('kb-admin-notice').filter({ hasText: '已保存：版本 1' }).waitFor();
      const id = await page.getByTestId('kb-admin-editor').getAttribute('data-article-id');
      expect(id).toMatch(/^kb-[0-9a-f]{10}$/);
      // an agent's search finds it at once, by words that are apart in it
      const found = await app.get<{ articles: Array<{ id: string }> }>(`/api/knowledge?q=${encodeURIComponent('犬只派出所')}`);
      expect(found.body.articles[0]?.id).toBe(id);

      await page.getByTestId('kb-admin-title').fill('养犬登记办理指南');
      await page.getByTestId('kb-admin-save').click();
      await page.getByTestId('kb-admin-notice').filter({ hasText: '已保存：版本 2' }).waitFor();
      expect(await page.getByTestId('kb-admin-version').innerText()).toContain('版本 2');

      // another admin changes it meanwhile: this admin's save is refused and says so
      const other = await app.request('PUT', `/api/knowledge/${id}`, { body: { version: 2, title: '养犬登记（他人修改）', body: '他人修改的正文。', tags: ['养犬'] } });
      expect(other.status).toBe(200);
      await page.getByTestId('kb-admin-body').fill('我的修改。');
      await page.getByTestId('kb-admin-save').click();
      const conflict = page.getByTestId('kb-admin-conflict');
      await conflict.waitFor();
      expect(await conflict.innerText()).toContain('此条目已被他人修改（当前版本 3）');
      await screenshot(page, 'knowledge-admin-conflict');
      expect((await app.get<{ title: string }>(`/api/knowledge/${id}`)).body.title).toBe('养犬登记（他人修改）');
      await page.getByTestId('kb-admin-reload').click();
      await page.getByTestId('kb-admin-version').filter({ hasText: '版本 3' }).waitFor();
      expect(await page.getByTestId('kb-admin-title').inputValue()).toBe('养犬登记（他人修改）');

      await page.getByTestId('kb-admin-deactivate').click();
      await page.getByTestId('kb-admin-notice').filter({ hasText: '已停用此条目' }).waitFor();
      await page.getByTestId('kb-admin-activate').waitFor();
      expect((await app.get<{ active: boolean; version: number }>(`/api/knowledge/${id}`)).body).toMatchObject({ active: false, version: 4 });
      const after = await app.get<{ articles: Array<{ id: string }> }>(`/api/knowledge?q=${encodeURIComponent('养犬')}`);
      expect(after.body.articles.map((a) => a.id)).not.toContain(id);
      await screenshot(page, 'knowledge-admin');
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);

  it('an agent may not open the admin page', async () => {
    const { page, close } = await browser.person();
    try {
      await openPage(page, PERSON, '/knowledge', []);
      await page.getByTestId('forbidden').waitFor();
    } finally {
      await close();
    }
  }, 60_000);
});

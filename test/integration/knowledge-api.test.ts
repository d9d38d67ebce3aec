// The knowledge base (知识库) through the real app (src/main.ts as a child process on its own
// PostgreSQL database, the local stack): the seed articles are there at first start and a
// Chinese question finds them by word; only admins edit, at a version (409 on a stale one);
// a deactivated article is no longer found; bad input is answered 400 with what is wrong; a bad
// seed file stops startup naming the file, the line and the field. Needs the stack up.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, startHotlineApp, type HotlineApp } from '../support/hotline-app.js';

interface Found { id: string; title: string; tags: string[]; snippet: string; matchedTerms: string[]; score: number; version: number }
interface Article { id: string; title: string; body: string; tags: string[]; categoryCode: string | null; active: boolean; version: number; updatedBy: string }
type ErrorBody = { error: { code: string; message: string; details?: { currentVersion?: number } } };

const appEnv = () => ({ ARI_APP: `hotline-kb-${Math.random().toString(36).slice(2, 8)}`, LOG_LEVEL: 'warn', QUEUE_LOG_FILE: 'off' });
const q = (text: string) => `/api/knowledge?q=${encodeURIComponent(text)}`;
const messageOf = (body: unknown) => (body as ErrorBody).error.message;

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let app: HotlineApp;
let supervisor: string;
let auditor: string;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await startHotlineApp({ databaseUrl: database.url, env: appEnv() });
  await app.waitReady(60_000);
  supervisor = await app.createToken('supervisor', { name: 'kb-api-supervisor' });
  auditor = await app.createToken('auditor', { name: 'kb-api-auditor' });
}, 90_000);

afterAll(async () => {
  await app?.stop();
  await database?.drop();
});

describe('searching and reading', () => {
  it('a question whose words are apart in the article finds it first, with the words and a snippet', async () => {
    const r = await app.get<{ terms: string[]; articles: Found[] }>(q('供暖温度'), supervisor);
    expect(r.status).toBe(200);
    expect(r.body.terms).toEqual(['供暖', '温度']);
    expect(r.body.articles[0]).toMatchObject({ id: 'heating-room-cold', title: '冬季供暖期间室内温度不达标怎么办', matchedTerms: ['供暖', '温度'], version: 1 });
    expect(r.body.articles[0]!.snippet.length).toBeLessThanOrEqual(82);
    const card = await app.get<{ articles: Found[] }>(`${q('社保卡丢了怎么补办')}&limit=1`, supervisor);
    expect(card.body.articles.map((a) => a.id)).toEqual(['social-security-card-lost']);
    const tagged = await app.get<{ articles: Found[] }>(`/api/knowledge?tag=${encodeURIComponent('户口')}`, supervisor);
    expect(tagged.body.articles.map((a) => a.id).sort()).toEqual(['hukou-newborn-registration', 'hukou-transfer-settle']);
  });

  it('reads one article whole; 404 for an unknown id; auditors and departments may not read', async () => {
    const r = await app.get<Article>('/api/knowledge/housing-fund-withdrawal', supervisor);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ title: '住房公积金提取条件和所需材料', categoryCode: null, active: true, updatedBy: 'system:seed' });
    expect(r.body.body).toContain('租房提取每月最多1500元');
    expect((await app.get('/api/knowledge/no-such-article', supervisor)).status).toBe(404);
    expect((await app.get(q('供暖'), auditor)).status).toBe(403);
    expect((await app.get(q('供暖'), null)).status).toBe(401);
  });

  it('answers 400 naming the bad parameter', async () => {
    const long = await app.get(q('字'.repeat(101)), supervisor);
    expect(long.status).toBe(400);
    expect(messageOf(long.body)).toMatch(/q: must be at most 100 characters/);
    expect(messageOf((await app.get('/api/knowledge?limit=500', supervisor)).body)).toMatch(/limit/);
    expect(messageOf((await app.get('/api/knowledge?includeInactive=yes', supervisor)).body)).toMatch(/includeInactive: must be true or false/);
    expect(messageOf((await app.get('/api/knowledge?q=a&q=b', supervisor)).body)).toMatch(/q: must be a string/);
    expect(messageOf((await app.get('/api/knowledge/Bad%20Id', supervisor)).body)).toMatch(/Invalid knowledge article id: must be 1 to 64/);
  });
});

describe('admin edits', () => {
  it('only admins write', async () => {
    const body = { title: '测试', body: '正文' };
    expect((await app.request('POST', '/api/knowledge', { token: supervisor, body })).status).toBe(403);
    expect((await app.request('PUT', '/api/knowledge/heating-room-cold', { token: supervisor, body: { ...body, version: 1 } })).status).toBe(403);
    expect((await app.request('DELETE', '/api/knowledge/heating-room-cold', { token: supervisor })).status).toBe(403);
  });

  it('create, find, edit at the version (409 on a stale one), deactivate; each audited as config_change', async () => {
    const created = await app.request<Article>('POST', '/api/knowledge', {
      body: { title: '犬只登记办理指南', body: '养犬人应在取得犬只后30日内到所在地派出所办理养犬登记，并为犬只注射狂犬病疫苗。', tags: ['养犬', '登记'], categoryCode: 'public_safety.household' },
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body).toMatchObject({ version: 1, active: true, tags: ['养犬', '登记'], updatedBy: expect.stringMatching(/^token:/) });
    expect((await app.get<{ articles: Found[] }>(q('狗 疫苗 登记'), supervisor)).body.articles[0]?.id).toBe(id);

    const edited = await app.request<Article>('PUT', `/api/knowledge/${id}`, { body: { version: 1, title: '养犬登记办理指南', body: '养犬登记可在江州警务App办理。', tags: ['养犬'] } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ version: 2, title: '养犬登记办理指南', categoryCode: null });
    const stale = await app.request<ErrorBody>('PUT', `/api/knowledge/${id}`, { body: { version: 1, title: '旧的', body: '旧的' } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details).toEqual({ currentVersion: 2 });
    expect(stale.body.error.message).toMatch(/version 2/);

    const off = await app.request<Article>('DELETE', `/api/knowledge/${id}`);
    expect(off.body).toMatchObject({ active: false, version: 3 });
    expect((await app.get<{ articles: Found[] }>(q('养犬登记'), supervisor)).body.articles.map((a) => a.id)).not.toContain(id);

    const audit = await app.get<{ entries: Array<{ kind: string; subject: string; data: { action: string } }> }>(`/api/audit?subject=${encodeURIComponent(`knowledge:${id}`)}`, auditor);
    expect(audit.body.entries.map((e) => [e.kind, e.data.action])).toEqual(expect.arrayContaining([
      ['config_change', 'knowledge_article_created'], ['config_change', 'knowledge_article_changed'], ['config_change', 'knowledge_article_deactivated'],
    ]));
  });

  it('answers 400 naming each bad field, and for an unknown category; 409 for a taken id', async () => {
    const bad = await app.request('POST', '/api/knowledge', { body: { title: '', body: 'x', tags: ['a\u202eb'], categoryCode: 'Bad!', extra: 1 } });
    expect(bad.status).toBe(400);
    const message = messageOf(bad.body);
    for (const field of ['title: must not be empty', 'tags.0: must not contain U+202E', 'categoryCode:', 'extra']) expect(message).toContain(field);
    const unknown = await app.request('POST', '/api/knowledge', { body: { title: '标题', body: '正文', categoryCode: 'utilities.no_such' } });
    expect(unknown.status).toBe(400);
    expect(messageOf(unknown.body)).toMatch(/categoryCode: no work-order category "utilities.no_such"/);
    expect((await app.request('POST', '/api/knowledge', { body: { id: 'heating-room-cold', title: '标题', body: '正文' } })).status).toBe(409);
    const noVersion = await app.request('PUT', '/api/knowledge/heating-room-cold', { body: { title: '标题', body: '正文' } });
    expect(noVersion.status).toBe(400);
    expect(messageOf(noVersion.body)).toMatch(/version: must be the version the change was made on/);
    const otherId = await app.request('PUT', '/api/knowledge/heating-room-cold', { body: { id: 'other', version: 1, title: '标题', body: '正文' } });
    expect(messageOf(otherId.body)).toMatch(/id: "other" does not match the path/);
  });
});

describe('a bad seed file', () => {
  it('stops startup with a message naming the file, the line and the field', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hotline-bad-kb-'));
    try {
      const file = join(dir, 'knowledge-articles.json');
      await writeFile(file, '[\n  { "id": "ok", "title": "标题", "body": "正文" },\n  { "id": "two", "title": "标题",\n    "body": "" }\n]\n');
      const bad = await startHotlineApp({ env: { ...appEnv(), PGLITE_DIR: join(dir, 'pglite'), KNOWLEDGE_ARTICLES_FILE: file } });
      await expect(bad.waitReady(60_000)).rejects.toThrow(/hotline app exited/);
      expect(bad.output()).toContain(`${file} is not a valid seed file`);
      expect(bad.output()).toContain('line 4, [1].body: must not be empty');
      await bad.stop();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000);
});

// The knowledge base on the real databases (PostgreSQL and PGlite), with jieba: the shipped seed
// articles load once (a second start inserts nothing and keeps an admin's edits and
// deactivations); a Chinese question finds articles by word, title and tag hits first, with a
// snippet; a change names its version (a stale one is refused) and re-indexes the article;
// deactivated articles are not found; every change is in the audit log as config_change.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLogStore } from '../../src/adapters/db/audit-log-store.js';
import { createKnowledgeStore } from '../../src/adapters/db/knowledge-store.js';
import { migrate } from '../../src/adapters/db/migrate.js';
import { createJiebaTextSegmenter } from '../../src/adapters/text/jieba-text-segmenter.js';
import { loadDepartmentSeeds } from '../../src/app/department/department-seeds.js';
import { parseCatalogueFile, parseCategoriesFile, parseDepartmentsFile, SeedFileError } from '../../src/app/department/seed-files.js';
import { createKnowledgeBase, type KnowledgeBase } from '../../src/app/knowledge/knowledge-base.js';
import { KnowledgeConflictError, KnowledgeNotFoundError, KnowledgeRuleError } from '../../src/app/knowledge/knowledge-errors.js';
import { loadKnowledgeSeeds, parseKnowledgeSeedFile } from '../../src/app/knowledge/knowledge-seeds.js';
import { departmentDirectoryOn, departmentStoresOn } from '../../src/compose/departments.js';
import type { AuditLog } from '../../src/ports/audit/audit-log.js';
import type { KnowledgeStore } from '../../src/ports/knowledge/knowledge-store.js';
import { testDatabaseFactories, type TestDatabase } from '../support/db-fixtures.js';

const ADMIN = 'user:kb.admin';
const SEEDS = 'dialplans/knowledge-articles.json';
const segmenter = createJiebaTextSegmenter();
const read = (f: string) => readFileSync(f, 'utf8');

describe.each(testDatabaseFactories)('knowledge base on $kind', ({ create }) => {
  let testDb: TestDatabase;
  let store: KnowledgeStore;
  let audit: AuditLog;
  let kb: KnowledgeBase;
  let clock = new Date('2026-12-01T01:00:00Z');
  const seeds = parseKnowledgeSeedFile(SEEDS, read(SEEDS));
  let category: (code: string) => Promise<{ active: boolean } | null>;

  beforeAll(async () => {
    testDb = await create();
    await migrate(testDb.db);
    const departments = parseDepartmentsFile('d', read('dialplans/departments.json'));
    const categories = parseCategoriesFile('c', read('dialplans/work-order-categories.json'));
    await loadDepartmentSeeds(departmentStoresOn(testDb.db), { departments, categories, catalogue: parseCatalogueFile('k', read('dialplans/dispatch-catalogue.json'), { departments, categories }) }, clock);
    const directory = departmentDirectoryOn(testDb.db);
    category = (code) => directory.category(code);
    store = createKnowledgeStore(testDb.db);
    audit = createAuditLogStore(testDb.db);
    kb = createKnowledgeBase({ store, segmenter, category, audit, now: () => clock });
  });
  afterAll(async () => {
    await testDb?.dispose();
  });

  it('loads the seed articles once, by id, as the seed actor', async () => {
    const inserted = await loadKnowledgeSeeds({ store, segmenter, category }, seeds, clock);
    expect([...inserted].sort()).toEqual(seeds.articles.map((a) => a.id).sort());
    expect(await kb.get('heating-room-cold')).toMatchObject({
      title: '冬季供暖期间室内温度不达标怎么办', tags: ['供暖', '室温', '投诉'], categoryCode: 'utilities.heating.cold',
      active: true, version: 1, updatedBy: 'system:seed',
    });
    expect(await loadKnowledgeSeeds({ store, segmenter, category }, seeds, clock)).toEqual([]);
  });

  it('a seed naming a category that is not in the taxonomy stops the load, naming its line', async () => {
    const bad = parseKnowledgeSeedFile('kb.json', '[\n{"id": "x-1", "title": "t", "body": "b",\n "categoryCode": "utilities.no_such"}]');
    const err = await loadKnowledgeSeeds({ store, segmenter, category }, bad, clock).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SeedFileError);
    expect((err as SeedFileError).problems).toEqual(['line 3, [0].categoryCode: no work-order category "utilities.no_such"']);
    expect(await store.get('x-1')).toBeNull();
  });

  it('finds a Chinese question by its words even when they are apart in the article, with a snippet around them', async () => {
    const result = await kb.search({ q: '供暖温度', tag: null, limit: 10 });
    expect(result.terms).toEqual(['供暖', '温度']);
    expect(result.articles[0]).toMatchObject({ id: 'heating-room-cold', matchedTerms: ['供暖', '温度'], version: 1 });
    expect(result.articles[0]!.snippet).toMatch(/供暖/);
    expect(result.articles.map((a) => a.id)).toContain('heating-fee-payment');
    // the fee article has 供暖 as a tag: above an article that would mention it only in its body
    expect(result.articles.findIndex((a) => a.id === 'heating-fee-payment')).toBe(1);
  });

  it('a tag narrows the search; no words lists the articles changed last; only stop words find nothing', async () => {
    const tagged = await kb.search({ q: '办理', tag: '户口', limit: 10 });
    expect(tagged.articles.map((a) => a.id).sort()).toEqual(['hukou-newborn-registration', 'hukou-transfer-settle']);
    const latest = await kb.search({ q: '', tag: '供水', limit: 10 });
    expect(latest.articles.map((a) => a.id).sort()).toEqual(['water-outage-notice', 'water-quality-yellow']);
    expect(await kb.search({ q: '怎么办？', tag: null, limit: 10 })).toEqual({ terms: [], articles: [] });
    expect((await kb.search({ q: '', tag: null, limit: 3 })).articles).toHaveLength(3);
  });

  it('an admin creates an article; it is found at once and audited', async () => {
    clock = new Date('2026-12-02T01:00:00Z');
    const created = await kb.create(ADMIN, { title: '电动自行车上牌流程', body: '新购电动自行车应在购车后15日内到车管所登记上牌。', tags: ['电动车'], categoryCode: null });
    expect(created).toMatchObject({ id: expect.stringMatching(/^kb-[0-9a-f]{10}$/), version: 1, active: true, updatedBy: ADMIN });
    expect((await kb.search({ q: '电动车 上牌', tag: null, limit: 5 })).articles[0]?.id).toBe(created.id);
    const entries = await audit.list({ subject: `knowledge:${created.id}`, limit: 10, offset: 0 });
    expect(entries.map((e) => [e.kind, (e.data as { action: string }).action, e.actor])).toEqual([['config_change', 'knowledge_article_created', ADMIN]]);
    await expect(kb.create(ADMIN, { title: 't', body: 'b', tags: [], categoryCode: null }, created.id)).rejects.toBeInstanceOf(KnowledgeConflictError);
    await expect(kb.create(ADMIN, { title: 't', body: 'b', tags: [], categoryCode: 'no.such' }, 'x-2')).rejects.toBeInstanceOf(KnowledgeRuleError);
  });

  it('an edit at the current version re-indexes the article; one at an old version is refused with the current one', async () => {
    const before = await kb.get('water-quality-yellow');
    const after = await kb.update(ADMIN, 'water-quality-yellow', 1, { ...before, title: '自来水浑浊发黄的处理', body: '自来水浑浊发黄时先放水五分钟。', tags: ['水质'] });
    expect(after).toMatchObject({ version: 2, title: '自来水浑浊发黄的处理', tags: ['水质'], updatedBy: ADMIN });
    expect((await kb.search({ q: '浑浊', tag: null, limit: 5 })).articles.map((a) => a.id)).toEqual(['water-quality-yellow']);
    expect((await kb.search({ q: '异味', tag: null, limit: 5 })).articles.map((a) => a.id)).not.toContain('water-quality-yellow');
    const stale = await kb.update(ADMIN, 'water-quality-yellow', 1, { ...before }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(KnowledgeConflictError);
    expect((stale as KnowledgeConflictError).currentVersion).toBe(2);
    await expect(kb.update(ADMIN, 'no-such', 1, { ...before })).rejects.toBeInstanceOf(KnowledgeNotFoundError);
  });

  it('a deactivated article is not found but can be read; a later seed load does not bring it back', async () => {
    const off = await kb.deactivate(ADMIN, 'water-outage-notice');
    expect(off).toMatchObject({ active: false, version: 2 });
    expect(await kb.deactivate(ADMIN, 'water-outage-notice')).toMatchObject({ active: false, version: 2 });
    expect((await kb.search({ q: '停水', tag: null, limit: 10 })).articles.map((a) => a.id)).not.toContain('water-outage-notice');
    expect((await kb.search({ q: '', tag: '停水', limit: 10 })).articles).toEqual([]);
    // the admins' list has it, marked inactive
    expect((await kb.search({ q: '停水', tag: null, limit: 10, includeInactive: true })).articles.find((a) => a.id === 'water-outage-notice')).toMatchObject({ active: false });
    expect((await kb.search({ q: '', tag: '停水', limit: 10, includeInactive: true })).articles.map((a) => a.id)).toEqual(['water-outage-notice']);
    expect(await loadKnowledgeSeeds({ store, segmenter, category }, seeds, clock)).toEqual([]);
    expect(await kb.get('water-outage-notice')).toMatchObject({ active: false });
    expect(await kb.get('water-quality-yellow')).toMatchObject({ title: '自来水浑浊发黄的处理', version: 2 });
    const reactivated = await kb.update(ADMIN, 'water-outage-notice', 2, { ...off }, true);
    expect(reactivated).toMatchObject({ active: true, version: 3 });
    expect((await kb.search({ q: '停水', tag: null, limit: 10 })).articles[0]?.id).toBe('water-outage-notice');
  });
});

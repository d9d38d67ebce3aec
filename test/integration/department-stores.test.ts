// Departments, categories and the dispatch catalogue on the real databases (PostgreSQL and
// PGlite): the shipped seed files load once (a second start inserts nothing and keeps an
// admin's edits, a removed catalogue entry stays removed), the edits keep the tree valid and
// audit every change without the webhook secret, the directory answers work orders, and a
// department token carries its department on the principal.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiTokenStore } from '../../src/adapters/db/api-token-store.js';
import { createAuditLogStore } from '../../src/adapters/db/audit-log-store.js';
import { createAgentDirectoryStore } from '../../src/adapters/db/agent-directory-store.js';
import { migrate } from '../../src/adapters/db/migrate.js';
import { TokenDepartmentNotFoundError, TokenInputError } from '../../src/app/access/api-token-errors.js';
import { createApiTokens } from '../../src/app/access/api-tokens.js';
import { createCatalogueEdits } from '../../src/app/department/catalogue-edits.js';
import { createCategoryEdits } from '../../src/app/department/category-edits.js';
import { createDepartmentDirectory } from '../../src/app/department/department-directory.js';
import { DirectoryConflictError, DirectoryNotFoundError, DirectoryRuleError } from '../../src/app/department/department-errors.js';
import { createDepartmentEdits } from '../../src/app/department/department-edits.js';
import { loadDepartmentSeeds, type DepartmentSeeds } from '../../src/app/department/department-seeds.js';
import { parseCatalogueFile, parseCategoriesFile, parseDepartmentsFile } from '../../src/app/department/seed-files.js';
import { departmentStoresOn } from '../../src/compose/departments.js';
import type { AuditLog } from '../../src/ports/audit/audit-log.js';
import { CatalogueEntryConflictError } from '../../src/ports/department/dispatch-catalogue-store.js';
import { testDatabaseFactories, type TestDatabase } from '../support/db-fixtures.js';

const at = new Date('2026-12-01T01:00:00Z');
const ACTOR = 'token:ops-admin';

function shippedSeeds(): DepartmentSeeds {
  const read = (f: string) => readFileSync(f, 'utf8');
  const departments = parseDepartmentsFile('d', read('dialplans/departments.json'));
  const categories = parseCategoriesFile('c', read('dialplans/work-order-categories.json'));
  return { departments, categories, catalogue: parseCatalogueFile('k', read('dialplans/dispatch-catalogue.json'), { departments, categories }) };
}

describe.each(testDatabaseFactories)('departments on $kind', ({ create }) => {
  let testDb: TestDatabase;
  let stores: ReturnType<typeof departmentStoresOn>;
  let audit: AuditLog;
  const seeds = shippedSeeds();
  let secrets = 0;
  /** Distinct, recognisable secrets: 000…01, 000…02… */
  const secret = () => (secrets += 1).toString(16).padStart(64, '0');

  beforeAll(async () => {
    testDb = await create();
    await migrate(testDb.db);
    stores = departmentStoresOn(testDb.db);
    audit = createAuditLogStore(testDb.db);
  });
  afterAll(async () => {
    await testDb?.dispose();
  });

  const edits = () => createDepartmentEdits({ departments: stores.departments, audit, now: () => at, generateSecret: secret });
  const directory = () => createDepartmentDirectory(stores);

  it('loads the shipped seeds into empty tables, each department with its own webhook secret', async () => {
    const result = await loadDepartmentSeeds(stores, seeds, at, secret);
    expect([...result.departments].sort()).toEqual(seeds.departments.map((d) => d.id).sort());
    expect(result.catalogueEntries).toBe(seeds.catalogue.length);
    expect(result.categories).toHaveLength(seeds.categories.length);
    expect((await stores.departments.list()).every((d) => d.webhookSecretSet)).toBe(true);
    const stored = await testDb.db.query<{ n: number }>('SELECT count(DISTINCT webhook_secret)::int AS n FROM departments');
    expect(stored[0]?.n).toBe(seeds.departments.length);
  });

  it('a second start inserts nothing, keeps admin edits and does not bring back a removed entry', async () => {
    const before = await stores.departments.get('jz-zhujian');
    await edits().update(ACTOR, 'jz-zhujian', { ...before!, name: '江州市住房和城乡建设局（改）', dutyHours: '09:00-17:00' });
    await createCategoryEdits({ categories: stores.categories, audit, now: () => at }).put(ACTOR, 'urban', { name: '城乡建设（改）', timeClass: 'complex', active: true });
    const catalogue = createCatalogueEdits({ ...stores, directory: directory(), audit, now: () => at });
    const first = (await catalogue.list()).find((e) => e.categoryCode === 'other');
    await catalogue.remove(ACTOR, first!.id);
    const secretBefore = await stores.departments.webhookSecret('jz-zhujian');

    expect(await loadDepartmentSeeds(stores, seeds, at, secret)).toEqual({ departments: [], categories: [], catalogueEntries: 0 });
    expect(await stores.departments.get('jz-zhujian')).toMatchObject({ name: '江州市住房和城乡建设局（改）', dutyHours: '09:00-17:00' });
    expect(await stores.departments.webhookSecret('jz-zhujian')).toBe(secretBefore);
    expect((await stores.categories.getMany(['urban']))[0]).toMatchObject({ name: '城乡建设（改）', timeClass: 'complex' });
    expect((await catalogue.list()).map((e) => e.id)).not.toContain(first!.id);
  });

  it('inserts a department added to the seed file later, and only that one', async () => {
    const added = { id: 'jz-tiyu', name: '江州市体育局', kind: 'bureau' as const, parentId: 'jiangzhou', contacts: [], dutyHours: null, webhookUrl: null };
    const result = await loadDepartmentSeeds(stores, { ...seeds, departments: [...seeds.departments, added] }, at, secret);
    expect(result.departments).toEqual(['jz-tiyu']);
  });

  describe('department edits', () => {
    it('create answers the webhook secret once; the record never carries it; the audit entry neither', async () => {
      const created = await edits().create(ACTOR, { id: 'jiangbei-kaifa', name: '江北区开发区管委会', kind: 'other', parentId: 'jiangbei', contacts: [{ name: '王强', phone: '0799-86601234', role: '主任' }], dutyHours: '7x24', webhookUrl: 'https://kaifa.example.org/12345' });
      expect(created.webhookSecret).toMatch(/^0{40,}[0-9a-f]+$/);
      expect(created.department).toMatchObject({ id: 'jiangbei-kaifa', kind: 'other', parentId: 'jiangbei', active: true, webhookSecretSet: true });
      expect(JSON.stringify(await stores.departments.get('jiangbei-kaifa'))).not.toContain(created.webhookSecret);
      expect(await stores.departments.webhookSecret('jiangbei-kaifa')).toBe(created.webhookSecret);
      const entries = await audit.list({ kind: 'config_change', subject: 'department:jiangbei-kaifa', limit: 10, offset: 0 });
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ actor: ACTOR, data: { action: 'department_created' } });
      expect(JSON.stringify(entries)).not.toContain(created.webhookSecret);
    });

    it('the real generator makes 32 random bytes as hex', async () => {
      const real = createDepartmentEdits({ departments: stores.departments, now: () => at });
      const a = await real.create(ACTOR, { id: 'jz-real-a', name: '甲', kind: 'bureau', parentId: 'jiangzhou', contacts: [], dutyHours: null, webhookUrl: null });
      const b = await real.rotateSecret(ACTOR, 'jz-real-a');
      expect(a.webhookSecret).toMatch(/^[0-9a-f]{64}$/);
      expect(b.webhookSecret).toMatch(/^[0-9a-f]{64}$/);
      expect(b.webhookSecret).not.toBe(a.webhookSecret);
      expect(await stores.departments.webhookSecret('jz-real-a')).toBe(b.webhookSecret);
    });

    it('refuses a taken id, a missing parent, a kind under the wrong parent and a cycle', async () => {
      const base = { name: '测试', contacts: [], dutyHours: null, webhookUrl: null };
      await expect(edits().create(ACTOR, { ...base, id: 'jiangbei', kind: 'district', parentId: 'jiangzhou' })).rejects.toBeInstanceOf(DirectoryConflictError);
      await expect(edits().create(ACTOR, { ...base, id: 'x-street', kind: 'street', parentId: 'nowhere' })).rejects.toThrow('department "x-street": parent "nowhere" does not exist');
      await expect(edits().create(ACTOR, { ...base, id: 'x-street', kind: 'street', parentId: 'jiangzhou' })).rejects.toBeInstanceOf(DirectoryRuleError);
      // jiangbei (a district) moved under its own street; and a kind change that strands its streets
      const jiangbei = (await stores.departments.get('jiangbei'))!;
      await expect(edits().update(ACTOR, 'jiangbei', { ...jiangbei, kind: 'other', parentId: 'jiangbei-kaifa' })).rejects.toThrow(/cycle/);
      await expect(edits().update(ACTOR, 'jiangbei', { ...jiangbei, kind: 'bureau' })).rejects.toThrow(/a street must be under a district, not under "jiangbei" \(a bureau\)/);
      expect(await stores.departments.get('jiangbei')).toMatchObject({ kind: 'district', parentId: 'jiangzhou' });
    });

    it('deactivates a department without active children, not one with them; unknown ids are not found', async () => {
      await expect(edits().deactivate(ACTOR, 'jiangnan')).rejects.toThrow(/still has active departments under it \(.*jiangnan-gaoxin/);
      expect(await edits().deactivate(ACTOR, 'jiangbei-kaifa')).toMatchObject({ active: false });
      expect(await edits().deactivate(ACTOR, 'jiangbei-kaifa')).toMatchObject({ active: false });
      await expect(edits().deactivate(ACTOR, 'no-such')).rejects.toBeInstanceOf(DirectoryNotFoundError);
      await expect(edits().rotateSecret(ACTOR, 'no-such')).rejects.toBeInstanceOf(DirectoryNotFoundError);
      const entries = await audit.list({ kind: 'config_change', subject: 'department:jiangbei-kaifa', limit: 10, offset: 0 });
      expect(entries.map((e) => e.data.action)).toEqual(expect.arrayContaining(['department_created', 'department_deactivated']));
      expect(entries.filter((e) => e.data.action === 'department_deactivated')).toHaveLength(1);
    });

    it('of two concurrent creations of one id exactly one wins', async () => {
      const d = { id: 'jz-twice', name: '二', kind: 'bureau' as const, parentId: 'jiangzhou', contacts: [], dutyHours: null, webhookUrl: null };
      const results = await Promise.allSettled([edits().create(ACTOR, d), edits().create(ACTOR, d)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.find((r) => r.status === 'rejected')?.reason).toBeInstanceOf(DirectoryConflictError);
    });
  });

  describe('categories and the catalogue', () => {
    it('a category needs its parent; its time class is inherited', async () => {
      const categories = createCategoryEdits({ categories: stores.categories, audit, now: () => at });
      await expect(categories.put(ACTOR, 'urban.nowhere.x', { name: '无', timeClass: null, active: true })).rejects.toThrow('category "urban.nowhere.x": parent "urban.nowhere" does not exist');
      expect(await categories.put(ACTOR, 'utilities.gas.leak_smell', { name: '燃气异味', timeClass: null, active: true })).toMatchObject({ created: true, category: { level: 3, parentCode: 'utilities.gas' } });
      expect(await directory().category('utilities.gas.leak_smell')).toEqual({ code: 'utilities.gas.leak_smell', name: '燃气异味', level: 3, timeClass: 'utilities', active: true });
      expect(await directory().category('emergency.trapped.elevator')).toMatchObject({ timeClass: 'life_property' });
      expect(await directory().category('no.such')).toBeNull();
    });

    it('the tree search keeps matches with their ancestors', async () => {
      const tree = await createCategoryEdits({ categories: stores.categories, now: () => at }).tree({ q: '停水' });
      expect(tree).toEqual([expect.objectContaining({ code: 'utilities', children: [expect.objectContaining({ code: 'utilities.water', children: [expect.objectContaining({ code: 'utilities.water.outage', name: '停水', effectiveTimeClass: 'utilities' })] })] })]);
    });

    it('suggests the most specific entry for the district, then for any district', async () => {
      const dir = directory();
      expect(await dir.suggest('city_mgmt.sanitation.garbage', 'jiangbei')).toMatchObject({ id: 'jiangbei-zhifa' });
      expect(await dir.suggest('city_mgmt.sanitation.garbage', null)).toMatchObject({ id: 'jz-chengguan' });
      expect(await dir.suggest('emergency.trapped.elevator', 'jiangnan')).toMatchObject({ id: 'jz-shichang' });
      expect(await dir.suggest('emergency.trapped', 'jiangnan')).toMatchObject({ id: 'jz-yingji' });
      expect(await dir.suggest('utilities.water.outage', 'qingshan')).toEqual({ id: 'jz-shuiwu', name: '江州水务集团有限公司', active: true });
      expect(await dir.department('jz-shuiwu')).toEqual({ id: 'jz-shuiwu', name: '江州水务集团有限公司', active: true });
      expect(await dir.department('no-such')).toBeNull();
    });

    it('adds and removes entries with their checks; a clash is a conflict naming the existing entry', async () => {
      const catalogue = createCatalogueEdits({ ...stores, directory: directory(), audit, now: () => at });
      const added = await catalogue.add(ACTOR, { categoryCode: 'transport.road.manhole', districtId: 'jiangnan', departmentId: 'jiangnan-zhifa', note: null });
      expect(await directory().suggest('transport.road.manhole', 'jiangnan')).toMatchObject({ id: 'jiangnan-zhifa' });
      await expect(catalogue.add(ACTOR, { categoryCode: 'transport.road.manhole', districtId: 'jiangnan', departmentId: 'jz-jiaotong', note: null })).rejects.toBeInstanceOf(CatalogueEntryConflictError);
      await expect(catalogue.add(ACTOR, { categoryCode: 'no.such', districtId: null, departmentId: 'jz-jiaotong', note: null })).rejects.toBeInstanceOf(DirectoryNotFoundError);
      await expect(catalogue.add(ACTOR, { categoryCode: 'transport', districtId: 'jz-zhujian', departmentId: 'jz-jiaotong', note: null })).rejects.toThrow('districtId: "jz-zhujian" is a bureau, not a district');
      await expect(catalogue.add(ACTOR, { categoryCode: 'transport', districtId: 'jiangbei', departmentId: 'jiangbei-kaifa', note: null })).rejects.toThrow('departmentId: department "jiangbei-kaifa" is inactive');
      expect(await catalogue.remove(ACTOR, added.id)).toEqual(added);
      await expect(catalogue.remove(ACTOR, added.id)).rejects.toBeInstanceOf(DirectoryNotFoundError);
      const entries = await audit.list({ kind: 'config_change', subject: `dispatch-catalogue:${added.id}`, limit: 10, offset: 0 });
      expect(entries.map((e) => e.data.action).sort()).toEqual(['catalogue_entry_added', 'catalogue_entry_removed']);
    });

    it('a suggestion skips an inactive department for the next entry', async () => {
      const catalogue = createCatalogueEdits({ ...stores, directory: directory(), audit, now: () => at });
      const entry = await catalogue.add(ACTOR, { categoryCode: 'culture.venues', districtId: 'qingshan', departmentId: 'jz-real-a', note: null });
      expect(await directory().suggest('culture.venues', 'qingshan')).toMatchObject({ id: 'jz-real-a' });
      await edits().deactivate(ACTOR, 'jz-real-a');
      expect(await directory().suggest('culture.venues', 'qingshan')).toMatchObject({ id: 'jz-wenlv' });
      await catalogue.remove(ACTOR, entry.id);
    });
  });

  describe('department tokens', () => {
    const tokens = () => createApiTokens({ store: createApiTokenStore(testDb.db), agents: createAgentDirectoryStore(testDb.db), departments: directory(), adminToken: 'x'.repeat(40), now: () => at });
    const admin = { tokenId: 'bootstrap', name: 'bootstrap-admin', role: 'admin' as const, agentId: null, departmentId: null };

    it('stores the department and puts it on the principal', async () => {
      const issued = await tokens().issue(admin, { name: 'shuiwu-api', role: 'department', agentId: null, departmentId: 'jz-shuiwu' });
      expect(issued.record).toMatchObject({ role: 'department', departmentId: 'jz-shuiwu', agentId: null });
      expect(await tokens().authenticate(issued.token)).toEqual({ tokenId: issued.record.id, name: 'shuiwu-api', role: 'department', agentId: null, departmentId: 'jz-shuiwu' });
      expect((await tokens().list()).find((t) => t.id === issued.record.id)).toMatchObject({ departmentId: 'jz-shuiwu' });
      const other = await tokens().issue(admin, { name: 'night-supervisor', role: 'supervisor', agentId: null });
      expect(await tokens().authenticate(other.token)).toMatchObject({ role: 'supervisor', departmentId: null });
    });

    it('stops working while its department is inactive', async () => {
      const edits = createDepartmentEdits({ departments: stores.departments, now: () => at });
      await edits.create(ACTOR, { id: 'jz-paused', name: '暂停单位', kind: 'bureau', parentId: 'jiangzhou', contacts: [], dutyHours: null, webhookUrl: null });
      const issued = await tokens().issue(admin, { name: 'paused-api', role: 'department', agentId: null, departmentId: 'jz-paused' });
      expect(await tokens().authenticate(issued.token)).toMatchObject({ departmentId: 'jz-paused' });
      await edits.deactivate(ACTOR, 'jz-paused');
      expect(await tokens().authenticate(issued.token)).toBeNull();
      const paused = (await stores.departments.get('jz-paused'))!;
      await edits.update(ACTOR, 'jz-paused', paused, true);
      expect(await tokens().authenticate(issued.token)).toMatchObject({ departmentId: 'jz-paused' });
    });

    it('refuses a department token without a department, with an unknown or inactive one, and a department on another role', async () => {
      await expect(tokens().issue(admin, { name: 'd1', role: 'department', agentId: null })).rejects.toThrow('departmentId: a department token must name the department it acts for');
      await expect(tokens().issue(admin, { name: 'd2', role: 'department', agentId: null, departmentId: 'no-such' })).rejects.toBeInstanceOf(TokenDepartmentNotFoundError);
      await expect(tokens().issue(admin, { name: 'd3', role: 'department', agentId: null, departmentId: 'jiangbei-kaifa' })).rejects.toThrow('departmentId: department "jiangbei-kaifa" is inactive');
      await expect(tokens().issue(admin, { name: 'd4', role: 'auditor', agentId: null, departmentId: 'jz-shuiwu' })).rejects.toBeInstanceOf(TokenInputError);
      expect((await tokens().list()).map((t) => t.name)).not.toEqual(expect.arrayContaining(['d1', 'd2', 'd3', 'd4']));
    });
  });
});

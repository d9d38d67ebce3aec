// Departments, the category taxonomy and the dispatch catalogue through the real app (src/main.ts
// as a child process on its own PostgreSQL database, the local stack): the seeds are there at
// first start; agents read what filing an order needs, only admins edit; a new department's
// webhook secret is shown once (and on rotation), never by GET; department tokens name an
// existing active department and act as it; admin edits survive a restart; a bad seed file stops
// startup naming the file, the line and the field. Needs the stack up (`bash scripts/stack.sh up`).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, startHotlineApp, type HotlineApp } from '../support/hotline-app.js';

interface DepartmentView { id: string; name: string; kind: string; parentId: string | null; active: boolean; webhookSecretSet: boolean; webhookSecret?: string; children?: DepartmentView[] }
interface CategoryView { code: string; name: string; effectiveTimeClass: string | null; children: CategoryView[] }
type ErrorBody = { error: { code: string; message: string } };

const appEnv = () => ({ ARI_APP: `hotline-dept-${Math.random().toString(36).slice(2, 8)}`, LOG_LEVEL: 'warn', QUEUE_LOG_FILE: 'off' });

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let app: HotlineApp;
let readerToken: string;
let auditorToken: string;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await startHotlineApp({ databaseUrl: database.url, env: appEnv() });
  await app.waitReady(60_000);
  readerToken = await app.createToken('supervisor', { name: 'dept-api-supervisor' });
  auditorToken = await app.createToken('auditor', { name: 'dept-api-auditor' });
}, 90_000);

afterAll(async () => {
  await app?.stop();
  await database?.drop();
});

const messageOf = (body: unknown) => (body as ErrorBody).error.message;

describe('reading what an order needs', () => {
  it('the seeded city, taxonomy and catalogue are there at first start, for a supervisor as for an admin', async () => {
    const tree = await app.get<{ departments: DepartmentView[] }>('/api/departments?view=tree', readerToken);
    expect(tree.status).toBe(200);
    expect(tree.body.departments.map((d) => d.id)).toEqual(['jiangzhou']);
    const city = tree.body.departments[0]!;
    expect(city.children!.filter((c) => c.kind === 'district').map((c) => c.id).sort()).toEqual(['jiangbei', 'jiangnan', 'qingshan']);
    expect(city.children!.find((c) => c.id === 'jiangbei')!.children!.map((c) => c.id)).toContain('jiangbei-chengguan');

    const categories = await app.get<{ categories: CategoryView[] }>('/api/work-order-categories', readerToken);
    expect(categories.body.categories.length).toBeGreaterThanOrEqual(15);
    const found = await app.get<{ categories: CategoryView[] }>(`/api/work-order-categories?q=${encodeURIComponent('电梯困人')}`, readerToken);
    expect(found.body.categories).toEqual([expect.objectContaining({ code: 'emergency', children: [expect.objectContaining({ code: 'emergency.trapped', children: [expect.objectContaining({ code: 'emergency.trapped.elevator', effectiveTimeClass: 'life_property' })] })] })]);

    const suggest = await app.get<{ department: DepartmentView; entry: { categoryCode: string; districtId: string | null } }>('/api/dispatch-catalogue/suggest?category=city_mgmt.sanitation.garbage&district=jiangbei', readerToken);
    expect(suggest.status).toBe(200);
    expect(suggest.body.department).toMatchObject({ id: 'jiangbei-zhifa', name: '江北区综合行政执法局' });
    expect(suggest.body.entry).toMatchObject({ categoryCode: 'city_mgmt.sanitation', districtId: 'jiangbei' });
    const anywhere = await app.get<{ department: DepartmentView }>('/api/dispatch-catalogue/suggest?category=utilities.water.outage', readerToken);
    expect(anywhere.body.department).toMatchObject({ id: 'jz-shuiwu' });
  });

  it('answers 404 for an unknown category or district and 400 for a malformed one', async () => {
    expect((await app.get('/api/dispatch-catalogue/suggest?category=no.such', readerToken)).status).toBe(404);
    expect((await app.get('/api/dispatch-catalogue/suggest?category=urban&district=nowhere', readerToken)).status).toBe(404);
    const bad = await app.get('/api/dispatch-catalogue/suggest?category=Urban!', readerToken);
    expect(bad.status).toBe(400);
    expect(messageOf(bad.body)).toMatch(/category: must be one to three parts/);
    expect((await app.get('/api/departments?view=sideways', readerToken)).status).toBe(400);
    expect((await app.get('/api/departments/no-such', readerToken)).status).toBe(404);
  });

  it('edits are for admins only', async () => {
    const r = await app.request('POST', '/api/departments', { token: readerToken, body: { id: 'x', name: '某', kind: 'bureau', parentId: 'jiangzhou' } });
    expect(r.status).toBe(403);
    expect((await app.request('PUT', '/api/work-order-categories/urban', { token: readerToken, body: { name: '城乡建设' } })).status).toBe(403);
    expect((await app.request('DELETE', '/api/dispatch-catalogue/1', { token: readerToken })).status).toBe(403);
  });
});

describe('department edits', () => {
  it('a new department answers its webhook secret once; GET never shows it; rotation gives a new one; all audited', async () => {
    const created = await app.request<DepartmentView>('POST', '/api/departments', {
      body: { id: 'jiangnan-kaifa', name: '江南区开发区管委会', kind: 'other', parentId: 'jiangnan', contacts: [{ name: '值班室', phone: '0799-86601111' }], dutyHours: '7x24', webhookUrl: 'https://kaifa.example.org/hooks/12345' },
    });
    expect(created.status).toBe(201);
    expect(created.body.webhookSecret).toMatch(/^[0-9a-f]{64}$/);
    const got = await app.get<DepartmentView>('/api/departments/jiangnan-kaifa');
    expect(got.body).toMatchObject({ id: 'jiangnan-kaifa', webhookSecretSet: true, active: true });
    expect(JSON.stringify(got.body)).not.toContain(created.body.webhookSecret);
    const list = await app.get<{ departments: DepartmentView[] }>('/api/departments');
    expect(JSON.stringify(list.body)).not.toContain(created.body.webhookSecret);

    const rotated = await app.request<{ departmentId: string; webhookSecret: string }>('POST', '/api/departments/jiangnan-kaifa/webhook-secret');
    expect(rotated.status).toBe(200);
    expect(rotated.body.webhookSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(rotated.body.webhookSecret).not.toBe(created.body.webhookSecret);

    const audit = await app.get<{ entries: Array<{ kind: string; actor: string; data: { action: string } }> }>('/api/audit?kind=config_change&subject=department:jiangnan-kaifa', auditorToken);
    expect(audit.body.entries.map((e) => e.data.action).sort()).toEqual(['department_created', 'webhook_secret_rotated']);
    expect(JSON.stringify(audit.body)).not.toMatch(new RegExp(`${created.body.webhookSecret}|${rotated.body.webhookSecret}`));
  });

  it('refuses a taken id (409), a kind under the wrong parent (400) and a missing parent (400), with a message', async () => {
    const base = { name: '测试', kind: 'street', parentId: 'jiangzhou' };
    const taken = await app.request('POST', '/api/departments', { body: { ...base, id: 'jiangbei', kind: 'district' } });
    expect(taken.status).toBe(409);
    const wrong = await app.request('POST', '/api/departments', { body: { ...base, id: 'x-street' } });
    expect(wrong.status).toBe(400);
    expect(messageOf(wrong.body)).toContain('a street must be under a district, not under "jiangzhou" (a city)');
    const missing = await app.request('PUT', '/api/departments/jiangnan-kaifa', { body: { name: '开发区', kind: 'other', parentId: 'nowhere' } });
    expect(missing.status).toBe(400);
    expect(messageOf(missing.body)).toContain('parent "nowhere" does not exist');
  });

  it('deactivates a leaf (hidden from the default list), not a department with active ones under it', async () => {
    const busy = await app.request('DELETE', '/api/departments/jiangnan');
    expect(busy.status).toBe(409);
    expect(messageOf(busy.body)).toMatch(/still has active departments under it/);
    const gone = await app.request<DepartmentView>('DELETE', '/api/departments/jiangnan-kaifa');
    expect(gone.status).toBe(200);
    expect(gone.body.active).toBe(false);
    const ids = async (q: string) => (await app.get<{ departments: DepartmentView[] }>(`/api/departments${q}`)).body.departments.map((d) => d.id);
    expect(await ids('')).not.toContain('jiangnan-kaifa');
    expect(await ids('?includeInactive=true')).toContain('jiangnan-kaifa');
  });
});

describe('categories and the catalogue', () => {
  it('a category is created under an existing parent (201), replaced (200), and refused without its parent (400)', async () => {
    const created = await app.request('PUT', '/api/work-order-categories/transport.road.sinkhole', { body: { name: '路面塌陷', timeClass: 'life_property' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: 'transport.road.sinkhole', level: 3, parentCode: 'transport.road', timeClass: 'life_property' });
    expect((await app.request('PUT', '/api/work-order-categories/transport.road.sinkhole', { body: { name: '路面塌陷', timeClass: null } })).status).toBe(200);
    const orphan = await app.request('PUT', '/api/work-order-categories/transport.rail.delay', { body: { name: '轨道延误' } });
    expect(orphan.status).toBe(400);
    expect(messageOf(orphan.body)).toContain('parent "transport.rail" does not exist');
  });

  it('an entry is added (201), clashes with a second one for the same place (409), and is removed (204, then 404)', async () => {
    const added = await app.request<{ id: number }>('POST', '/api/dispatch-catalogue', { body: { categoryCode: 'transport.road.sinkhole', districtId: 'qingshan', departmentId: 'jz-zhujian', note: '塌陷先由住建局牵头' } });
    expect(added.status).toBe(201);
    const suggested = await app.get<{ department: DepartmentView }>('/api/dispatch-catalogue/suggest?category=transport.road.sinkhole&district=qingshan', readerToken);
    expect(suggested.body.department.id).toBe('jz-zhujian');
    const clash = await app.request('POST', '/api/dispatch-catalogue', { body: { categoryCode: 'transport.road.sinkhole', districtId: 'qingshan', departmentId: 'jz-jiaotong' } });
    expect(clash.status).toBe(409);
    expect(messageOf(clash.body)).toContain(`already has entry ${added.body.id}`);
    expect((await app.request('DELETE', `/api/dispatch-catalogue/${added.body.id}`)).status).toBe(204);
    expect((await app.request('DELETE', `/api/dispatch-catalogue/${added.body.id}`)).status).toBe(404);
    expect((await app.request('DELETE', '/api/dispatch-catalogue/abc')).status).toBe(400);
  });
});

describe('department tokens', () => {
  it('name an existing active department and act as the department role', async () => {
    const created = await app.request<{ role: string; departmentId: string; token: string }>('POST', '/api/tokens', { body: { name: 'shuiwu-system', role: 'department', departmentId: 'jz-shuiwu' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ role: 'department', departmentId: 'jz-shuiwu', agentId: null });
    // the department role is not one that reads the catalogue: its token is known (403, not 401)
    expect((await app.get('/api/departments', created.body.token)).status).toBe(403);
    const listed = await app.get<{ tokens: Array<{ name: string; departmentId: string | null }> }>('/api/tokens');
    expect(listed.body.tokens.find((t) => t.name === 'shuiwu-system')?.departmentId).toBe('jz-shuiwu');
  });

  it.each([
    ['no department', { role: 'department' }, 400, 'departmentId: a department token must name the department it acts for'],
    ['an unknown department', { role: 'department', departmentId: 'no-such' }, 404, 'No department with id no-such'],
    ['an inactive department', { role: 'department', departmentId: 'jiangnan-kaifa' }, 400, 'department "jiangnan-kaifa" is inactive'],
    ['a department on another role', { role: 'supervisor', departmentId: 'jz-shuiwu' }, 400, 'only department tokens name a department'],
  ])('refuses %s', async (_what, body, status, message) => {
    const r = await app.request('POST', '/api/tokens', { body: { name: `dept-${Math.random().toString(36).slice(2, 8)}`, ...body } });
    expect(r.status).toBe(status);
    expect(messageOf(r.body)).toContain(message);
  });
});

describe('a restart', () => {
  it('keeps admin edits and removals: the seeds only fill in what is missing', async () => {
    const before = (await app.get<DepartmentView & Record<string, unknown>>('/api/departments/jz-zhujian')).body;
    const renamed = await app.request('PUT', '/api/departments/jz-zhujian', { body: { name: '江州市住建局', kind: 'bureau', parentId: 'jiangzhou', dutyHours: '09:00-17:00' } });
    expect(renamed.status).toBe(200);
    const entries = (await app.get<{ entries: Array<{ id: number; categoryCode: string }> }>('/api/dispatch-catalogue')).body.entries;
    const other = entries.find((e) => e.categoryCode === 'other')!;
    expect((await app.request('DELETE', `/api/dispatch-catalogue/${other.id}`)).status).toBe(204);
    expect(before.name).toBe('江州市住房和城乡建设局');

    await app.stop();
    app = await startHotlineApp({ databaseUrl: database.url, env: appEnv() });
    await app.waitReady(60_000);

    expect((await app.get<DepartmentView>('/api/departments/jz-zhujian')).body).toMatchObject({ name: '江州市住建局', dutyHours: '09:00-17:00' });
    expect((await app.get<DepartmentView>('/api/departments/jiangnan-kaifa')).body).toMatchObject({ active: false });
    const after = (await app.get<{ entries: Array<{ categoryCode: string }> }>('/api/dispatch-catalogue')).body.entries;
    expect(after.map((e) => e.categoryCode)).not.toContain('other');
    expect(after).toHaveLength(entries.length - 1);
  }, 90_000);
});

describe('a bad seed file', () => {
  it('stops startup with a message naming the file, the line and the field', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hotline-bad-seed-'));
    try {
      const file = join(dir, 'departments.json');
      await writeFile(file, '[\n  { "id": "jiangzhou", "name": "江州市", "kind": "city" },\n  { "id": "jiangbei", "name": "江北区", "kind": "district",\n    "parentId": "jiangzhuo" }\n]\n');
      const bad = await startHotlineApp({ env: { ...appEnv(), PGLITE_DIR: join(dir, 'pglite'), DEPARTMENTS_FILE: file } });
      await expect(bad.waitReady(60_000)).rejects.toThrow(/hotline app exited/);
      expect(bad.output()).toContain(`${file} is not a valid seed file`);
      expect(bad.output()).toContain('line 4, [1].parentId: parent "jiangzhuo" does not exist');
      await bad.stop();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000);
});

// The skill queues API over HTTP with the real queue directory (PostgreSQL): each queue and the
// whole set are checked before anything is stored; a queue others overflow to cannot go.
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../src/adapters/db/migrate.js';
import { createQueueDirectoryStore } from '../../src/adapters/db/queue-directory-store.js';
import { createHttpApp } from '../../src/adapters/http/create-http-app.js';
import { queuesRoutes } from '../../src/adapters/http/queues-routes.js';
import { createQueueEdits } from '../../src/app/acd/queue-edits.js';
import type { QueueDirectory } from '../../src/ports/agent/agent-directory.js';
import { testApiTokens } from '../support/api-access.js';
import { createPostgresTestDatabase, type TestDatabase } from '../support/db-fixtures.js';
import { listen, type TestHttpServer } from '../support/http-client.js';

let testDb: TestDatabase;
let queues: QueueDirectory;
let http: TestHttpServer;

beforeAll(async () => {
  testDb = await createPostgresTestDatabase();
  await migrate(testDb.db);
  queues = createQueueDirectoryStore(testDb.db);
  http = await listen(createHttpApp([queuesRoutes(createQueueEdits({ queues }))], pino({ level: 'silent' }), testApiTokens(testDb.db)));
});

afterAll(async () => {
  await http?.close();
  await testDb?.dispose();
});

beforeEach(async () => {
  await testDb.db.exec('TRUNCATE queues');
});

const put = (id: string, body: unknown) => http.request('PUT', `/api/queues/${id}`, body);
const errorOf = (body: Record<string, unknown>) => body.error as { code: string; message: string; details?: string[] };

const general = { name: '综合咨询', requiredSkills: [] };
const housing = {
  name: '住房保障',
  requiredSkills: [{ skill: 'housing', minProficiency: 3 }],
  languages: ['zh'],
  relaxations: [{ afterSeconds: 60, lowerProficiencyBy: 1 }, { afterSeconds: 120, overflowToQueue: 'general' }],
};

describe('PUT /api/queues/:id', () => {
  it('creates a queue (201) with the id taken from the path and the defaults filled in, then replaces it (200)', async () => {
    const created = await put('general', general);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'general', name: '综合咨询', maxWaitSeconds: 600, relaxations: [], musicClass: 'default' });

    const replaced = await put('general', { ...general, id: 'general', maxWaitSeconds: 900 });
    expect(replaced.status).toBe(200);
    expect(await queues.get('general')).toMatchObject({ maxWaitSeconds: 900 });
  });

  it('answers 400 when the id in the body is not the one in the path', async () => {
    const r = await put('general', { ...general, id: 'housing' });
    expect(r.status).toBe(400);
    expect(errorOf(r.body).message).toMatch(/does not match the path/);
    expect(await queues.list()).toEqual([]);
  });

  it('answers 400 listing every problem of the queue', async () => {
    const r = await put('housing', {
      name: '',
      requiredSkills: [{ skill: 'Housing', minProficiency: 9 }],
      relaxations: [{ afterSeconds: 30 }],
      maxWaitSeconds: 0,
      colour: 'red',
    });
    expect(r.status).toBe(400);
    const details = errorOf(r.body).details ?? [];
    for (const problem of [/^name: /, /^requiredSkills\[0\]\.skill: /, /^requiredSkills\[0\]\.minProficiency: /, /^relaxations\[0\]: a relaxation must/,
      /^maxWaitSeconds: /, /colour/]) {
      expect(details.some((d) => problem.test(d)), `${problem} in ${JSON.stringify(details)}`).toBe(true);
    }
  });

  it('answers 400 for an overflow to a queue that does not exist, naming the queue, and stores nothing', async () => {
    const r = await put('housing', housing);
    expect(r.status).toBe(400);
    expect(errorOf(r.body).details).toEqual(['queue "housing".relaxations[1].overflowToQueue: there is no queue "general"']);
    expect(await queues.list()).toEqual([]);

    expect((await put('general', general)).status).toBe(201);
    expect((await put('housing', housing)).status).toBe(201);
  });

  it('answers 400 for a change that would make an overflow cycle', async () => {
    expect((await put('general', general)).status).toBe(201);
    expect((await put('housing', housing)).status).toBe(201);
    const r = await put('general', { ...general, relaxations: [{ afterSeconds: 300, overflowToQueue: 'housing' }] });
    expect(r.status).toBe(400);
    expect(errorOf(r.body).message).toMatch(/overflow cycle: (general → housing → general|housing → general → housing)/);
    expect((await queues.get('general'))?.relaxations).toEqual([]);
  });

  it('answers 400 for a malformed id and for a body that is not an object', async () => {
    expect((await put('Bad_Id', general)).status).toBe(400);
    expect((await put('general', [general])).status).toBe(400);
    expect((await put('general', '"general"')).status).toBe(400);
  });
});

describe('GET /api/queues', () => {
  it('lists the queues and gives one by id, 404 for an unknown one', async () => {
    await put('general', general);
    await put('housing', housing);
    const all = await http.request<{ queues: Array<{ id: string }> }>('GET', '/api/queues');
    expect(all.body.queues.map((q) => q.id)).toEqual(['general', 'housing']);
    const one = await http.request('GET', '/api/queues/housing');
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: 'housing', name: '住房保障', requiredSkills: [{ skill: 'housing', minProficiency: 3 }] });
    expect((await http.request('GET', '/api/queues/nothing')).status).toBe(404);
  });
});

describe('DELETE /api/queues/:id', () => {
  it('answers 409 while another queue overflows to it, 204 once nothing does, then 404', async () => {
    await put('general', general);
    await put('housing', housing);
    const inUse = await http.request('DELETE', '/api/queues/general');
    expect(inUse.status).toBe(409);
    expect(errorOf(inUse.body)).toMatchObject({ code: 'queue-in-use', details: ['queue "housing" overflows to it (relaxations[1])'] });
    expect(await queues.get('general')).not.toBeNull();

    expect((await http.request('DELETE', '/api/queues/housing')).status).toBe(204);
    expect((await http.request('DELETE', '/api/queues/general')).status).toBe(204);
    expect((await http.request('DELETE', '/api/queues/general')).status).toBe(404);
    expect(await queues.list()).toEqual([]);
  });
});

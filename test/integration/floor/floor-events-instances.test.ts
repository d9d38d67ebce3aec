// The floor over HTTP on two app instances sharing the real Redis and PostgreSQL: an event
// announced on one reaches a console streaming (Server-Sent Events) from the other; a console
// that reconnects with Last-Event-ID gets exactly what it missed, in order, or a reset when that
// is no longer kept; an agent streams only their own events and is refused the floor's figures;
// only one instance at a time holds the watch's lead; the figures a supervisor loads.
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgentDirectoryStore } from '../../../src/adapters/db/agent-directory-store.js';
import { createCallRecordsStore } from '../../../src/adapters/db/call-records-store.js';
import { createFloorStore } from '../../../src/adapters/db/floor-store.js';
import { createIncidentStore } from '../../../src/adapters/db/incident-store.js';
import { migrate } from '../../../src/adapters/db/migrate.js';
import { createHttpApp } from '../../../src/adapters/http/create-http-app.js';
import { floorRoutes } from '../../../src/adapters/http/floor-routes.js';
import { tokensRoutes } from '../../../src/adapters/http/tokens-routes.js';
import { createRedisFloorEvents, createRedisFloorLead } from '../../../src/adapters/redis/redis-floor-events.js';
import { createRedisAgentStateStore } from '../../../src/adapters/redis/redis-agent-state-store.js';
import { createRedisWaitingList } from '../../../src/adapters/redis/redis-waiting-list.js';
import { createFloorFigures } from '../../../src/app/floor/floor-figures.js';
import { createFloorPublishing } from '../../../src/app/floor/floor-publishing.js';
import { createFloorWatch } from '../../../src/app/floor/floor-watch.js';
import { chinaDayOf } from '../../../src/domain/floor/day-bins.js';
import type { FloorEvent } from '../../../src/domain/floor/floor-events.js';
import type { Logger } from '../../../src/ports/logger.js';
import { connectRedis, deleteKeys, type RedisConnection } from '../acd/acd-redis-fixtures.js';
import { testApiTokens, TEST_ADMIN_TOKEN } from '../../support/api-access.js';
import { createPostgresTestDatabase, type TestDatabase } from '../../support/db-fixtures.js';
import { openSse, type SseConnection, type SseEvent } from '../../support/sse-client.js';

const quiet: Logger = { child: () => quiet, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const prefix = `test:floor:${randomBytes(6).toString('hex')}:`;
const limits = { longWaitSeconds: 15, longNotReadySeconds: 600 };

let testDb: TestDatabase;
const redises: RedisConnection[] = [];
const servers: Server[] = [];
const streams: SseConnection[] = [];
const tokens: Record<'supervisor' | 'agent' | 'otherAgent' | 'auditor', string> = { supervisor: '', agent: '', otherAgent: '', auditor: '' };

/** One app instance: its own Redis connections and HTTP server, the shared Redis and database. */
async function startInstance(keep = 1_000, redisPrefix = prefix) {
  const redis = connectRedis();
  redises.push(redis);
  const events = createRedisFloorEvents({ redis, redisPrefix, keep, logger: quiet });
  const states = createRedisAgentStateStore(redis, redisPrefix);
  const waiting = createRedisWaitingList(redis, redisPrefix);
  const publishing = createFloorPublishing({ publish: (e) => events.publish(e), now: () => new Date(), logger: quiet });
  const incidents = createIncidentStore(testDb.db);
  const figures = createFloorFigures({
    store: createFloorStore(testDb.db),
    waiting: () => waiting.list(),
    agentStates: () => states.all(),
    agents: () => createAgentDirectoryStore(testDb.db).list(),
    incidents: (since) => incidents.list({ from: since, limit: 100, offset: 0 }),
    queues: () => new Map([['general', { name: '综合' }]]),
    head: () => events.head(),
    limits,
    now: () => Date.now(),
  });
  const apiTokens = testApiTokens(testDb.db);
  const app = createHttpApp(
    [floorRoutes(figures, events, { today: () => chinaDayOf(new Date()), logger: quiet, stream: { heartbeatMs: 150, maxMs: 60_000 } }), tokensRoutes(apiTokens)],
    pino({ level: 'silent' }),
    apiTokens,
  );
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  servers.push(server);
  const baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const get = async (path: string, token: string) => {
    const res = await fetch(baseUrl + path, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { message: string } } };
  };
  const stream = async (token: string, options: { lastEventId?: string; path?: string } = {}) => {
    const s = await openSse(baseUrl, options.path ?? '/api/events', { token, ...(options.lastEventId ? { lastEventId: options.lastEventId } : {}) });
    streams.push(s);
    return s;
  };
  return { redis, events, states, waiting, publishing, records: publishing.callRecords(createCallRecordsStore(testDb.db)), agentStates: publishing.agentStates(states), baseUrl, get, stream };
}

const typed = (events: SseEvent[], type: string) => events.filter((e) => e.event === type);
const ready = (s: SseConnection) => s.until((es) => es.some((e) => e.event === 'ready'));

let a: Awaited<ReturnType<typeof startInstance>>;
let b: Awaited<ReturnType<typeof startInstance>>;

beforeAll(async () => {
  testDb = await createPostgresTestDatabase();
  await migrate(testDb.db);
  const directory = createAgentDirectoryStore(testDb.db);
  for (const [agentId, extension] of [['fl-li-na', '2971'], ['fl-zhang-wei', '2972']] as const) {
    await directory.create({ agentId, name: agentId === 'fl-li-na' ? '李娜' : '张伟', extension, skills: { general: 3 }, languages: ['zh'], group: '一班' }, '0'.repeat(32));
  }
  a = await startInstance();
  b = await startInstance();
  const issue = async (body: Record<string, unknown>) => {
    const res = await fetch(`${a.baseUrl}/api/tokens`, { method: 'POST', headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const json = (await res.json()) as { token: string };
    expect(res.status, JSON.stringify(json)).toBe(201);
    return json.token;
  };
  tokens.supervisor = await issue({ name: 'floor-supervisor', role: 'supervisor' });
  tokens.auditor = await issue({ name: 'floor-auditor', role: 'auditor' });
  tokens.agent = await issue({ name: 'floor-li-na', role: 'agent', agentId: 'fl-li-na' });
  tokens.otherAgent = await issue({ name: 'floor-zhang-wei', role: 'agent', agentId: 'fl-zhang-wei' });
});

afterAll(async () => {
  for (const s of streams) s.close();
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  await a?.events.close();
  await b?.events.close();
  if (redises[0]) await deleteKeys(redises[0], prefix);
  for (const r of redises) r.disconnect();
  await testDb?.dispose();
});

describe('live floor events across two app instances', () => {
  it('an agent state and a call announced on one instance reach a supervisor streaming from the other', async () => {
    const sup = await b.stream(tokens.supervisor);
    expect(sup.status).toBe(200);
    expect(sup.headers['content-type']).toMatch(/^text\/event-stream/);
    await ready(sup);
    await a.agentStates.save('fl-li-na', { status: 'ready', since: Date.now() });
    await a.records.openCall({ callId: 'fl-call-1', channelId: 'PJSIP/trunk-1', callerNumber: '13800138000', dialedNumber: '12345', startedAt: new Date() });
    const events = await sup.until((es) => typed(es, 'call_started').length === 1 && typed(es, 'agent_state').length === 1);
    const state = typed(events, 'agent_state')[0]!;
    expect(state.id).toMatch(/^\d+-\d+$/);
    expect(state.data).toMatchObject({ type: 'agent_state', agentId: 'fl-li-na', state: { status: 'ready' } });
    expect(typed(events, 'call_started')[0]!.data).toMatchObject({ callId: 'fl-call-1', callerNumber: '13800138000' });
    // the line stays alive between events
    await sup.until(() => sup.comments.includes('heartbeat'));
  });

  it('an agent streams only their own state and calls; the supervisor gets all of them', async () => {
    const own = await b.stream(tokens.agent);
    const sup = await a.stream(tokens.supervisor);
    await ready(own);
    await ready(sup);
    const now = Date.now();
    await a.agentStates.save('fl-zhang-wei', { status: 'ringing', since: now, callId: 'fl-call-2' });
    await a.records.openCall({ callId: 'fl-call-2', channelId: 'PJSIP/trunk-2', callerNumber: '13900139000', dialedNumber: '12345', startedAt: new Date() });
    await a.records.appendEvent({ callId: 'fl-call-2', at: new Date(), type: 'agent_offered', leg: 'agent', data: { agentId: 'fl-zhang-wei', viaQueueId: 'general' } });
    await b.agentStates.save('fl-li-na', { status: 'ringing', since: now, callId: 'fl-call-3' });
    await b.records.openCall({ callId: 'fl-call-3', channelId: 'PJSIP/trunk-3', callerNumber: '13700137000', dialedNumber: '12345', startedAt: new Date() });
    await b.records.appendEvent({ callId: 'fl-call-3', at: new Date(), type: 'enqueued', leg: 'caller', data: { queueId: 'general' } });
    await b.records.appendEvent({ callId: 'fl-call-3', at: new Date(), type: 'agent_offered', leg: 'agent', data: { agentId: 'fl-li-na', viaQueueId: 'general' } });
    await b.records.appendEvent({ callId: 'fl-call-3', at: new Date(), type: 'leg_answered', leg: 'agent', data: { agentId: 'fl-li-na' } });
    await b.records.updateCall('fl-call-3', { agentId: 'fl-li-na', outcome: 'answered_by_agent' });
    await b.records.updateCall('fl-call-3', { endedAt: new Date() });
    await sup.until((es) => typed(es, 'call_ended').length === 1 && typed(es, 'call_offered').length === 2);
    const mine = await own.until((es) => typed(es, 'call_ended').length === 1);
    const seen = mine.filter((e) => e.event !== 'ready').map((e) => e.data as FloorEvent);
    expect(seen.map((e) => e.type)).toEqual(['agent_state', 'call_offered', 'call_answered', 'call_ended']);
    expect(seen.every((e) => 'agentId' in e && e.agentId === 'fl-li-na')).toBe(true);
    expect(seen[1]).toMatchObject({ type: 'call_offered', callId: 'fl-call-3', callerNumber: '13700137000', queueId: 'general' });
    expect(typed(sup.events, 'call_started').map((e) => (e.data as { callId: string }).callId)).toEqual(['fl-call-2', 'fl-call-3']);
  });

  it('a console that reconnects with Last-Event-ID gets exactly what it missed, in order, from either instance', async () => {
    const first = await a.stream(tokens.supervisor);
    await ready(first);
    await a.agentStates.save('fl-li-na', { status: 'not_ready', since: Date.now(), reason: 'break', note: null });
    const [seen] = typed(await first.until((es) => typed(es, 'agent_state').length === 1), 'agent_state');
    first.close();
    for (const status of ['ready', 'offline'] as const) await b.agentStates.save('fl-li-na', { status, since: Date.now() });
    await b.agentStates.save('fl-zhang-wei', { status: 'ready', since: Date.now() });
    await b.publishing.idle();
    for (const [instance, how] of [[b, 'header'], [a, 'query']] as const) {
      const again = how === 'header'
        ? await instance.stream(tokens.supervisor, { lastEventId: seen!.id! })
        : await instance.stream(tokens.supervisor, { path: `/api/events?lastEventId=${seen!.id!}` });
      const events = await again.until((es) => es.some((e) => e.event === 'ready'));
      expect(events.map((e) => [e.event, (e.data as { agentId?: string; state?: { status: string } }).state?.status])).toEqual([
        ['agent_state', 'ready'], ['agent_state', 'offline'], ['agent_state', 'ready'], ['ready', undefined],
      ]);
      expect(events.at(-1)!.id).toBe(events.at(-2)!.id);
      again.close();
    }
  });

  it('too far behind (trimmed) or an id this log never gave: a reset with the latest id, then live events', async () => {
    const small = `${prefix}small:`;
    const one = await startInstance(100, small);
    const first = await one.events.publish({ type: 'queue', queueId: 'general', waiting: 0, callbacks: 0, oldestQueuedAt: null });
    for (let i = 1; i <= 400; i += 1) await one.events.publish({ type: 'queue', queueId: 'general', waiting: i, callbacks: 0, oldestQueuedAt: null });
    for (const lastEventId of [first, '99999999999999-0']) {
      const head = await one.events.head();
      const s = await one.stream(tokens.supervisor, { lastEventId });
      const events = await s.until((es) => es.some((e) => e.event === 'ready'));
      expect(events.map((e) => [e.event, e.id])).toEqual([['reset', head], ['ready', head]]);
      await one.events.publish({ type: 'queue', queueId: 'general', waiting: 1, callbacks: 0, oldestQueuedAt: null });
      await s.until((es) => typed(es, 'queue').length === 1);
      s.close();
    }
    await one.events.close();
  });

  it('one instance at a time holds the watch: a change of the waiting callers is published once', async () => {
    const watch = (inst: typeof a, name: string) =>
      createFloorWatch({
        lead: createRedisFloorLead({ redis: inst.redis, redisPrefix: prefix, instance: name, leadMs: 5_000 }),
        waiting: () => inst.waiting.list(),
        agentStates: () => inst.states.all(),
        incidents: async () => [],
        queueIds: () => ['general'],
        publish: (e) => inst.events.publish(e),
        limits,
        now: () => Date.now(),
        logger: quiet,
      });
    const wa = watch(a, 'instance-a');
    const wb = watch(b, 'instance-b');
    expect([await wa.tick(), await wb.tick()]).toEqual([true, false]);
    const sup = await b.stream(tokens.supervisor);
    await ready(sup);
    await a.waiting.add({ callId: 'fl-wait-1', queueId: 'general', priority: 0, queuedAt: Date.now() - 20_000 });
    await wa.tick();
    await wb.tick();
    const events = await sup.until((es) => typed(es, 'queue').length >= 1 && typed(es, 'alert').length >= 1);
    expect(typed(events, 'queue').map((e) => e.data)).toEqual([expect.objectContaining({ queueId: 'general', waiting: 1 })]);
    expect(typed(events, 'alert').map((e) => e.data)).toEqual([expect.objectContaining({ change: 'raised', alert: expect.objectContaining({ key: 'long_wait:general' }) })]);
    await wa.stop(); // gives up the lead
    expect(await wb.tick()).toBe(true);
    await wb.stop();
  });
});

describe('the floor figures and who may read them', () => {
  it('a supervisor loads the floor: waiting callers, agents by state with time in state, open alerts, the event id to follow from', async () => {
    const floor = await b.get('/api/floor', tokens.supervisor);
    expect(floor.status).toBe(200);
    const body = floor.body as unknown as {
      lastEventId: string; queues: Array<{ queueId: string; name: string; waiting: number; longestWaitSeconds: number; today: { offered: number } }>;
      agents: { byState: Record<string, number>; list: Array<{ agentId: string; name: string; secondsInState: number }> }; alerts: Array<{ key: string }>;
    };
    expect(body.lastEventId).toBe(await b.events.head());
    expect(body.queues[0]).toMatchObject({ queueId: 'general', name: '综合', waiting: 1 });
    expect(body.queues[0]!.longestWaitSeconds).toBeGreaterThanOrEqual(20);
    expect(body.agents.list.map((x) => [x.agentId, x.name])).toEqual([['fl-li-na', '李娜'], ['fl-zhang-wei', '张伟']]);
    expect(body.alerts.map((x) => x.key)).toContain('long_wait:general');
    const day = await b.get(`/api/floor/day?date=${chinaDayOf(new Date())}`, tokens.supervisor);
    expect(day.status).toBe(200);
    expect((day.body.bins as unknown[]).length).toBe(96);
    expect(day.body.totals).toMatchObject({ offered: 1, answered: 1 });
    const abandoned = await a.get('/api/floor/abandoned?date=2026-12-05', tokens.supervisor);
    expect(abandoned.body).toEqual({ day: '2026-12-05', calls: [], limit: 500, offset: 0 });
  });

  it('agents and auditors are refused the figures; auditors the events; bad input is a 400 that says why', async () => {
    for (const path of ['/api/floor', '/api/floor/day', '/api/floor/abandoned']) {
      expect((await a.get(path, tokens.agent)).status).toBe(403);
      expect((await a.get(path, tokens.auditor)).status).toBe(403);
    }
    const auditor = await a.stream(tokens.auditor);
    expect(auditor.status).toBe(403);
    for (const [path, message] of [
      ['/api/floor/day?date=2026-02-30', /date: must be a real date/],
      ['/api/floor/day?queueId=Bad%20Queue', /queueId/],
      ['/api/floor/abandoned?limit=0', /limit/],
      ['/api/floor?from=2026-12-05', /Unrecognized key/],
      ['/api/events?from=2026-12-05', /Unrecognized key/],
      ['/api/events?lastEventId=yesterday', /lastEventId: must be an event id/],
    ] as const) {
      const r = await a.get(path, tokens.supervisor);
      expect(r.status, path).toBe(400);
      expect(r.body.error?.message).toMatch(message);
    }
  });
});

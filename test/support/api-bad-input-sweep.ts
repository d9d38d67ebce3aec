// The bad-input sweep: every route of the HTTP API, on the real app (src/main.ts as a child
// process: its own database of one kind — PostgreSQL or embedded PGlite —, Redis under its own
// prefix, the local Asterisk under its own ARI app name), is sent a corpus of bad values
// (api-bad-input-sweep-requests.ts). Any 5xx fails, listing each (token, method, path, value);
// so does a 4xx without a JSON error message.
//
// The route table is the routers' own (route-table.ts): a route added to a router and not to the
// sweep's table (api-bad-input-sweep-table.ts) fails here until it gets its line. Each database
// kind is its own test file (test/integration/api-bad-input-sweep-*.test.ts), so the two run side
// by side; needs the stack up (`bash scripts/stack.sh up`).
//
// Side effects on the shared stack are kept inside the sweep: the agents it creates use the
// extensions of its SweepIds (each kind has its own) and are deleted at the end; surveys are
// placed in quiet hours through a context that does not exist; no call is routed to its ARI app.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallRecordsStore } from '../../src/adapters/db/call-records-store.js';
import type { Database } from '../../src/adapters/db/database.js';
import { migrate } from '../../src/adapters/db/migrate.js';
import { createPgliteDatabase } from '../../src/adapters/db/pglite-database.js';
import { createPostgresDatabase } from '../../src/adapters/db/postgres-database.js';
import { createRecordingsStore } from '../../src/adapters/db/recordings-store.js';
import { API_ACCESS_POLICY } from '../../src/domain/access/api-access-policy.js';
import { sweepRequests, type SweepRequest } from './api-bad-input-sweep-requests.js';
import { SWEEP_QUEUE, sweepTable, type SweepIds } from './api-bad-input-sweep-table.js';
import { createTestDatabase, startHotlineApp, type HotlineApp } from './hotline-app.js';
import { registeredRoutes } from './route-table.js';

export type { SweepIds } from './api-bad-input-sweep-table.js';

type Role = 'admin' | 'supervisor' | 'auditor' | 'agent';

/** Sends the request as given (node:http, not fetch: a GET may carry a body, and the path is not normalised). */
async function send(baseUrl: string, token: string | null, r: SweepRequest): Promise<{ status: number; problem: string | null }> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  if (r.body !== undefined) {
    headers['content-type'] = r.type ?? 'application/json';
    headers['content-length'] = String(Buffer.byteLength(r.body));
  }
  const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const base = new URL(baseUrl);
    const req = httpRequest({ host: base.hostname, port: base.port, path: r.url, method: r.method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(r.body);
  });
  if (status < 400) return { status, problem: null };
  let message: unknown;
  try {
    message = (JSON.parse(text) as { error?: { message?: unknown } }).error?.message;
  } catch {
    message = undefined;
  }
  return { status, problem: typeof message === 'string' && message.length > 0 ? null : `no JSON error message: ${text.slice(0, 80)}` };
}

/** Runs the requests a few at a time; each answer that is a 5xx, or a 4xx without a JSON message, is a failure line. */
async function run(baseUrl: string, label: string, token: string | null, requests: SweepRequest[]): Promise<string[]> {
  const failures: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const r = requests[next++]!;
      const answer = await send(baseUrl, token, r).catch((err: unknown) => ({ status: 0, problem: `no answer: ${String(err)}` }));
      if (answer.status >= 500 || answer.status === 0) failures.push(`${answer.status} ${label} ${r.method} ${r.url.slice(0, 100)} — ${r.what}`);
      else if (answer.problem) failures.push(`${answer.status} ${label} ${r.method} ${r.url.slice(0, 100)} — ${r.what}: ${answer.problem}`);
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  return failures;
}

/** A finished call with a recording on disk, so the recording route gets as far as the audit log. */
async function seedRecordedCall(db: Database, call: string, recordingsDir: string): Promise<void> {
  await migrate(db);
  await createCallRecordsStore(db).openCall({ callId: call, channelId: `PJSIP/trunk-${call}`, callerNumber: '13800138000', dialedNumber: '12345', startedAt: new Date() });
  await createRecordingsStore(db).add({ callId: call, name: `call-${call}`, format: 'wav', bridgeId: `bridge-${call}`, startedAt: new Date() });
  await writeFile(join(recordingsDir, `call-${call}.wav`), Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1'));
}

/** The app of one sweep, on its own database of `kind`, and the tokens the sweep sends. */
interface SweepApp {
  baseUrl(): string;
  tokens: Record<Role, string>;
  /** Seeds the database first (PGlite takes one handle, so before the app opens it), then starts the app. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

function createSweepApp(kind: 'postgres' | 'pglite', ids: SweepIds, call: string): SweepApp {
  let app: HotlineApp | undefined;
  let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  let recordingsDir: string | undefined;
  const tokens: Record<Role, string> = { admin: '', supervisor: '', auditor: '', agent: '' };

  const startApp = async (dir: string): Promise<HotlineApp> => {
    let databaseEnv: { databaseUrl?: string; PGLITE_DIR?: string };
    if (kind === 'postgres') {
      database = await createTestDatabase();
      const db = await createPostgresDatabase({ connectionString: database.url, onError: () => undefined });
      await seedRecordedCall(db, call, dir).finally(() => db.close());
      databaseEnv = { databaseUrl: database.url };
    } else {
      const pgliteDir = join(dir, 'pglite');
      const db = await createPgliteDatabase({ dataDir: pgliteDir });
      await seedRecordedCall(db, call, dir).finally(() => db.close());
      databaseEnv = { PGLITE_DIR: pgliteDir };
    }
    return startHotlineApp({
      ...(databaseEnv.databaseUrl ? { databaseUrl: databaseEnv.databaseUrl } : {}),
      env: {
        ARI_APP: `hotline-sweep-${kind}-${randomBytes(3).toString('hex')}`,
        LOG_LEVEL: 'warn',
        QUEUE_LOG_FILE: 'off',
        RECORDINGS_DIR: dir,
        SURVEY_QUIET_HOURS: '00:00-23:59',
        SURVEY_OUTBOUND_CONTEXT: 'hotline-sweep-nowhere',
        CALLBACK_OUTBOUND_CONTEXT: 'hotline-sweep-nowhere',
        // the cheapest scrypt cost the hash format accepts: hundreds of passwords are hashed here
        CONSOLE_PASSWORD_SCRYPT_LOG2N: '14',
        ...(databaseEnv.PGLITE_DIR ? { PGLITE_DIR: databaseEnv.PGLITE_DIR } : {}),
      },
    });
  };

  return {
    tokens,
    baseUrl() {
      if (!app) throw new Error('the sweep app is not running');
      return app.baseUrl;
    },
    async start() {
      recordingsDir = await mkdtemp(join(tmpdir(), `hotline-sweep-${kind}-`));
      const started = await startApp(recordingsDir);
      app = started;
      await started.waitReady(60_000);
      tokens.admin = started.adminToken;
      const created = await started.request('POST', '/api/agents', {
        body: { agentId: ids.agent, name: '扫描坐席', extension: ids.extensions[0], skills: { general: 3 }, languages: ['zh'], group: '一班' },
      });
      if (created.status !== 201) throw new Error(`could not create the sweep agent: ${created.status} ${JSON.stringify(created.body)}`);
      const queue = await started.request('PUT', `/api/queues/${SWEEP_QUEUE}`, { body: { name: '扫描队列', requiredSkills: [{ skill: 'general', minProficiency: 1 }] } });
      if (queue.status !== 201) throw new Error(`could not create the sweep queue: ${queue.status} ${JSON.stringify(queue.body)}`);
      tokens.supervisor = await started.createToken('supervisor');
      tokens.auditor = await started.createToken('auditor');
      tokens.agent = await started.createToken('agent', { agentId: ids.agent });
    },
    async stop() {
      // the agents the sweep created leave Asterisk with their softphone accounts
      if (app) {
        const running = app;
        const list = await running.get<{ agents?: Array<{ agentId: string }> }>('/api/agents').catch(() => null);
        for (const a of list?.body.agents ?? []) await running.request('DELETE', `/api/agents/${a.agentId}`).catch(() => undefined);
        await running.stop();
      }
      await database?.drop();
      database = undefined;
      if (recordingsDir) await rm(recordingsDir, { recursive: true, force: true });
    },
  };
}

/** The sweep on an app whose records are on `kind`; `ids` are the agents and extensions it alone uses. */
export function sweepBadInput(kind: 'postgres' | 'pglite', ids: SweepIds): void {
  const call = `1772355600.${randomBytes(3).toString('hex')}`;
  const sweep = createSweepApp(kind, ids, call);
  const table = sweepTable(ids, call);

  describe(`bad input on every route answers 4xx with a message, never 5xx (records on ${kind})`, async () => {
    const routes = await registeredRoutes();
    beforeAll(() => sweep.start(), 120_000);
    afterAll(() => sweep.stop(), 60_000);

    it('every route of the route table has its line in the sweep', () => {
      expect(routes.length).toBeGreaterThan(30);
      expect(routes.filter((r) => !table[`${r.method} ${r.path}`]).map((r) => `${r.method} ${r.path} (${r.file})`), 'add these routes to the sweep table').toEqual([]);
    });

    it.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s', async (_name, route) => {
      const base = table[`${route.method} ${route.path}`] ?? {};
      const rule = API_ACCESS_POLICY.find((p) => p.method === route.method && p.path === route.path);
      // every role the route lets in gets the whole sweep (admin first), an agent token the short one
      // (its own agent on the routes it may use, otherwise it is turned away before its input is read)
      const roles = rule?.public ? [] : (['admin', 'supervisor', 'auditor'] as const).filter((r) => rule?.roles.includes(r));
      const failures: string[] = [];
      let sent = 0;
      if (rule?.public) {
        const requests = sweepRequests(route, base, true);
        sent += requests.length;
        failures.push(...(await run(sweep.baseUrl(), 'no token', null, requests)));
      }
      for (const role of roles) {
        const requests = sweepRequests(route, base, true);
        sent += requests.length;
        failures.push(...(await run(sweep.baseUrl(), role, sweep.tokens[role], requests)));
      }
      const agentRequests = sweepRequests(route, base, rule?.ownAgent === true);
      sent += agentRequests.length;
      failures.push(...(await run(sweep.baseUrl(), 'agent', sweep.tokens.agent, agentRequests)));
      expect(sent).toBeGreaterThan(0);
      const serverErrors = failures.filter((f) => !/^4/.test(f)).length;
      expect(failures, `${serverErrors} 5xx and ${failures.length - serverErrors} 4xx without a message, of ${sent} requests:\n${failures.join('\n')}`).toEqual([]);
    }, 300_000);
  });
}

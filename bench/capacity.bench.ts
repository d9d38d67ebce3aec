// Capacity on the real Asterisk, side by side in one run: citizens call at a rising rate (a step
// ladder, STEP_SECONDS per step) through the app's full path — greeting, skill queue, an agent,
// the agent ends the service by hanging up, the caller rates with a key, the app hangs up — and
// then through Asterisk's own Queue() (a greeting played by the dialplan, then the static queue
// hotline-general with the same agents as members, on the same Asterisk). The agents are
// auto-answering SIPp phones (bench/call-load.ts). A step passes when every call succeeded at
// SIPp and reached an agent (and, on the app path, has a record answered by an agent and rated)
// and the p99 setup time (INVITE → 200 OK) is at most 2 s; each path climbs until a step fails.
// Per step: calls/s, failed calls, p50/p99 setup, p50/p99 time from the INVITE to the agent's phone
// ringing, CPU seconds of Asterisk, the app, Redis and PostgreSQL (/proc/<pid>/stat), and the app's
// event-loop lag (GET /api/system/process).
// Run: flock /tmp/hotline12345-e2e.lock npx tsx bench/capacity.bench.ts   (root: brings the stack up)
//   CAPACITY_RATES (default 2,4,7,10,14,18,24,30), CAPACITY_STEP_SECONDS (15),
//   CAPACITY_AGENTS (400), CAPACITY_HOLD_SECONDS (5: the agent's talk before hanging up),
//   CAPACITY_APP_NODE_OPTIONS (the app's NODE_OPTIONS, e.g. --import <a profiler module> to see where its CPU goes),
//   CAPACITY_APP_ENV (KEY=value,KEY=value: more app settings, to compare runs with one setting changed),
//   CAPACITY_ASTERISK_CPUS (e.g. 0: Asterisk alone on those CPUs, everything else on the others; its own section)
// Writes the "Capacity: app path vs app_queue" section of BENCHMARKS.md.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { pino } from 'pino';
import { createAmiConnection, type AmiConnection } from '../src/adapters/ami/ami-connection.js';
import { asteriskPid, consoleMark, taskQueueBacklogs } from './asterisk-probe.js';
import { writeBenchmarkSection } from './benchmarks-file.js';
import { appSettings, placeOnCpus } from './capacity-setup.js';
import { childPid, cpuDelta, cpuOf, createBenchAgents, pidsOf, loadAverage, percentile, placeCalls, startAgentPhones, type AgentAccount, type AgentPhones } from './call-load.js';
import { createTestDatabase, startHotlineApp, waitFor, type HotlineApp } from '../test/support/hotline-app.js';
import { REPO_DIR, readStackEnv } from '../test/support/stack-env.js';
import type { ProcessFigures } from '../src/adapters/http/process-routes.js';

const RATES = (process.env.CAPACITY_RATES ?? '2,4,7,10,14,18,24,30').split(',').map(Number);
const STEP_SECONDS = Number(process.env.CAPACITY_STEP_SECONDS ?? 15);
const AGENTS = Number(process.env.CAPACITY_AGENTS ?? 400);
const HOLD_MS = 1000 * Number(process.env.CAPACITY_HOLD_SECONDS ?? 5);
const SETUP_LIMIT_MS = 2_000;
const PATHS = (process.env.CAPACITY_PATHS ?? 'app_queue,app').split(',');
const STATIC_NUMBER = '12399'; // added to [from-carrier] at run time for the Queue() path, removed after
const AGENT_PORT = 36000;
const CALLER_PORT = 37000;
const RATING_KEY = '5'; // not an emergency (1–4) or callback (9) key: pressed early it is only noted
const RATING_WAIT_SECONDS = 6; // the app_queue path's Read(): a key within 6 s of the question (the app's RATING_KEY_TIMEOUT_MS)
const BENCH_RECORDING_PREFIX = 'bench-capacity-';
const ASTERISK_CPUS = process.env.CAPACITY_ASTERISK_CPUS ?? '';
const SECTION = ASTERISK_CPUS ? 'Capacity with Asterisk on a CPU of its own: app path vs app_queue' : 'Capacity: app path vs app_queue (real Asterisk)';
const SETTLE_MS = 30_000; // between the two paths

const stack = (...args: string[]) => execFileSync('bash', ['scripts/stack.sh', ...args], { cwd: REPO_DIR, encoding: 'utf8' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Step {
  path: 'app' | 'app_queue';
  rate: number;
  calls: number;
  failed: number;
  setupP50: number;
  setupP99: number;
  ringP50: number;
  ringP99: number;
  cpu: { asterisk: number; app: number; redis: number; postgres: number };
  wallSeconds: number;
  lagP99: number | null;
  lagMax: number | null;
  notes: string[];
}


/** The app_queue path's ratings, by caller number (the dialplan's UserEvent BenchRating). */
const queueRatings = new Map<string, string>();

let numberSeq = 0;
const runTag = String(Date.now() % 100).padStart(2, '0');
const nextNumbers = (n: number) => Array.from({ length: n }, () => `139${runTag}${String(numberSeq++).padStart(6, '0')}`);

async function runStep(path: Step['path'], rate: number, phones: AgentPhones, app: HotlineApp | null): Promise<Step> {
  const numbers = nextNumbers(rate * STEP_SECONDS);
  const astPid = asteriskPid();
  const appPid = app ? childPid('src/main.ts') : undefined;
  const pids = { asterisk: [astPid], app: appPid ? [appPid] : [], redis: pidsOf('redis-server'), postgres: pidsOf('postgres') };
  const before = Object.fromEntries(Object.entries(pids).map(([k, v]) => [k, cpuOf(v)])) as Record<keyof typeof pids, Map<number, number>>;
  const lags: ProcessFigures['eventLoop'][] = [];
  let sampling = !!app;
  const sampler = (async () => {
    while (sampling && app) {
      await sleep(5_000);
      const r = await app.get<ProcessFigures>('/api/system/process').catch(() => null);
      if (r?.status === 200) lags.push(r.body.eventLoop);
    }
  })();
  const mark = consoleMark();
  const t0 = Date.now();
  const run = await placeCalls({
    dial: path === 'app' ? '12345' : STATIC_NUMBER,
    numbers,
    ratePerSecond: rate,
    port: CALLER_PORT,
    key: RATING_KEY,
    firstKeyMs: HOLD_MS + 2_000,
  });
  const wallSeconds = (Date.now() - t0) / 1000;
  sampling = false;
  await sampler;
  const after = Object.fromEntries(Object.entries(pids).map(([k, v]) => [k, cpuOf(v)])) as typeof before;
  const invites = phones.invites();
  const ring = numbers.flatMap((n) => (invites.has(n) && run.placed.has(n) ? [invites.get(n)! - run.placed.get(n)!] : []));
  const notes: string[] = [];
  let failed = run.failed;
  const noAgent = numbers.filter((n) => !invites.has(n)).length;
  if (noAgent) notes.push(`${noAgent} never reached an agent`);
  if (run.failed) notes.push(`${run.failed} failed at SIPp (${run.dir}/errors.log)`);
  const backlogs = taskQueueBacklogs(mark);
  if (backlogs.length) notes.push(`Asterisk task queues backed up: ${backlogs.join(', ')}`);
  if (app) {
    await sleep(2_000);
    const records = await callRecords(app, new Set(numbers));
    const bad = records.filter((c) => c.outcome !== 'answered_by_agent' || !c.rating || c.rating === 'not_rated');
    const missing = numbers.length - records.length;
    if (missing) notes.push(`${missing} without a record`);
    if (bad.length) notes.push(`${bad.length} records not answered by an agent and rated (${[...new Set(bad.map((c) => `${c.outcome}/${c.rating}`))].join(', ')})`);
    failed = Math.max(failed, noAgent, missing + bad.length);
  } else {
    await sleep(2_000);
    const unrated = numbers.filter((n) => queueRatings.get(n) !== RATING_KEY).length;
    if (unrated) notes.push(`${unrated} not rated with ${RATING_KEY} after the agent (Read)`);
    failed = Math.max(failed, noAgent, unrated);
  }
  return {
    path, rate, calls: numbers.length, failed,
    setupP50: percentile(run.setupMs, 50), setupP99: percentile(run.setupMs, 99),
    ringP50: percentile(ring, 50), ringP99: percentile(ring, 99),
    cpu: {
      asterisk: cpuDelta(before.asterisk, after.asterisk), app: cpuDelta(before.app, after.app),
      redis: cpuDelta(before.redis, after.redis), postgres: cpuDelta(before.postgres, after.postgres),
    },
    wallSeconds,
    lagP99: lags.length ? Math.max(...lags.map((l) => l.p99Ms)) : null,
    lagMax: lags.length ? Math.max(...lags.map((l) => l.maxMs)) : null,
    notes,
  };
}

async function callRecords(app: HotlineApp, numbers: Set<string>) {
  const out: Array<{ callerNumber: string; outcome: string; rating: string | null }> = [];
  for (let offset = 0; ; offset += 500) {
    const r = await app.get<{ calls: Array<{ callerNumber: string; outcome: string; rating: string | null }> }>(`/api/calls?limit=500&offset=${offset}`);
    out.push(...r.body.calls.filter((c) => numbers.has(c.callerNumber)));
    if (r.body.calls.length < 500) return out;
  }
}

const passed = (s: Step) => s.failed === 0 && s.setupP99 <= SETUP_LIMIT_MS;

async function ladder(path: Step['path'], phones: AgentPhones, app: HotlineApp | null): Promise<Step[]> {
  const steps: Step[] = [];
  for (const rate of RATES) {
    if (rate * STEP_SECONDS > 5000) break;
    const step = await runStep(path, rate, phones, app);
    steps.push(step);
    console.log(row(step), `load ${loadAverage()}`);
    await sleep(5_000); // late hang-ups, wrap-up
    if (!passed(step)) break;
  }
  return steps;
}

const f0 = (n: number | null) => (n === null || Number.isNaN(n) ? '-' : n.toFixed(0));
const f1 = (n: number) => n.toFixed(1);
const row = (s: Step) =>
  `| ${s.path} | ${s.rate} | ${s.calls} | ${s.failed} | ${f0(s.setupP50)} / ${f0(s.setupP99)} | ${f0(s.ringP50)} / ${f0(s.ringP99)} | ` +
  `${f1(s.cpu.asterisk)} | ${f1(s.cpu.app)} | ${f1(s.cpu.redis)} | ${f1(s.cpu.postgres)} | ${f1(s.wallSeconds)} | ` +
  `${s.lagP99 === null ? '-' : `${s.lagP99.toFixed(1)} / ${s.lagMax!.toFixed(0)}`} | ${passed(s) ? 'pass' : 'FAIL'}${s.notes.length ? `: ${s.notes.join('; ')}` : ''} |`;

async function staticQueue(ami: AmiConnection, accounts: AgentAccount[], add: boolean, greeting: string): Promise<void> {
  const env = readStackEnv();
  const queue = env.FALLBACK_QUEUE ?? 'hotline-general';
  for (const a of accounts) {
    const action: { action: string } & Record<string, string> = add
      ? { action: 'QueueAdd', Queue: queue, Interface: `PJSIP/${a.extension}`, Penalty: '0', MemberName: `bench ${a.extension}`, Paused: 'false' }
      : { action: 'QueueRemove', Queue: queue, Interface: `PJSIP/${a.extension}` };
    await ami.action(action).catch((err: unknown) => { if (add) throw err; });
  }
  // the same work as the app's path: the call recorded, the greeting, the queue, and once the
  // agent hangs up the same rating question (two asks, like the app) and thanks; the key pressed
  // is told to the bench by a UserEvent, so a call counts only if it was rated here too
  const steps = [
    'Answer()',
    `MixMonitor(${BENCH_RECORDING_PREFIX}\${UNIQUEID}.wav)`,
    `Playback(${greeting})`,
    'Set(CHANNEL(musicclass)=default)',
    `Queue(${queue},ct,,,600)`,
    `Read(RATING,hotline/survey-intro,1,,2,${RATING_WAIT_SECONDS})`,
    'UserEvent(BenchRating,Number:${CALLERID(num)},Rating:${RATING})', // no spaces: the CLI splits on them
    'Playback(hotline/survey-thanks)',
    'Hangup()',
  ];
  if (add) steps.forEach((app, i) => stack('cli', `dialplan add extension ${STATIC_NUMBER},${i + 1},${app} into from-carrier replace`));
  else {
    stack('cli', `dialplan remove extension ${STATIC_NUMBER}@from-carrier`);
    const monitor = `${REPO_DIR}.stack/asterisk/root/var/spool/asterisk/monitor`;
    if (existsSync(monitor)) for (const f of readdirSync(monitor)) if (f.startsWith(BENCH_RECORDING_PREFIX)) rmSync(`${monitor}/${f}`, { force: true });
  }
}

async function main(): Promise<void> {
  stack('up');
  const placement = placeOnCpus(ASTERISK_CPUS);
  const db = await createTestDatabase();
  const appEnv = {
    LOG_LEVEL: 'warn', AGENT_WRAP_UP_SECONDS: '5', QUEUE_LOG_FILE: 'off',
    RATING_KEYS: `${RATING_KEY}=satisfied,6=basically_satisfied,7=dissatisfied`,
    ...(process.env.ARI_EVENT_FILTER ? { ARI_EVENT_FILTER: process.env.ARI_EVENT_FILTER } : {}),
    ...(process.env.CALL_RECORDING ? { CALL_RECORDING: process.env.CALL_RECORDING } : {}),
    // e.g. "--import <file>" of a module that starts node:inspector's profiler (--cpu-prof is not allowed in NODE_OPTIONS)
    ...(process.env.CAPACITY_APP_NODE_OPTIONS ? { NODE_OPTIONS: process.env.CAPACITY_APP_NODE_OPTIONS } : {}),
    ...appSettings(process.env.CAPACITY_APP_ENV ?? ''),
  };
  const start = () => startHotlineApp({ databaseUrl: db.url, env: appEnv });
  let app: HotlineApp | null = await start();
  const env = readStackEnv();
  const ami = createAmiConnection({
    host: env.AMI_HOST ?? '127.0.0.1', port: Number(env.AMI_PORT ?? 5038), username: env.AMI_USERNAME ?? 'hotline',
    secret: env.AMI_SECRET ?? '', logger: pino({ level: 'silent' }),
  });
  let phones: AgentPhones | undefined;
  let accounts: AgentAccount[];
  const ids: string[] = [];
  const base = 70000 + 1000 * Math.floor(Math.random() * 9);
  const greeting = existsSync(`${REPO_DIR}sounds/zh/greeting-short.wav`) ? 'hotline/greeting-short' : 'hotline/greeting';
  try {
    await app.waitReady();
    accounts = await createBenchAgents(app, { prefix: 'cap', count: AGENTS, base, group: 'capacity' }, ids);
    phones = await startAgentPhones(accounts, AGENT_PORT, HOLD_MS);
    console.log(`${AGENTS} agents registered on 127.0.0.1:${AGENT_PORT}; load ${loadAverage()}`);

    // Asterisk's Queue() first, with the app stopped (its agents' endpoints stay in Asterisk)
    await app.stop();
    app = null;
    ami.on('UserEvent', (e) => {
      if (String(e.userevent) === 'BenchRating') queueRatings.set(String(e.number ?? ''), String(e.rating ?? ''));
    });
    ami.start();
    await waitFor('AMI', () => (ami.ready ? true : undefined), 10_000);
    await staticQueue(ami, accounts, true, greeting);
    const loadBefore = loadAverage();
    let staticSteps: Step[] = [];
    try {
      if (PATHS.includes('app_queue')) staticSteps = await ladder('app_queue', phones, null);
    } finally {
      await staticQueue(ami, accounts, false, greeting);
    }

    // the app's path: the same agents logged in and ready, once Asterisk has worked off the last
    // step (a failing step leaves its task queues backed up for a while)
    if (staticSteps.length) await sleep(SETTLE_MS);
    app = await start();
    await app.waitReady();
    for (const id of ids) await app.request('POST', `/api/agents/${id}/login`, { body: { ready: true } });
    const appSteps = PATHS.includes('app') ? await ladder('app', phones, app) : [];
    const loadAfter = loadAverage();

    const best = (steps: Step[]) => steps.filter(passed).at(-1);
    const bestApp = best(appSteps);
    const bestStatic = best(staticSteps);
    const ratio = bestApp && bestStatic ? bestApp.rate / bestStatic.rate : NaN;
    const table = [
      '| path | calls/s | calls | failed | setup p50 / p99 ms | INVITE → agent rings p50 / p99 ms | Asterisk CPU s | app CPU s | Redis CPU s | PostgreSQL CPU s | step s | event-loop lag p99 / max ms | result |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
      ...staticSteps.map(row),
      ...appSteps.map(row),
    ].join('\n');
    const commit = execFileSync('git', ['log', '-1', '--format=%h %s'], { cwd: REPO_DIR, encoding: 'utf8' }).trim().slice(0, 90);
    const body = [
      `\`${ASTERISK_CPUS ? `CAPACITY_ASTERISK_CPUS=${ASTERISK_CPUS} ` : ''}flock /tmp/hotline12345-e2e.lock npx tsx bench/capacity.bench.ts\` — ${new Date().toISOString().slice(0, 16)}Z on \`${commit}\`; Asterisk 22, the app (Node ${process.version}), Redis, PostgreSQL and both SIPp processes, all on loopback;`,
      `${placement.describe}; load average ${loadBefore} before and ${loadAfter} after.`,
      '',
      `${AGENTS} agents: auto-answering SIPp phones (one SIPp answers for all; each agent hangs up after ${HOLD_MS / 1000} s of talk), 5 s wrap-up on both paths.`,
      `Callers: SIPp from the carrier address at a fixed rate for ${STEP_SECONDS} s per step, no media sent; each step runs until its last call has ended.`,
      `- **app**: 12345 → Stasis → the app's greeting (${greeting}) → skill queue \`general\` → an agent → the agent hangs up (end of service) → the rating question → the caller presses ${RATING_KEY} (the bench's rating key; from ${(HOLD_MS + 2000) / 1000} s after the answer, every 2 s, until the hangup) → thanks → the app hangs up. A call counts as failed unless SIPp completed it, the agent's phone rang with its number, and its record is answered by an agent and rated.`,
      `- **app_queue**: ${STATIC_NUMBER} (added to [from-carrier] for the run) → Answer, MixMonitor (the call recorded, as the app records its bridge), Playback(${greeting}) → Queue(hotline-general, option c) with the same agents as members (strategy leastrecent) → the agent hangs up → the same rating question (Read, two asks, 6 s each) → the caller presses ${RATING_KEY} → thanks → Asterisk hangs up (the app is stopped). Failed: SIPp did not complete it, no agent's phone rang with its number, or the dialplan did not read ${RATING_KEY} (a UserEvent per call). Not on this path: the app's talk detection on both legs and its records.`,
      `Setup: the caller's INVITE → 200 OK. "INVITE → agent rings": the caller's INVITE to the INVITE at the agent's phone, which includes the greeting where the queue waits for it.`,
      `CPU seconds over the step (user + system, /proc/<pid>/stat; PostgreSQL: every postgres process). Event-loop lag: the highest p99 and max the app reported (GET /api/system/process, 30–60 s windows) while the step ran.`,
      `A step passes with 0 failed calls and setup p99 ≤ ${SETUP_LIMIT_MS} ms; each path stops after its first failing step (or the last rate).`,
      '',
      table,
      '',
      `Highest sustained rate with 0 failed calls: app ${bestApp ? `${bestApp.rate} calls/s` : 'none'}, app_queue ${bestStatic ? `${bestStatic.rate} calls/s` : 'none'}` +
        (Number.isNaN(ratio) ? '.' : ` (app / app_queue = ${ratio.toFixed(2)}×).`),
    ].join('\n');
    console.log(`\n${body}\n`);
    if (process.env.BENCH_WRITE !== "0") await writeBenchmarkSection(SECTION, body);
  } finally {
    await phones?.stop(); // unregisters while the accounts still exist
    if (app) {
      for (const id of ids) await app.request('POST', `/api/agents/${id}/logout`).catch(() => undefined);
      for (const id of ids) await app.request('DELETE', `/api/agents/${id}`).catch(() => undefined);
    }
    await ami.stop().catch(() => undefined);
    await app?.stop();
    await db.drop();
    placement.restore();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

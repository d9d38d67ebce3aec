// Time to a person on the real Asterisk: from the caller's 200 OK (the app answers) to the
// caller bridged with an agent, as the call record keeps it (timeToAgentMs; from the timeline's
// `answered` and the caller's `bridge_entered` into the agent's bridge on code without it).
//  - idle agents: a call every few seconds, each finding idle auto-answering agents;
//  - busy hour: calls at TTP_BUSY_RATE per second for TTP_BUSY_SECONDS with TTP_BUSY_AGENTS agents.
// Agents and callers are SIPp (bench/call-load.ts); every agent hangs up after TTP_HOLD_SECONDS,
// the caller rates. Run: flock /tmp/hotline12345-e2e.lock npx tsx bench/time-to-person.bench.ts
//   TTP_IDLE_CALLS (20), TTP_IDLE_GAP_SECONDS (5), TTP_BUSY_RATE (1.5), TTP_BUSY_SECONDS (60), TTP_BUSY_AGENTS (40), TTP_HOLD_SECONDS (8)
// Prints the figures and writes the "Time to a person" section of BENCHMARKS.md.
import { execFileSync } from 'node:child_process';
import { writeBenchmarkSection } from './benchmarks-file.js';
import { createBenchAgents, loadAverage, percentile, placeCalls, startAgentPhones } from './call-load.js';
import { createTestDatabase, startHotlineApp, type HotlineApp } from '../test/support/hotline-app.js';
import { REPO_DIR } from '../test/support/stack-env.js';

const IDLE_CALLS = Number(process.env.TTP_IDLE_CALLS ?? 20);
const BUSY_RATE = Number(process.env.TTP_BUSY_RATE ?? 1.5);
const BUSY_SECONDS = Number(process.env.TTP_BUSY_SECONDS ?? 60);
const BUSY_AGENTS = Number(process.env.TTP_BUSY_AGENTS ?? 40);
const HOLD_MS = 1000 * Number(process.env.TTP_HOLD_SECONDS ?? 8);
const IDLE_GAP_SECONDS = Number(process.env.TTP_IDLE_GAP_SECONDS ?? 5);
const AGENT_PORT = 36100;
const CALLER_PORT = 37100;
const RATING_KEY = '5';
const SECTION = 'Time to a person (real Asterisk)';

interface CallView {
  callerNumber: string;
  outcome: string;
  rating: string | null;
  answeredAt: string | null;
  timeToAgentMs?: number | null;
  events?: Array<{ type: string; leg: string; at: string; data: Record<string, unknown> }>;
}

const runTag = String(Date.now() % 100).padStart(2, '0');
let seq = 0;
const numbers = (n: number) => Array.from({ length: n }, () => `137${runTag}${String(seq++).padStart(6, '0')}`);

/** timeToAgentMs of each call of `wanted`, from the record or its timeline. */
async function timesToAgent(app: HotlineApp, wanted: string[]): Promise<{ ms: number[]; notWithAgent: string[]; fromTimeline: boolean }> {
  const set = new Set(wanted);
  const list: Array<CallView & { callId: string }> = [];
  for (let offset = 0; ; offset += 500) {
    const r = await app.get<{ calls: Array<CallView & { callId: string }> }>(`/api/calls?limit=500&offset=${offset}`);
    list.push(...r.body.calls.filter((c) => set.has(c.callerNumber)));
    if (r.body.calls.length < 500) break;
  }
  const ms: number[] = [];
  const notWithAgent: string[] = wanted.filter((n) => !list.some((c) => c.callerNumber === n));
  let fromTimeline = false;
  for (const call of list) {
    if (call.timeToAgentMs !== undefined) {
      if (call.timeToAgentMs === null) notWithAgent.push(`${call.callerNumber} ${call.outcome}`);
      else ms.push(call.timeToAgentMs);
      continue;
    }
    fromTimeline = true;
    const view = (await app.get<CallView>(`/api/calls/${call.callId}`)).body;
    const answered = view.events?.find((e) => e.type === 'answered' && e.leg === 'caller');
    const bridged = view.events?.find((e) => e.type === 'bridge_entered' && e.leg === 'caller' && String(e.data.bridgeId ?? '').endsWith('-agentbridge'));
    if (answered && bridged) ms.push(Date.parse(bridged.at) - Date.parse(answered.at));
    else notWithAgent.push(`${call.callerNumber} ${call.outcome}`);
  }
  return { ms, notWithAgent, fromTimeline };
}

async function main(): Promise<void> {
  execFileSync('bash', ['scripts/stack.sh', 'up'], { cwd: REPO_DIR, stdio: 'ignore' });
  const db = await createTestDatabase();
  const app = await startHotlineApp({
    databaseUrl: db.url,
    env: { LOG_LEVEL: 'warn', AGENT_WRAP_UP_SECONDS: '2', QUEUE_LOG_FILE: 'off', RATING_KEYS: `${RATING_KEY}=satisfied,6=basically_satisfied,7=dissatisfied` },
  });
  const ids: string[] = [];
  let phones: Awaited<ReturnType<typeof startAgentPhones>> | null = null;
  try {
    await app.waitReady();
    const base = 60000 + 1000 * Math.floor(Math.random() * 9);
    const accounts = await createBenchAgents(app, { prefix: 'ttp', count: BUSY_AGENTS, base, group: 'ttp' }, ids);
    phones = await startAgentPhones(accounts, AGENT_PORT, HOLD_MS);
    const loadBefore = loadAverage();

    // idle agents: 6 agents ready, a call every IDLE_GAP_SECONDS: about 3 calls up at once, so each finds idle agents
    for (const id of ids.slice(0, 6)) await app.request('POST', `/api/agents/${id}/login`, { body: { ready: true } });
    const idleNumbers = numbers(IDLE_CALLS);
    const gapSeconds = IDLE_GAP_SECONDS;
    const idleRun = await placeCalls({ dial: '12345', numbers: idleNumbers, ratePerSecond: 1 / gapSeconds, port: CALLER_PORT, key: RATING_KEY, firstKeyMs: HOLD_MS + 2_000 });
    await new Promise((r) => setTimeout(r, 2_000));
    const idle = await timesToAgent(app, idleNumbers);

    // busy hour: every agent ready, calls at BUSY_RATE
    for (const id of ids.slice(6)) await app.request('POST', `/api/agents/${id}/login`, { body: { ready: true } });
    const busyNumbers = numbers(Math.round(BUSY_RATE * BUSY_SECONDS));
    const busyRun = await placeCalls({ dial: '12345', numbers: busyNumbers, ratePerSecond: BUSY_RATE, port: CALLER_PORT, key: RATING_KEY, firstKeyMs: HOLD_MS + 2_000 });
    await new Promise((r) => setTimeout(r, 2_000));
    const busy = await timesToAgent(app, busyNumbers);
    const loadAfter = loadAverage();

    const line = (name: string, calls: number, failed: number, t: typeof idle) =>
      `| ${name} | ${calls} | ${failed} | ${t.ms.length} | ${percentile(t.ms, 50).toFixed(0)} | ${percentile(t.ms, 90).toFixed(0)} | ${Math.max(...t.ms).toFixed(0)} |`;
    const table = [
      '| case | calls | failed at SIPp | with an agent | p50 ms | p90 ms | max ms |',
      '|---|---:|---:|---:|---:|---:|---:|',
      line(`idle agents (one call every ${gapSeconds} s, 6 agents)`, IDLE_CALLS, idleRun.failed, idle),
      line(`busy hour (${BUSY_RATE} calls/s for ${BUSY_SECONDS} s, ${BUSY_AGENTS} agents)`, busyNumbers.length, busyRun.failed, busy),
    ].join('\n');
    const nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();
    const commit = execFileSync('git', ['log', '-1', '--format=%h %s'], { cwd: REPO_DIR, encoding: 'utf8' }).trim().slice(0, 90);
    const body = [
      `\`flock /tmp/hotline12345-e2e.lock npx tsx bench/time-to-person.bench.ts\` — ${new Date().toISOString().slice(0, 16)}Z on \`${commit}\`; ${nproc} CPUs, Asterisk 22 on loopback,`,
      `the app on PostgreSQL (Node ${process.version}), SIPp callers and auto-answering SIPp agents; load average ${loadBefore} before and ${loadAfter} after.`,
      '',
      'Time to a person: from the caller\'s 200 OK (the app answers) to the caller bridged with the agent who answered, as the call record keeps it' +
        (idle.fromTimeline || busy.fromTimeline ? ' (from the timeline: `answered` → the caller\'s `bridge_entered` into the agent\'s bridge).' : ' (`timeToAgentMs`).'),
      `Each agent answers at once and hangs up after ${HOLD_MS / 1000} s; the caller then rates. Wrap-up 2 s. Default greeting settings of the app.`,
      '',
      table,
    ].join('\n');
    console.log(`\n${body}\n`);
    for (const [name, t] of [['idle', idle], ['busy', busy]] as const) if (t.notWithAgent.length) console.log(`${name}: not with an agent: ${t.notWithAgent.slice(0, 10).join(', ')}`);
    if (process.env.BENCH_WRITE !== '0') await writeBenchmarkSection(SECTION, body);
  } finally {
    await phones?.stop();
    for (const id of ids) await app.request('POST', `/api/agents/${id}/logout`).catch(() => undefined);
    for (const id of ids) await app.request('DELETE', `/api/agents/${id}`).catch(() => undefined);
    await app.stop();
    await db.drop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

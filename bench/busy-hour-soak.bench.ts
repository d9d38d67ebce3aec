// RELIABILITY scenario 10: a soak at busy-hour load on the real Asterisk. Citizens call 12345 at
// a steady rate for several minutes (SIPp, each staying 18–40 s: some are served by the agents'
// softphones, the others give up in the queue); the app process's heap (after a GC), its ARI
// listeners, call timers and calls in hand are sampled throughout; at the end every call must
// have a complete record (ended, an outcome, the caller's hang-up in the timeline).
// Run: npx tsx bench/busy-hour-soak.bench.ts   (needs root: it brings the local stack up)
//   SOAK_MINUTES (default 5), SOAK_CALLS_PER_MINUTE (default 30), SOAK_AGENTS (default 4)
// Prints the figures and writes the "Busy-hour soak" section of BENCHMARKS.md; exits 1 when a
// record is incomplete, the heap grew by more than 20 % from the warm-up, listeners leaked, or
// call timers outlived their calls.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeBenchmarkSection } from './benchmarks-file.js';
import type { ProcessFigures } from '../src/adapters/http/process-routes.js';
import { createCallScene } from '../test/support/call-scene.js';
import { createTestDatabase, startHotlineApp, type HotlineApp } from '../test/support/hotline-app.js';
import { REPO_DIR } from '../test/support/stack-env.js';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 5);
const PER_MINUTE = Number(process.env.SOAK_CALLS_PER_MINUTE ?? 30);
const AGENTS = Number(process.env.SOAK_AGENTS ?? 4);
const WARM_UP_CALLS = Math.min(PER_MINUTE, 30);
const SECTION = 'Busy-hour soak (real Asterisk)';

interface CallView {
  callId: string;
  outcome: string;
  endedAt: string | null;
  events: Array<{ type: string; leg: string }>;
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function figures(app: HotlineApp): Promise<ProcessFigures> {
  const r = await app.request<ProcessFigures>('GET', '/api/system/process?gc=1');
  if (r.status !== 200) throw new Error(`process figures: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

async function main(): Promise<void> {
  execFileSync('bash', ['scripts/stack.sh', 'up'], { cwd: REPO_DIR, stdio: 'ignore' });
  const db = await createTestDatabase();
  const app = await startHotlineApp({
    databaseUrl: db.url,
    env: {
      NODE_OPTIONS: '--expose-gc',
      LOG_LEVEL: 'info',
      AGENT_WRAP_UP_SECONDS: '2',
      QUEUE_LOG_FILE: join(mkdtempSync(join(tmpdir(), 'soak-')), 'queue_log'),
    },
  });
  const scene = createCallScene();
  try {
    await app.waitReady();
    const base = 9400 + 10 * Math.floor(Math.random() * 10);
    for (let i = 0; i < AGENTS; i++) {
      const extension = String(base + i);
      const created = await app.request('POST', '/api/agents', {
        body: { agentId: `soak${i}`, name: `话务员${i}`, extension, skills: { general: 3 }, languages: ['zh'], group: 'soak' },
      });
      if (created.status !== 201) throw new Error(`agent not created: ${JSON.stringify(created.body)}`);
      const password = (created.body.sip as { password: string }).password;
      await scene.softphone({ user: extension, password, answer: 'auto', port: 25500 + 5 * i });
      await app.request('POST', `/api/agents/soak${i}/login`, { body: { ready: true } });
    }

    const total = MINUTES * PER_MINUTE;
    const gapMs = 60_000 / PER_MINUTE;
    const numbers: string[] = [];
    const runs: Array<Promise<unknown>> = [];
    const samples: Array<{ atCall: number; f: ProcessFigures }> = [];
    let baseline: ProcessFigures | null = null;
    const started = Date.now();
    console.log(`soak: ${total} calls over ${MINUTES} min (${PER_MINUTE}/min), ${AGENTS} agents`);
    for (let n = 0; n < total; n++) {
      const number = `1371${String(Date.now() % 1000).padStart(3, '0')}${String(n).padStart(4, '0')}`;
      numbers.push(number);
      const stay = 18 + Math.floor(Math.random() * 23);
      runs.push((await scene.caller(number, stay)).run.done);
      if (n === WARM_UP_CALLS) {
        baseline = await figures(app);
        samples.push({ atCall: n, f: baseline });
      } else if (n > 0 && n % PER_MINUTE === 0) {
        samples.push({ atCall: n, f: await figures(app) });
        console.log(`  ${n} calls: heap ${mb(samples.at(-1)!.f.heapUsedBytes)} MB, listeners ${samples.at(-1)!.f.ariListeners}`);
      }
      const next = started + (n + 1) * gapMs;
      await sleep(Math.max(0, next - Date.now()));
    }
    const results = (await Promise.all(runs)) as Array<{ exitCode: number | null }>;
    const callersFailed = results.filter((r) => r.exitCode !== 0).length;
    await sleep(8_000); // late events, call reviews
    const end = await figures(app);
    samples.push({ atCall: total, f: end });

    // every call's record: ended, with an outcome and the caller's hang-up
    let complete = 0;
    const incomplete: string[] = [];
    const outcomes: Record<string, number> = {};
    for (const number of numbers) {
      const list = await app.get<{ calls: Array<{ callId: string }> }>(`/api/calls?number=${number}`);
      const id = list.body.calls[0]?.callId;
      const call = id ? (await app.get<CallView>(`/api/calls/${id}`)).body : null;
      const ok = !!call?.endedAt && call.outcome !== 'in_progress' && call.events.some((e) => e.type === 'hangup' && e.leg === 'caller');
      if (ok) {
        complete += 1;
        outcomes[call!.outcome] = (outcomes[call!.outcome] ?? 0) + 1;
      } else incomplete.push(`${number}: ${call ? `${call.outcome}, ended ${call.endedAt}` : 'no record'}`);
    }
    const peakHeap = Math.max(...samples.map((s) => s.f.heapUsedBytes));
    const growth = baseline ? end.heapUsedBytes / baseline.heapUsedBytes - 1 : 0;
    const listenersLeaked = baseline ? end.ariListeners - baseline.ariListeners : 0;
    const nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();

    const body = [
      `\`npx tsx bench/busy-hour-soak.bench.ts\` — ${new Date().toISOString().slice(0, 10)}; ${nproc} CPUs, Asterisk 22 on loopback, SIPp callers, baresip agents, PostgreSQL, Node ${process.version}.`,
      '',
      `${total} calls to 12345 over ${MINUTES} min (${PER_MINUTE}/min, one every ${(gapMs / 1000).toFixed(1)} s), each caller staying 18–40 s after the answer;`,
      `${AGENTS} agents answering by themselves (2 s wrap-up), the rest give up in the queue. Heap after a forced GC (\`/api/system/process?gc=1\`).`,
      '',
      '| calls | complete records | outcomes | callers failed | heap after warm-up MB | peak heap MB | heap at end MB | growth | ARI listeners (warm-up → end) | timers / calls in hand at end |',
      '|---:|---:|---|---:|---:|---:|---:|---:|---|---|',
      `| ${total} | ${complete} | ${Object.entries(outcomes).map(([k, v]) => `${k} ${v}`).join(', ')} | ${callersFailed} | ${baseline ? mb(baseline.heapUsedBytes) : '-'} | ${mb(peakHeap)} | ${mb(end.heapUsedBytes)} | ${(growth * 100).toFixed(1)} % | ${baseline?.ariListeners ?? '-'} → ${end.ariListeners} | ${end.callTimers} / ${end.busyCalls} |`,
    ].join('\n');
    console.log(`\n${body}\n`);
    if (incomplete.length) console.log(`incomplete records:\n  ${incomplete.slice(0, 20).join('\n  ')}`);
    await writeBenchmarkSection(SECTION, body);
    // every call has ended: nothing may still be timed or in hand for one
    const failed = incomplete.length > 0 || growth > 0.2 || listenersLeaked > 0 || end.callTimers > 0 || end.busyCalls > 0 || !end.gcAvailable;
    if (failed) {
      console.error('soak FAILED: incomplete records, heap growth over 20 %, leaked listeners or timers, or no GC');
      process.exitCode = 1;
    }
  } finally {
    await scene.clear();
    await app.stop();
    await db.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

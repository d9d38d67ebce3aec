// Time from an agent becoming ready to the waiting caller's call ringing on the agent's
// softphone, on the real Asterisk: the app's ACD (agent set ready over the API) next to
// Asterisk's static Queue() in the same run (queue member unpaused over AMI).
// Run: npx tsx bench/agent-ready-to-ring.bench.ts   (needs root: it brings the local stack up)
// Prints a table and writes the "Agent ready → call ringing" section of BENCHMARKS.md.
import { writeBenchmarkSection } from './benchmarks-file.js';
import { execFileSync } from 'node:child_process';
import { pino } from 'pino';
import { createAmiConnection } from '../src/adapters/ami/ami-connection.js';
import { createTestDatabase, startHotlineApp, waitFor } from '../test/support/hotline-app.js';
import { openRtpSink } from '../test/support/rtp-sink.js';
import { placeCall } from '../test/support/sipp.js';
import { startSoftphone, type Softphone } from '../test/support/softphone.js';
import { REPO_DIR, readStackEnv } from '../test/support/stack-env.js';

const SAMPLES = 8;
const SECTION = 'Agent ready → call ringing (real Asterisk)';

const incomingCalls = (phone: Softphone) => (phone.output().match(/ncoming call/g) ?? []).length;

async function ringAfter(phone: Softphone, makeReady: () => Promise<unknown>): Promise<number> {
  const before = incomingCalls(phone);
  const t0 = performance.now();
  await makeReady();
  // poll the softphone's output every 5 ms: the figure is precise to about that
  const deadline = t0 + 10_000;
  while (incomingCalls(phone) <= before) {
    if (performance.now() > deadline) throw new Error('the agent phone did not ring within 10 s');
    await new Promise((r) => setTimeout(r, 5));
  }
  return performance.now() - t0;
}

function summary(name: string, ms: number[]): string {
  const sorted = [...ms].sort((a, b) => a - b);
  const p50 = sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
  const max = sorted.at(-1) ?? 0;
  const min = sorted[0] ?? 0;
  return `| ${name} | ${ms.length} | ${min.toFixed(0)} | ${p50.toFixed(0)} | ${max.toFixed(0)} |`;
}

async function skillQueueSamples(): Promise<number[]> {
  const db = await createTestDatabase();
  const app = await startHotlineApp({ databaseUrl: db.url, env: { LOG_LEVEL: 'warn' } });
  const phones: Softphone[] = [];
  try {
    await app.waitReady();
    const post = (path: string, body: unknown, method = 'POST') => app.request(method, path, { body });
    const extension = String(5000 + Math.floor(Math.random() * 4000));
    const created = await post('/api/agents', { agentId: 'bench', name: '测试', extension, skills: { general: 3 }, languages: ['zh'], group: 'bench' });
    const password = (created.body.sip as { password: string }).password;
    phones.push(await startSoftphone({ user: extension, password, answer: 'never', port: 25301 }));
    await post('/api/agents/bench/login', { ready: false });

    const sink = await openRtpSink();
    const caller = placeCall({ dial: '12345', caller: '13500000001', rtpPort: sink.port, steps: [{ wait: 150_000 }], end: 'bye' });
    await waitFor('the caller waiting in the skill queue', async () => {
      const stats = (await app.get<{ queues: Array<{ queueId: string; waiting: number }> }>('/api/stats/live')).body;
      return stats.queues.find((q) => q.queueId === 'general' && q.waiting === 1) ? true : undefined;
    }, 30_000);

    const samples: number[] = [];
    for (let i = 0; i < SAMPLES; i += 1) {
      samples.push(await ringAfter(phones[0]!, () => post('/api/agents/bench/state', { status: 'ready' }, 'PUT')));
      await post('/api/agents/bench/state', { status: 'not_ready', reason: 'break' }, 'PUT'); // ends the ringing offer
      await new Promise((r) => setTimeout(r, 1_000));
    }
    caller.kill();
    await caller.done;
    await sink.close();
    return samples;
  } finally {
    await Promise.all(phones.map((p) => p.stop()));
    await app.stop();
    await db.drop();
  }
}

async function staticQueueSamples(): Promise<number[]> {
  const env = readStackEnv();
  const ami = createAmiConnection({
    host: env.AMI_HOST ?? '127.0.0.1',
    port: Number(env.AMI_PORT ?? 5038),
    username: env.AMI_USERNAME ?? 'hotline',
    secret: env.AMI_SECRET ?? '',
    logger: pino({ level: 'silent' }),
  });
  ami.start();
  const phones: Softphone[] = [];
  try {
    await waitFor('AMI', () => (ami.ready ? true : undefined), 10_000);
    execFileSync('bash', ['scripts/stack.sh', 'cli', 'channel request hangup all'], { cwd: REPO_DIR, stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 1_000));
    const pause = (paused: boolean) => ami.action({ action: 'QueuePause', Queue: 'hotline-general', Interface: 'PJSIP/1001', Paused: String(paused) });
    await ami.action({ action: 'QueuePause', Queue: 'hotline-general', Interface: 'PJSIP/1002', Paused: 'true' });
    await pause(true);
    phones.push(await startSoftphone({ user: '1001', password: env.AGENT_1001_PASSWORD ?? '', answer: 'never', port: 25311 }));
    // a caller waiting in the static queue (a Local channel, no app involved)
    await ami.action({ action: 'Originate', Channel: 'Local/s@hotline-queue/n', Application: 'Wait', Data: '150', Async: 'true' });
    await waitFor('a caller in the static queue', () => {
      const out = execFileSync('bash', ['scripts/stack.sh', 'cli', 'queue show hotline-general'], { cwd: REPO_DIR, encoding: 'utf8' });
      return /has [1-9]\d* calls/.test(out) ? true : undefined;
    }, 10_000);

    const samples: number[] = [];
    for (let i = 0; i < SAMPLES; i += 1) {
      samples.push(await ringAfter(phones[0]!, () => pause(false)));
      await pause(true);
      await ami.action({ action: 'Hangup', Channel: '/^PJSIP\\/1001-/' }).catch(() => undefined); // ends the ringing
      await new Promise((r) => setTimeout(r, 1_000));
    }
    execFileSync('bash', ['scripts/stack.sh', 'cli', 'channel request hangup all'], { cwd: REPO_DIR, stdio: 'ignore' });
    await pause(false);
    await ami.action({ action: 'QueuePause', Queue: 'hotline-general', Interface: 'PJSIP/1002', Paused: 'false' });
    return samples;
  } finally {
    await Promise.all(phones.map((p) => p.stop()));
    await ami.stop();
  }
}


async function main(): Promise<void> {
  execFileSync('bash', ['scripts/stack.sh', 'up'], { cwd: REPO_DIR, stdio: 'ignore' });
  const skill = await skillQueueSamples();
  const stat = await staticQueueSamples();
  const table = [
    '| queue | samples | min ms | p50 ms | max ms |',
    '|---|---:|---:|---:|---:|',
    summary("app skill queue (agent set ready over the API)", skill),
    summary('static Queue() (member unpaused over AMI)', stat),
  ].join('\n');
  const nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();
  const body = [
    `\`npx tsx bench/agent-ready-to-ring.bench.ts\` — ${new Date().toISOString().slice(0, 10)}; ${nproc} CPUs, Asterisk 22 on loopback, baresip as the agent's softphone.`,
    '',
    'One caller waits in the queue; the agent becomes ready, and the time until the softphone reports the incoming',
    'call is measured (then the offer is ended and the agent made unavailable again). Static Queue(): the same with',
    "the member paused/unpaused over AMI; app_queue only rings an unpaused member on its next pass over the waiting caller (about 1 s here).",
    '',
    table,
  ].join('\n');
  console.log(table);
  await writeBenchmarkSection(SECTION, body);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

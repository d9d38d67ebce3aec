// An auditor's walk through one real call (docs/auditor-walk.md).
//   flock /tmp/hotline12345-e2e.lock node --import tsx scripts/demo-auditor-walk.ts
// Brings the local stack up and runs the hotline app on a fresh PostgreSQL database (made from
// db `test` on 127.0.0.1:5432, as in the e2e tests). An agent's baresip phone answers and sends a 1 kHz tone as its
// voice; a carrier-side SIPp caller speaks 4 s (a 440 Hz tone), the agent ends the service over
// the API and its phone keeps "talking", the caller presses 1 for the rating. Then an auditor
// token walks the call's records with curl; each command and its answer is printed (JSON
// answers indented). Everything it started is stopped and the database dropped at the end.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, freePort, startHotlineApp, waitFor, type HotlineApp } from '../test/support/hotline-app.js';
import { openRtpSink, type RtpSink } from '../test/support/rtp-sink.js';
import { CARRIER_IP, SIP_SERVER, callerScenario } from '../test/support/sipp.js';
import { REPO_DIR } from '../test/support/stack-env.js';
import { startSoftphone, type Softphone } from '../test/support/softphone.js';

const CALLER = '13700000031';
const EXT = String(6001 + 2 * Math.floor(Math.random() * 1500));
const dir = mkdtempSync(join(tmpdir(), 'auditor-walk-'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (s: string) => process.stderr.write(`# ${s}\n`);
const stops: Array<() => Promise<unknown> | unknown> = [];
let app: HotlineApp | undefined;

/** Objects one key a line, arrays of objects one element a line. */
function indent(v: unknown): string {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return JSON.stringify(v);
  const line = ([k, x]: [string, unknown]) =>
    Array.isArray(x) && x.length && typeof x[0] === 'object'
      ? `  "${k}": [\n${x.map((e) => `    ${JSON.stringify(e)}`).join(',\n')}\n  ]`
      : `  "${k}": ${JSON.stringify(x)}`;
  return `{\n${Object.entries(v).map(line).join(',\n')}\n}`;
}

/** Runs a shell command (with $HOTLINE, $AUDITOR, $DATABASE_URL set) and prints it with its answer. */
function show(command: string, env: Record<string, string>, cwd = REPO_DIR): string {
  const out = execFileSync('bash', ['-c', command], { cwd, env: { ...process.env, ...env }, encoding: 'utf8' });
  let body = out.trim();
  try {
    body = indent(JSON.parse(body));
  } catch {
    // not JSON: printed as it is
  }
  process.stdout.write(`$ ${command}\n${body}\n\n`);
  return out;
}

async function walk(): Promise<void> {
  log('stack up');
  execFileSync('bash', ['scripts/stack.sh', 'up'], { cwd: REPO_DIR, stdio: ['ignore', 2, 2] });
  const db = await createTestDatabase();
  stops.push(() => db.drop());
  const hotline = await startHotlineApp({
    databaseUrl: db.url,
    env: { LOG_LEVEL: 'info', AGENT_WRAP_UP_SECONDS: '1', AGENT_LEG_RELEASE_SECONDS: '8', CALL_REVIEW_DELAY_MS: '1000', QUEUE_LOG_FILE: 'off' },
  });
  app = hotline;
  stops.unshift(() => hotline.stop());
  await hotline.waitReady();

  const created = await hotline.request('POST', '/api/agents', {
    body: { agentId: 'zhang-wei', name: '张伟', extension: EXT, skills: { general: 3 }, languages: ['zh'], group: 'day' },
  });
  if (created.status !== 201) throw new Error(`agent not created: ${JSON.stringify(created.body)}`);
  const agentToken = await hotline.createToken('agent', { agentId: 'zhang-wei', name: 'zhang-wei-console' });
  const auditor = await hotline.createToken('auditor', { name: 'auditor-li' });
  const password = (created.body.sip as { password: string }).password;
  const phone: Softphone = await startSoftphone({ user: EXT, password, answer: 'auto', port: await freePort() });
  stops.unshift(() => phone.stop());
  const login = await hotline.request('POST', '/api/agents/zhang-wei/login', { body: { ready: true }, token: agentToken });
  if (login.status !== 200) throw new Error(`login failed: ${JSON.stringify(login.body)}`);
  log(`agent zhang-wei (extension ${EXT}) logged in, phone registered`);

  // The caller's phone sends silence, a 4 s "voice" at 18 s (with the agent by then) and
  // silence again; the caller presses 1 at 31 s (the rating question) and waits for the hang-up.
  const voice = join(dir, 'caller-voice.ulaw');
  execFileSync('sox', ['-n', '-r', '8000', '-c', '1', '-e', 'u-law', '-t', 'raw', voice, 'synth', '4', 'sine', '440', 'vol', '0.5', 'pad', '18', '60']);
  const sink: RtpSink = await openRtpSink();
  stops.unshift(() => sink.close());
  const xml = callerScenario({ dial: '12345', caller: CALLER, rtpPort: sink.port, steps: [{ wait: 31_000 }, { dtmf: '1' }], end: { awaitByeMs: 30_000 } })
    .replace('<label id="s0" />', `<label id="s0" />\n  <nop><action><exec rtp_stream="${voice},1,0" /></action></nop>`);
  writeFileSync(join(dir, 'caller.xml'), xml);
  const started = Date.now();
  const sipp = spawn('sipp', ['-sf', 'caller.xml', '-s', '12345', '-i', CARRIER_IP, '-p', String(await freePort()), '-mp', String(42000 + 2 * Math.floor(Math.random() * 4000)), '-m', '1', '-l', '1', '-nostdin', SIP_SERVER], {
    cwd: dir,
    stdio: 'ignore',
  });
  const sippDone = new Promise<number | null>((r) => sipp.once('exit', r));
  stops.unshift(() => sipp.exitCode === null && sipp.kill('SIGKILL'));
  log(`caller ${CALLER} dials 12345`);

  const agentState = async () =>
    (await hotline.request<{ state?: { status: string } }>('GET', '/api/agents/zhang-wei/state', { token: agentToken })).body.state?.status;
  await waitFor('the agent on the call', async () => ((await agentState()) === 'on_call' ? true : undefined), 40_000);
  log(`agent on the call at ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await sleep(Math.max(4_000, started + 24_000 - Date.now())); // the conversation: both have spoken
  const ended = await hotline.request('POST', '/api/agents/zhang-wei/end-service', { token: agentToken });
  log(`end-service at ${((Date.now() - started) / 1000).toFixed(1)} s: ${ended.status} ${JSON.stringify(ended.body)}`);
  log(`sipp exit ${await sippDone} at ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const callId = await waitFor('the call_ended audit entry', async () => {
    const calls = (await hotline.get<{ calls: Array<{ callId: string; endedAt: string | null }> }>(`/api/calls?number=${CALLER}`)).body.calls;
    const id = calls[0]?.endedAt ? calls[0].callId : undefined;
    if (!id) return undefined;
    const audit = await hotline.get<{ entries: Array<{ kind: string }> }>(`/api/audit?subject=call:${id}`, auditor);
    return audit.body.entries?.some((e) => e.kind === 'call_ended') ? id : undefined;
  }, 40_000);

  // the walk, as an auditor
  const from = new Date(started - 60_000 + 8 * 3600_000).toISOString().slice(0, 17) + '00+08:00';
  const env = { HOTLINE: hotline.baseUrl, AUDITOR: auditor, DATABASE_URL: db.url };
  process.stdout.write(`# HOTLINE=${hotline.baseUrl}  AUDITOR=<the auditor-li token>  (a local run, ${new Date().toISOString()})\n\n`);
  show(`curl -s -G -H "authorization: Bearer $AUDITOR" --data-urlencode number=${CALLER} --data-urlencode from=${from} "$HOTLINE/api/calls"`, env);
  show(`curl -s -H "authorization: Bearer $AUDITOR" "$HOTLINE/api/calls/${callId}"`, env);
  show(`curl -s -H "authorization: Bearer $AUDITOR" "$HOTLINE/api/incidents?callId=${callId}"`, env);
  show(`curl -s -G -o call.wav -w '%{http_code} %{content_type} %{size_download} bytes\\n' -H "authorization: Bearer $AUDITOR" ` +
    `--data-urlencode 'reason=市民投诉复核：服务结束后坐席是否仍在说话' "$HOTLINE/api/calls/${callId}/recording"`, env, dir);
  show(`curl -s -H "authorization: Bearer $AUDITOR" "$HOTLINE/api/audit?subject=call:${callId}"`, env);
  show(`curl -s -H "authorization: Bearer $AUDITOR" "$HOTLINE/api/audit?subject=recording:${callId}"`, env);
  show(`curl -s -H "authorization: Bearer $AUDITOR" "$HOTLINE/api/audit/verify"`, env);
  show('npm run --silent audit:verify', env);
}

async function cleanUp(): Promise<void> {
  for (const stop of stops.splice(0)) await Promise.resolve(stop()).catch((err: unknown) => log(`clean-up: ${String(err)}`));
  rmSync(dir, { recursive: true, force: true });
}

process.once('SIGINT', () => void cleanUp().finally(() => process.exit(130)));
process.once('SIGTERM', () => void cleanUp().finally(() => process.exit(143)));
walk().then(
  () => cleanUp(),
  async (err: unknown) => {
    log(`failed: ${err instanceof Error ? err.message : String(err)}\n${app?.output().slice(-3000) ?? ''}`);
    await cleanUp();
    process.exitCode = 1;
  },
);

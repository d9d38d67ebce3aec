// Call load on the real Asterisk for the benchmarks (capacity, time to person): many agents'
// softphones in one auto-answering SIPp (bench/scenarios/agent-uas.xml) and citizens calling
// from the carrier address at a set rate (bench/scenarios/citizen-caller.xml), with what each
// SIPp measured: calls that succeeded and failed, every call's setup time (INVITE → 200 OK) and
// the times each call was placed and reached an agent (SIPp <log> lines, paired by the caller's number).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SIP_SERVER = '127.0.0.1:5060';
export const CARRIER_IP = '127.0.0.2';
const SCENARIOS = new URL('./scenarios/', import.meta.url).pathname;

export interface SippRun {
  exitCode: number | null;
  stderr: string;
  dir: string;
}

function runSipp(args: string[], dir: string, timeoutMs: number): { child: ChildProcess; done: Promise<SippRun> } {
  const child = spawn('sipp', [...args, '-nostdin'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const done = new Promise<SippRun>((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ exitCode: code, stderr, dir });
    }),
  );
  return { child, done };
}

function scenario(dir: string, name: string, values: Record<string, string | number>): string {
  let text = readFileSync(join(SCENARIOS, name), 'utf8');
  for (const [key, value] of Object.entries(values)) text = text.replaceAll(`@${key}@`, String(value));
  const file = join(dir, name);
  writeFileSync(file, text, { mode: 0o600 });
  return file;
}

/** `<timestamp> <word> <number>` lines of a SIPp log file: the epoch ms of each number's line. */
export function logTimes(dir: string, word: string): Map<string, number> {
  const times = new Map<string, number>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('_logs.log') || f === 'actions.log')) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      // SIPp's [timestamp]: "YYYY-MM-DD<TAB>HH:MM:SS.uuuuuu<TAB>epoch.uuuuuu"
      const m = /(\d{9,})\.(\d{6})\s+(\S+)\s+(\S+)\s*$/.exec(line);
      if (m && m[3] === word && !times.has(m[4]!)) times.set(m[4]!, Number(m[1]) * 1000 + Math.floor(Number(m[2]) / 1000));
    }
  }
  return times;
}

export interface AgentAccount {
  extension: string;
  password: string;
}

/** The app as the benches drive it (test/support/hotline-app.ts's HotlineApp). */
interface BenchApp {
  request(method: string, path: string, opts?: { body?: unknown }): Promise<{ status: number; body: Record<string, unknown> }>;
}

/**
 * Creates `count` agents of skill general through the API: ids `<prefix><i>` (pushed to `ids` as
 * each is made, so the bench can delete them whatever happens), extensions from `base`. Returns
 * their SIP accounts for startAgentPhones.
 */
export async function createBenchAgents(
  app: BenchApp, o: { prefix: string; count: number; base: number; group: string }, ids: string[],
): Promise<AgentAccount[]> {
  const accounts: AgentAccount[] = [];
  for (let i = 0; i < o.count; i++) {
    const extension = String(o.base + i);
    const created = await app.request('POST', '/api/agents', {
      body: { agentId: `${o.prefix}${i}`, name: `话务员${i}`, extension, skills: { general: 3 }, languages: ['zh'], group: o.group },
    });
    if (created.status !== 201) throw new Error(`agent not created: ${JSON.stringify(created.body)}`);
    accounts.push({ extension, password: (created.body.sip as { password: string }).password });
    ids.push(`${o.prefix}${i}`);
  }
  return accounts;
}

export interface AgentPhones {
  /** When each calling number's call first reached an agent's phone (epoch ms). */
  invites(): Map<string, number>;
  stop(): Promise<void>;
}

/**
 * Registers every account from 127.0.0.1:`port` (so the contacts point there), then answers
 * their calls on that port: each call answered at once, hung up by the agent after `holdMs`.
 */
export async function startAgentPhones(accounts: AgentAccount[], port: number, holdMs: number): Promise<AgentPhones> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-agents-'));
  const register = async (expires: number, attempt = 1): Promise<void> => {
    const inf = join(dir, `accounts-${expires}.csv`);
    writeFileSync(inf, `SEQUENTIAL\n${accounts.map((a) => `${a.extension};[authentication username=${a.extension} password=${a.password}]`).join('\n')}\n`, { mode: 0o600 });
    const sf = scenario(dir, 'agents-register.xml', { EXPIRES: expires });
    const stat = join(dir, `register-${expires}-stat.csv`);
    const run = await runSipp(['-sf', sf, '-inf', inf, '-i', '127.0.0.1', '-p', String(port), '-m', String(accounts.length),
      '-r', '20', '-l', '20', '-aa', '-timeout', '60s', '-trace_stat', '-stf', stat, '-fd', '1',
      '-trace_msg', '-message_file', join(dir, `register-${expires}.log`), SIP_SERVER], dir, 70_000).done;
    // Asterisk qualifies a contact as soon as it registers; that OPTIONS reaches this SIPp, which
    // answers it (-aa) yet counts an aborted call and exits 1. What counts is every REGISTER's 200.
    const registered = lastStat(stat).succeeded;
    if (registered >= accounts.length) return;
    if (attempt < 3) return register(expires, attempt + 1);
    throw new Error(`agents' REGISTER (expires ${expires}) failed: ${registered} of ${accounts.length} registered, exit ${run.exitCode} ${run.stderr.slice(-300)} (messages in ${dir})`);
  };
  await register(3600);
  const sf = scenario(dir, 'agent-uas.xml', { HOLD_MS: holdMs });
  const uas = runSipp(['-sf', sf, '-i', '127.0.0.1', '-p', String(port), '-mp', String(port + 2), '-aa',
    '-trace_logs', '-log_file', join(dir, 'actions.log'), '-max_recv_loops', '10000', '-max_sched_loops', '10000'], dir, 6 * 3600_000);
  await new Promise((r) => setTimeout(r, 500));
  if (uas.child.exitCode !== null) throw new Error(`agents' SIPp exited: ${(await uas.done).stderr.slice(-500)}`);
  return {
    invites: () => logTimes(dir, 'invite'),
    async stop() {
      uas.child.kill('SIGTERM');
      const killer = setTimeout(() => uas.child.kill('SIGKILL'), 3_000);
      await uas.done;
      clearTimeout(killer);
      await register(0).catch((err: unknown) => console.error(String(err)));
    },
  };
}

export interface CallerRun {
  attempted: number;
  succeeded: number;
  failed: number;
  /** INVITE → 200 OK of every answered call, ms. */
  setupMs: number[];
  /** When each calling number's INVITE was sent (epoch ms). */
  placed: Map<string, number>;
  exitCode: number | null;
  stderr: string;
  /** SIPp's files: errors.log, the statistics, the response times. */
  dir: string;
}

export interface CallerOptions {
  dial: string;
  /** The callers' numbers, one per call. */
  numbers: string[];
  ratePerSecond: number;
  port: number;
  /** The rating key and when it is pressed (see citizen-caller.xml). */
  key?: string;
  firstKeyMs: number;
  keyGapMs?: number;
  keys?: number;
  timeoutMs?: number;
}

/** Places numbers.length calls at ratePerSecond from the carrier address and waits until each has ended. */
export async function placeCalls(o: CallerOptions): Promise<CallerRun> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-callers-'));
  const inf = join(dir, 'numbers.csv');
  writeFileSync(inf, `SEQUENTIAL\n${o.numbers.join('\n')}\n`);
  const sf = scenario(dir, 'citizen-caller.xml', {
    KEY: o.key ?? '5', FIRST_KEY_MS: o.firstKeyMs, KEY_GAP_MS: o.keyGapMs ?? 2_000, KEYS: o.keys ?? 20,
  });
  const stat = join(dir, 'stat.csv');
  const run = await runSipp(['-sf', sf, '-inf', inf, '-s', o.dial, '-i', CARRIER_IP, '-p', String(o.port), '-mp', String(o.port + 2),
    // -r calls per -rp ms: a fractional rate as calls per 100 s (SIPp spaces them evenly)
    ...(Number.isInteger(o.ratePerSecond) ? ['-r', String(o.ratePerSecond)] : ['-r', String(Math.round(o.ratePerSecond * 100)), '-rp', '100000']),
    '-m', String(o.numbers.length), '-l', '5000', '-base_cseq', '2',
    '-trace_rtt', '-rtt_freq', '1', '-trace_stat', '-stf', stat, '-fd', '1', '-trace_logs', '-log_file', join(dir, 'actions.log'),
    '-trace_err', '-error_file', join(dir, 'errors.log'), '-max_recv_loops', '10000', '-max_sched_loops', '10000', SIP_SERVER], dir, o.timeoutMs ?? 600_000).done;
  const counts = lastStat(stat);
  return {
    attempted: o.numbers.length,
    succeeded: counts.succeeded,
    failed: o.numbers.length - counts.succeeded,
    setupMs: rtts(dir),
    placed: logTimes(dir, 'invite'),
    exitCode: run.exitCode,
    stderr: run.stderr,
    dir,
  };
}

function lastStat(file: string): { succeeded: number; failed: number } {
  if (!existsSync(file)) return { succeeded: 0, failed: 0 };
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  const head = lines[0]!.split(';');
  const last = lines.at(-1)!.split(';');
  const col = (name: string) => Number(last[head.indexOf(name)] ?? 0);
  return { succeeded: col('SuccessfulCall(C)'), failed: col('FailedCall(C)') };
}

/** The response times of -trace_rtt (`date;ms;rtd`), every call's rtd 1. */
function rtts(dir: string): number[] {
  const out: number[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('_rtt.csv'))) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n').slice(1)) {
      const parts = line.split(';');
      if (parts.length >= 3 && parts[2]!.trim() === '1') out.push(Number(parts[1]));
    }
  }
  return out;
}

export const percentile = (values: number[], p: number): number => {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
};

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): utime is field 14, stime field 15
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The PID of a child of this process whose command line contains `text` (the app under test). */
export function childPid(text: string): number | undefined {
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(text)) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

/** The one-minute load average. */
export const loadAverage = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** PIDs of processes whose command name is `comm` (Redis, the PostgreSQL backends). */
export function pidsOf(comm: string): number[] {
  return readdirSync('/proc').filter((e) => /^\d+$/.test(e)).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === comm;
    } catch {
      return false;
    }
  }).map(Number);
}

export function cpuOf(pids: number[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const pid of pids) {
    try {
      m.set(pid, cpuSeconds(pid));
    } catch {
      // exited
    }
  }
  return m;
}

export const cpuDelta = (before: Map<number, number>, after: Map<number, number>) =>
  [...after].reduce((sum, [pid, t]) => sum + t - (before.get(pid) ?? t), 0);

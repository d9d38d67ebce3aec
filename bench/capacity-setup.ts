// How a capacity run is set up beyond the ladder: more of the app's settings, and where the
// processes run. With CAPACITY_ASTERISK_CPUS set, Asterisk gets those CPUs to itself and
// everything else of the run (this bench with the app and the SIPp phones it starts, Redis,
// PostgreSQL) the others; new threads and processes inherit their parent's CPUs (taskset). Both
// paths then meet the same Asterisk on the same CPUs, and the app's own work is not taken out of
// Asterisk's, as on a deployment where the app runs on its own CPUs or host.
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { asteriskPid } from './asterisk-probe.js';
import { pidsOf } from './call-load.js';

/** CAPACITY_APP_ENV="KEY=value,KEY=value": more of the app's settings, to compare runs with one setting changed. */
export function appSettings(list: string): Record<string, string> {
  const pairs = list.split(',').filter(Boolean).map((kv) => kv.split('='));
  const bad = pairs.find(([key, value]) => !key || value === undefined);
  if (bad) throw new Error(`CAPACITY_APP_ENV: "${bad.join('=')}" is not KEY=value`);
  return Object.fromEntries(pairs);
}

export interface CpuPlacement {
  /** For the report: where each process ran. */
  describe: string;
  /** Gives every process back all the CPUs. */
  restore(): void;
}

const taskset = (cpuList: string, pid: number) => {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', cpuList, String(pid)], { stdio: 'ignore' });
  } catch {
    // the process (or one of its threads) ended meanwhile
  }
};

/** `list`: CAPACITY_ASTERISK_CPUS, e.g. "0" or "0,1"; empty: every process shares every CPU. */
export function placeOnCpus(list: string): CpuPlacement {
  const count = cpus().length;
  if (!list) return { describe: `${count} CPUs shared by all of them`, restore: () => undefined };
  const mine = list.split(',').map(Number);
  if (mine.some((c) => !Number.isInteger(c) || c < 0 || c >= count)) {
    throw new Error(`CAPACITY_ASTERISK_CPUS: "${list}" is not a list of CPU numbers below ${count}`);
  }
  const others = [...Array(count).keys()].filter((c) => !mine.includes(c));
  if (!others.length) throw new Error(`CAPACITY_ASTERISK_CPUS: "${list}" leaves no CPU for the app, Redis, PostgreSQL and SIPp`);
  const services = () => [...pidsOf('redis-server'), ...pidsOf('postgres')];
  taskset(mine.join(','), asteriskPid());
  for (const pid of [...services(), process.pid]) taskset(others.join(','), pid);
  const all = `0-${count - 1}`;
  return {
    describe: `Asterisk alone on CPU ${mine.join(', ')}; the app, Redis, PostgreSQL and both SIPp on CPU ${others.join(', ')} (taskset)`,
    restore() {
      taskset(all, asteriskPid());
      for (const pid of [...services(), process.pid]) taskset(all, pid);
    },
  };
}

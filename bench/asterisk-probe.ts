// What a benchmark reads of the stack's Asterisk: its pid (for its CPU) and the task queues that
// backed up in its console log (a backlog inside Asterisk: events or work waiting on one thread).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { REPO_DIR } from '../test/support/stack-env.js';

export function asteriskPid(): number {
  const m = /asterisk: running, pid (\d+)/.exec(execFileSync('bash', ['scripts/stack.sh', 'status'], { cwd: REPO_DIR, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) + '');
  if (!m) throw new Error('Asterisk is not running');
  return Number(m[1]);
}

const CONSOLE_LOG = `${REPO_DIR}.stack/asterisk/console.log`;
export const consoleMark = () => (existsSync(CONSOLE_LOG) ? statSync(CONSOLE_LOG).size : 0);

/** Asterisk's task queues that passed their high-water mark since `mark` (a backlog inside Asterisk), with the largest size seen. */
export function taskQueueBacklogs(mark: number): string[] {
  if (!existsSync(CONSOLE_LOG)) return [];
  const text = readFileSync(CONSOLE_LOG).subarray(statSync(CONSOLE_LOG).size < mark ? 0 : mark).toString('utf8');
  const most = new Map<string, number>();
  for (const m of text.matchAll(/Taskprocessor '([^']+)' queue reached (\d+) scheduled tasks/g)) {
    const name = m[1]!.replace(/-[0-9a-f]{8}$/, '');
    most.set(name, Math.max(most.get(name) ?? 0, Number(m[2])));
  }
  return [...most].map(([name, n]) => `${name} ${n}`);
}


// An agent's softphone registering with SIPp (test/e2e/scenarios/register.xml): REGISTER with
// digest auth, stay registered for holdMs, unregister. Exit code 0 = registered and
// unregistered with that password. The password goes into the scenario file, never argv.
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SIP_SERVER } from './sipp.js';

export interface RegisterResult {
  exitCode: number | null;
  /** Every SIP message sent and received. */
  messages: string;
  stderr: string;
}

/** A UDP port nobody uses on 127.0.0.1 right now. */
async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve());
  });
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

export async function registerWithSipp(o: { user: string; password: string; holdMs?: number; timeoutMs?: number }): Promise<RegisterResult> {
  const dir = mkdtempSync(join(tmpdir(), 'sipp-register-'));
  try {
    const template = readFileSync(new URL('../e2e/scenarios/register.xml', import.meta.url), 'utf8');
    const scenario = join(dir, 'register.xml');
    writeFileSync(
      scenario,
      template.replaceAll('@USER@', o.user).replaceAll('@PASSWORD@', o.password).replaceAll('@HOLD_MS@', String(o.holdMs ?? 500)),
      { mode: 0o600 },
    );
    const trace = join(dir, 'messages.log');
    const port = await freeUdpPort();
    // -aa answers Asterisk's qualify OPTIONS; -timeout ends a run whose REGISTER got no answer.
    const args = ['-sf', scenario, '-s', o.user, '-i', '127.0.0.1', '-p', String(port), '-m', '1', '-aa', '-nostdin',
      '-timeout', `${Math.ceil((o.timeoutMs ?? 20_000) / 1000)}s`, '-trace_msg', '-message_file', trace, SIP_SERVER];
    const child = spawn('sipp', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), (o.timeoutMs ?? 20_000) + 5000);
    const exitCode = await new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    clearTimeout(killer);
    return { exitCode, messages: existsSync(trace) ? readFileSync(trace, 'utf8') : '', stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

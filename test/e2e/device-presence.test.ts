// Agent device presence on the real Asterisk over AMI: a softphone (SIPp) registering as
// agent 1001 makes 1001 reachable within seconds, unregistering makes it unreachable, 1002
// (never registered) stays unreachable. The AMI connection refuses actions at once when
// down, never waits forever on a dead host, and comes back by itself after an Asterisk
// restart, rebuilding the presence map.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAmiConnection, type AmiConnection } from '../../src/adapters/ami/ami-connection.js';
import { createAmiDevicePresence, type AmiDevicePresence } from '../../src/adapters/ami/ami-device-presence.js';
import { AmiDisconnectedError } from '../../src/adapters/ami/ami-disconnected-error.js';
import { REPO_DIR, readStackEnv } from '../support/stack-env.js';

const env = readStackEnv();
const password = (user: string) => env[`AGENT_${user}_PASSWORD`] ?? '';

interface Softphone {
  done: Promise<{ exitCode: number | null; stderr: string }>;
  kill(): void;
}

/** Runs register.xml (register, stay holdMs, unregister) or unregister-all.xml as an agent's phone. */
function softphone(scenario: 'register.xml' | 'unregister-all.xml', user: string, holdMs = 0): Softphone {
  const dir = mkdtempSync(join(tmpdir(), 'sipp-agent-'));
  const file = join(dir, scenario);
  const template = readFileSync(new URL(`./scenarios/${scenario}`, import.meta.url), 'utf8');
  writeFileSync(file, template.replaceAll('@USER@', user).replaceAll('@PASSWORD@', password(user)).replaceAll('@HOLD_MS@', String(holdMs)), { mode: 0o600 });
  const port = String(26000 + Math.floor(Math.random() * 4000));
  // -oocsn ooc_default: answer Asterisk's qualify OPTIONS (they come outside the REGISTER dialog)
  const args = ['-sf', file, '-oocsn', 'ooc_default', '-s', user, '-i', '127.0.0.1', '-p', port, '-m', '1', '-nostdin', '127.0.0.1:5060'];
  const child = spawn('sipp', args, {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), holdMs + 20_000);
  const done = new Promise<{ exitCode: number | null; stderr: string }>((resolve) => {
    child.on('exit', (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, stderr });
    });
  });
  return { done, kill: () => child.kill('SIGKILL') };
}

async function unregisterAll(user: string): Promise<void> {
  const result = await softphone('unregister-all.xml', user).done;
  expect(result.exitCode, result.stderr).toBe(0);
}

async function until(what: string, check: () => boolean, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - started;
}

interface Client {
  ami: AmiConnection;
  presence: AmiDevicePresence;
  changes: Array<[string, boolean]>;
  /** When each change was seen (Date.now()), parallel to changes. */
  changedAt: number[];
  logs: string[];
  refreshes: () => number;
}

const clients: Client[] = [];

/** An AMI connection with device presence, wired as main.ts does: refresh on every (re)connect. */
function connectPresence(overrides: { host?: string; actionTimeoutMs?: number } = {}): Client {
  const logs: string[] = [];
  let refreshes = 0;
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(line) });
  const ami = createAmiConnection({
    host: overrides.host ?? env.AMI_HOST ?? '127.0.0.1',
    port: Number(env.AMI_PORT ?? 5038),
    username: env.AMI_USERNAME ?? 'hotline',
    secret: env.AMI_SECRET ?? '',
    logger,
    pingIntervalMs: 1_000,
    actionTimeoutMs: overrides.actionTimeoutMs ?? 3_000,
    reconnectMaxDelayMs: 1_000,
    onConnected: async () => {
      await presence.refresh();
      refreshes += 1;
    },
  });
  const presence = createAmiDevicePresence({ ami, logger });
  const changes: Array<[string, boolean]> = [];
  const changedAt: number[] = [];
  presence.onChange((extension, reachable) => {
    changes.push([extension, reachable]);
    changedAt.push(Date.now());
  });
  ami.start();
  const client = { ami, presence, changes, changedAt, logs, refreshes: () => refreshes };
  clients.push(client);
  return client;
}

async function connectedPresence(): Promise<Client> {
  const client = connectPresence();
  await until('AMI login and first refresh', () => client.refreshes() >= 1, 10_000);
  return client;
}

const phones: Softphone[] = [];

beforeAll(async () => {
  // start from "nobody registered", whatever an earlier run left behind
  await unregisterAll('1001');
  await unregisterAll('1002');
});

afterEach(async () => {
  for (const phone of phones.splice(0)) phone.kill();
  for (const c of clients.splice(0)) {
    c.presence.close();
    await c.ami.stop();
  }
});

afterAll(async () => {
  await unregisterAll('1001');
});

describe('agent device presence over AMI', () => {
  it('shows 1001 reachable once its softphone registers and unreachable once it unregisters; 1002 stays unreachable', async () => {
    const c = await connectedPresence();
    expect(c.presence.connected).toBe(true);
    expect(c.presence.isReachable('1001')).toBe(false);

    const registeredAt = Date.now();
    const phone = softphone('register.xml', '1001', 8_000);
    phones.push(phone);
    const tookMs = await until('1001 reachable', () => c.presence.isReachable('1001'), 5_000);
    expect(tookMs).toBeLessThan(5_000);
    // still reachable after the first qualify (3 s timeout): the phone answers OPTIONS
    await new Promise((r) => setTimeout(r, 4_000 - tookMs));
    expect(c.presence.isReachable('1001')).toBe(true);
    expect(c.presence.isReachable('1002')).toBe(false);

    // the listing agrees with the events, and a client that connects now sees it too
    await c.presence.refresh();
    // of the dev accounts only 1001 registered; agents of other tests (their own extension ranges,
    // e.g. a softphone that vanished without unregistering) may still be on the shared Asterisk
    expect(c.presence.reachableExtensions().filter((e) => /^100\d$/.test(e))).toEqual(['1001']);
    const late = await connectedPresence();
    expect(late.presence.isReachable('1001')).toBe(true);
    expect(late.presence.isReachable('1002')).toBe(false);

    const result = await phone.done;
    expect(result.exitCode, result.stderr).toBe(0);
    await until('1001 unreachable after unregistering', () => !c.presence.isReachable('1001'), 3_000);
    await c.presence.refresh();
    expect(c.presence.isReachable('1001')).toBe(false);
    expect(c.presence.reachableExtensions()).toEqual([]);
    expect(c.changes).toEqual([['1001', true], ['1001', false]]);
    // unreachable because of the unregistration (after the 8 s hold), not a failed qualify
    expect((c.changedAt[1] ?? 0) - registeredAt).toBeGreaterThanOrEqual(8_000);
  });

  it('refresh() after a reconnect catches an unregistration it missed while disconnected', async () => {
    const c = await connectedPresence();
    const phone = softphone('register.xml', '1001', 2_500);
    phones.push(phone);
    await until('1001 reachable', () => c.presence.isReachable('1001'), 5_000);

    await c.ami.stop();
    expect(c.presence.connected).toBe(false);
    expect((await phone.done).exitCode).toBe(0);
    // the Removed event went to nobody: the stale map still says reachable
    expect(c.presence.isReachable('1001')).toBe(true);

    c.ami.start();
    await until('reconnect and refresh', () => c.refreshes() >= 2, 10_000);
    expect(c.presence.connected).toBe(true);
    expect(c.presence.isReachable('1001')).toBe(false);
    expect(c.changes).toEqual([['1001', true], ['1001', false]]);
  });

  it('rejects an action at once after stop() instead of queueing it', async () => {
    const c = await connectedPresence();
    expect((await c.ami.action({ action: 'Ping' })).ping).toBe('Pong');
    await c.ami.stop();
    const started = Date.now();
    await expect(c.ami.action({ action: 'Ping' })).rejects.toBeInstanceOf(AmiDisconnectedError);
    await expect(c.presence.refresh()).rejects.toBeInstanceOf(AmiDisconnectedError);
    expect(Date.now() - started).toBeLessThan(100);
    expect(c.ami.ready).toBe(false);
  });

  it('does not hang on a host that never answers: actions fail within the action timeout', async () => {
    // 192.0.2.1 is TEST-NET-1: connects there hang or fail, they never succeed
    const c = connectPresence({ host: '192.0.2.1', actionTimeoutMs: 1_000 });
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    const err = await c.ami.action({ action: 'Ping' }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(err).toBeInstanceOf(AmiDisconnectedError);
    expect(c.ami.ready).toBe(false);
    expect(c.presence.connected).toBe(false);
  });

  it('comes back by itself after Asterisk restarts and rebuilds presence', async () => {
    const c = await connectedPresence();
    const phone = softphone('register.xml', '1001', 90_000);
    phones.push(phone);
    await until('1001 reachable', () => c.presence.isReachable('1001'), 5_000);

    const restart = promisify(execFile)('bash', ['scripts/stack.sh', 'restart-asterisk'], { cwd: REPO_DIR });
    await until('the connection loss noticed', () => !c.ami.ready, 30_000);
    expect(c.presence.connected).toBe(false);
    await restart;
    await until('reconnect and refresh', () => c.refreshes() >= 2, 30_000);
    expect(c.presence.connected).toBe(true);
    expect((await c.ami.action({ action: 'Ping' })).ping).toBe('Pong');
    // the registration survives the restart (Asterisk keeps contacts) and is qualified again
    await until('1001 reachable after the restart', () => c.presence.isReachable('1001'), 20_000);
    await c.presence.refresh();
    // of the dev accounts only 1001 registered; agents of other tests (their own extension ranges,
    // e.g. a softphone that vanished without unregistering) may still be on the shared Asterisk
    expect(c.presence.reachableExtensions().filter((e) => /^100\d$/.test(e))).toEqual(['1001']);
    const logText = c.logs.join('');
    expect(logText).toMatch(/AMI connection lost/);
    expect(logText.match(/"msg":"AMI connected"/g)?.length).toBe(2);
    expect(logText.match(/"msg":"device presence rebuilt"/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
  });
});

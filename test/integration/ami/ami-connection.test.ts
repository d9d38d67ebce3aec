// The AMI supervisor against a stand-in manager port: nothing is queued while down, every
// action has a deadline, a silent link is noticed by pings and replaced, a bad login never
// crashes, and events reach their listeners (only the ones asked for).
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createAmiConnection, type AmiConnection, type AmiConnectionOptions } from '../../../src/adapters/ami/ami-connection.js';
import { AmiDisconnectedError } from '../../../src/adapters/ami/ami-disconnected-error.js';
import { AmiTimeoutError } from '../../../src/adapters/ami/ami-timeout-error.js';
import { startFakeAmiServer, type FakeAmiServer } from './fake-ami-server.js';

const USER = 'hotline';
const SECRET = 'fake-secret-0123456789';

let server: FakeAmiServer | undefined;
let ami: AmiConnection | undefined;
let logLines: string[] = [];

afterEach(async () => {
  await ami?.stop();
  await server?.close();
  ami = undefined;
  server = undefined;
  logLines = [];
});

function connect(port: number, extra: Partial<AmiConnectionOptions> = {}): { ami: AmiConnection; connects: () => number } {
  let connects = 0;
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
  ami = createAmiConnection({
    host: '127.0.0.1', port, username: USER, secret: SECRET, logger,
    pingIntervalMs: 100, actionTimeoutMs: 300, connectTimeoutMs: 1_000, reconnectMaxDelayMs: 200,
    onConnected: () => {
      connects += 1;
    },
    ...extra,
  });
  ami.start();
  return { ami, connects: () => connects };
}

async function until(what: string, check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const names = (s: FakeAmiServer) => s.actions.map((a) => a.action?.toLowerCase());

describe('AMI connection supervisor', () => {
  it('logs in, answers actions, and sets an event filter for each event listened to', async () => {
    server = await startFakeAmiServer({ username: USER, secret: SECRET });
    const c = connect(server.port);
    const seen: string[] = [];
    c.ami.on('ContactStatus', (e) => seen.push(String(e.contactstatus)));
    await until('ready', () => c.ami.ready);
    expect(c.connects()).toBe(1);
    const pong = await c.ami.action({ action: 'Ping' });
    expect(pong.ping).toBe('Pong');
    expect(server.actions.find((a) => a.action === 'Filter')?.matchcriteria).toBe('action(include),name(ContactStatus)');

    server.emit({ Event: 'ContactStatus', ContactStatus: 'Reachable', EndpointName: '1001' });
    server.emit({ Event: 'Newchannel', Channel: 'PJSIP/1001-00000001' });
    await until('the event', () => seen.length > 0);
    expect(seen).toEqual(['Reachable']);
  });

  it('rejects an action at once while disconnected and never sends it later', async () => {
    server = await startFakeAmiServer({ username: USER, secret: SECRET });
    const c = connect(server.port);
    // before the first login
    const started = Date.now();
    await expect(c.ami.action({ action: 'Originate', channel: 'PJSIP/1001' })).rejects.toBeInstanceOf(AmiDisconnectedError);
    expect(Date.now() - started).toBeLessThan(50);
    await until('ready', () => c.ami.ready);
    // while the link is down
    server.dropAll();
    await until('not ready', () => !c.ami.ready);
    await expect(c.ami.action({ action: 'Hangup', channel: 'PJSIP/1001-00000001' })).rejects.toBeInstanceOf(AmiDisconnectedError);
    await until('ready again', () => c.ami.ready && c.connects() === 2);
    await new Promise((r) => setTimeout(r, 200));
    expect(names(server)).not.toContain('originate');
    expect(names(server)).not.toContain('hangup');
  });

  it('times out an action Asterisk never answers, and fails pending actions when the link drops', async () => {
    server = await startFakeAmiServer({ username: USER, secret: SECRET, unanswered: ['QueueStatus', 'CoreStatus'] });
    const c = connect(server.port, { pingIntervalMs: 5_000 });
    await until('ready', () => c.ami.ready);
    const started = Date.now();
    const err = await c.ami.action({ action: 'QueueStatus' }, 250).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AmiTimeoutError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    expect(Date.now() - started).toBeLessThan(1_000);

    const pending = c.ami.action({ action: 'CoreStatus' }, 5_000);
    await until('CoreStatus sent', () => names(server!).includes('corestatus'));
    server.dropAll();
    await expect(pending).rejects.toBeInstanceOf(AmiDisconnectedError);
  });

  it('notices a silent link by unanswered pings and reconnects on a fresh socket', async () => {
    server = await startFakeAmiServer({ username: USER, secret: SECRET });
    const c = connect(server.port);
    await until('ready', () => c.ami.ready);
    expect(server.connections()).toBe(1);
    server.setSilent(true);
    await until('the silence noticed', () => !c.ami.ready, 2_000);
    server.setSilent(false);
    await until('ready again', () => c.ami.ready, 3_000);
    expect(server.connections()).toBeGreaterThanOrEqual(2);
    expect(c.connects()).toBeGreaterThanOrEqual(2);
    expect(logLines.join('')).toMatch(/missed pings/);
  });

  it('keeps retrying after a refused login without crashing or becoming ready', async () => {
    server = await startFakeAmiServer({ username: USER, secret: 'another-secret-987654321' });
    const c = connect(server.port);
    await until('three attempts', () => server!.connections() >= 3, 5_000);
    expect(c.ami.ready).toBe(false);
    expect(c.connects()).toBe(0);
    expect(logLines.join('')).toMatch(/AMI login refused/);
  });

  it('retries a failed resync on the same connection until it succeeds (Asterisk still loading its modules)', async () => {
    server = await startFakeAmiServer({ username: USER, secret: SECRET });
    let tries = 0;
    const c = connect(server.port, {
      onConnected: () => {
        tries += 1;
        if (tries < 3) throw new Error('Invalid/unknown command: PJSIPShowContacts');
      },
    });
    await until('the third resync', () => tries >= 3, 3_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(tries).toBe(3);
    expect(server.connections()).toBe(1);
    expect(c.ami.ready).toBe(true);
    expect(logLines.join('').match(/resync after AMI connect failed/g)?.length).toBe(2);
  });

  it('collects a list action until its Complete event', async () => {
    server = await startFakeAmiServer({
      username: USER, secret: SECRET,
      lists: { PJSIPShowContacts: [{ Event: 'ContactList', Endpoint: '1001', Status: 'Reachable' }, { Event: 'ContactList', Endpoint: '1002', Status: 'Unreachable' }] },
    });
    const c = connect(server.port);
    await until('ready', () => c.ami.ready);
    const { response, events } = await c.ami.actionList({ action: 'PJSIPShowContacts' });
    expect(response.eventlist).toBe('start');
    expect(events.map((e) => [e.event, e.endpoint, e.status])).toEqual([
      ['ContactList', '1001', 'Reachable'],
      ['ContactList', '1002', 'Unreachable'],
    ]);
  });

  it('never becomes ready against a port nobody answers, and actions fail at once', async () => {
    const c = connect(1); // nothing listens on port 1
    await new Promise((r) => setTimeout(r, 300));
    expect(c.ami.ready).toBe(false);
    const started = Date.now();
    await expect(c.ami.action({ action: 'Ping' })).rejects.toBeInstanceOf(AmiDisconnectedError);
    expect(Date.now() - started).toBeLessThan(50);
  });
});

// RELIABILITY scenario 8 on the real Asterisk: a REGISTER flood guessing an agent's password
// and an INVITE flood trying outside numbers (toll fraud), from an agent's address and from the
// carrier's. No guess gets in, no call goes out to the carrier, and the registered agent stays
// registered and takes the next citizen's call.
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AgentDef, agentReaches, callWithEvent, createAgents, offeredTo, send } from '../support/acd-e2e.js';
import { createCallScene, keepAppOutput } from '../support/call-scene.js';
import { createTestDatabase, startHotlineApp, type HotlineApp } from '../support/hotline-app.js';
import { CARRIER_IP, SIP_SERVER, runSipp, type SippResult } from '../support/sipp.js';
import { readStackEnv } from '../support/stack-env.js';

let app: HotlineApp;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let passwords: Record<string, string> = {};
const scene = createCallScene();
const base = 9200 + 2 * Math.floor(Math.random() * 100);
const AGENT: AgentDef = { agentId: 'zheng', name: '郑强', extension: String(base), skills: { general: 3 }, languages: ['zh'], group: 'day' };
/** Where Asterisk sends calls towards the carrier in the local stack (CARRIER_URI). */
let carrier: Socket;
const carrierInvites: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startHotlineApp({ databaseUrl: db.url, env: { AGENT_WRAP_UP_SECONDS: '1', QUEUE_LOG_FILE: 'off' } });
  await app.waitReady();
  passwords = await createAgents(app, [AGENT]);
  carrier = createSocket('udp4');
  carrier.on('message', (m) => {
    const text = m.toString();
    if (text.startsWith('INVITE ')) carrierInvites.push(text.split('\r\n')[0]!);
  });
  await new Promise<void>((resolve, reject) => {
    carrier.once('error', reject);
    carrier.bind(5060, CARRIER_IP, () => resolve());
  });
});

afterEach(async ({ task }) => {
  keepAppOutput(task.result?.state === 'fail', 'sip-flood', [app]);
  await send(app, 'POST', `/api/agents/${AGENT.agentId}/logout`);
  await scene.clear();
});

afterAll(async () => {
  await new Promise<void>((resolve) => (carrier ? carrier.close(() => resolve()) : resolve()));
  await app?.stop();
  await db?.drop();
});

function flood(template: string, fill: Record<string, string>, o: { target: string; from: string; rate: number; count: number }): Promise<SippResult> {
  const dir = mkdtempSync(join(tmpdir(), 'sipp-flood-'));
  let xml = readFileSync(new URL(`./scenarios/${template}`, import.meta.url), 'utf8');
  for (const [k, v] of Object.entries(fill)) xml = xml.replaceAll(`@${k}@`, v);
  const file = join(dir, template);
  writeFileSync(file, xml);
  return runSipp(
    () => {
      const port = String(20000 + Math.floor(Math.random() * 10000));
      return ['-sf', file, '-s', o.target, '-i', o.from, '-p', port, '-r', String(o.rate), '-m', String(o.count), '-l', '200', '-timeout', '60s', '-recv_timeout', '5000', SIP_SERVER];
    },
    dir,
    90_000,
  ).done;
}

const responses = (messages: string, code: number) => (messages.match(new RegExp(`^SIP/2\\.0 ${code} `, 'gm')) ?? []).length;

/** The agent's contact as Asterisk sees it (ARI endpoint state). */
async function endpointState(extension: string): Promise<string> {
  const s = readStackEnv();
  const res = await fetch(`${s.ARI_URL}/ari/endpoints/PJSIP/${extension}`, {
    headers: { authorization: `Basic ${Buffer.from(`${s.ARI_USERNAME}:${s.ARI_PASSWORD}`).toString('base64')}` },
  });
  return ((await res.json()) as { state: string }).state;
}

describe('REGISTER and INVITE floods with guessed passwords', () => {
  it('no guess gets in, nothing is dialled out, and the registered agent keeps taking calls', { timeout: 240_000 }, async () => {
    await scene.softphone({ user: AGENT.extension, password: passwords[AGENT.extension]!, answer: 'auto', port: 25601 });
    expect((await send(app, 'POST', `/api/agents/${AGENT.agentId}/login`, { ready: true })).status).toBe(200);
    expect(await endpointState(AGENT.extension)).toBe('online');

    // 600 password guesses at 80/s (a scanner's pace), and toll-fraud INVITEs to outside numbers:
    // 300 as the agent (no credentials) and 200 from the carrier's address, all at once
    const [guesses, fromAgentSide, fromCarrier] = await Promise.all([
      flood('guess-password.xml', { USER: AGENT.extension }, { target: AGENT.extension, from: '127.0.0.1', rate: 80, count: 600 }),
      flood('toll-fraud-invite.xml', { FROM_USER: AGENT.extension }, { target: '00441632960001', from: '127.0.0.1', rate: 40, count: 300 }),
      flood('toll-fraud-invite.xml', { FROM_USER: '13800138000' }, { target: '0090012345678', from: CARRIER_IP, rate: 40, count: 200 }),
    ]);
    // every guess was challenged again or refused; none registered
    expect(responses(guesses.messages, 200), guesses.stderr).toBe(0);
    expect(responses(guesses.messages, 401) + responses(guesses.messages, 403)).toBeGreaterThanOrEqual(600);
    // no INVITE rang or was answered; each was refused: the agent's side challenged, the
    // carrier's told "not a service number" (early media, never answered) and refused
    for (const [r, count] of [[fromAgentSide, 300], [fromCarrier, 200]] as const) {
      for (const code of [180, 200]) expect(responses(r.messages, code), r.stderr.slice(-2000)).toBe(0);
      expect(r.messages.match(/^SIP\/2\.0 [4-6]\d\d /gm)?.length ?? 0, r.stderr.slice(-2000)).toBeGreaterThanOrEqual(count);
    }
    expect(responses(fromAgentSide.messages, 183)).toBe(0);
    // and not one INVITE reached the carrier trunk
    expect(carrierInvites).toEqual([]);

    // the agent's softphone is still registered and takes the next citizen's call
    expect(await endpointState(AGENT.extension)).toBe('online');
    const citizen = '13900000081';
    const call = await scene.caller(citizen, 20);
    const answered = await callWithEvent(app, citizen, 'leg_answered', 30_000);
    expect(offeredTo(answered)).toEqual([AGENT.agentId]);
    expect((await call.run.done).exitCode).toBe(0);
    await agentReaches(app, AGENT.agentId, ['wrap_up', 'ready']);
  });
});

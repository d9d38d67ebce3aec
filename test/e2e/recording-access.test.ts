// A real call's recording, fetched by an auditor: a caller on SIPp reaches an agent whose
// baresip phone sends a 1 kHz tone; Asterisk records the conversation, by MixMonitor on the
// caller's channel (the default: the agent's bridge stays a two-party bridge) or by ARI's bridge
// recording (a recorder joins the bridge, which Asterisk then mixes); afterwards only an auditor token gets the WAV,
// with a stated reason, and the access is in the verified audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ariGet, stackAri } from '../support/ari-http.js';
import { createTestDatabase, startHotlineApp, waitFor, type HotlineApp } from '../support/hotline-app.js';
import { openRtpSink } from '../support/rtp-sink.js';
import { placeCall } from '../support/sipp.js';
import { startSoftphone, type Softphone } from '../support/softphone.js';

let app: HotlineApp;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let phone: Softphone | undefined;

async function startApp(recording: 'mixmonitor' | 'bridge'): Promise<void> {
  db = await createTestDatabase();
  app = await startHotlineApp({ databaseUrl: db.url, env: { AGENT_WRAP_UP_SECONDS: '1', CALL_RECORDING: recording } });
  await app.waitReady();
}

async function stopApp(): Promise<void> {
  await phone?.stop();
  phone = undefined;
  await app?.stop();
  await db?.drop();
}

/** The bridging technologies Asterisk used for the bridges holding a channel of `caller`, polled until `done` settles. */
async function bridgeTechnologies(done: Promise<unknown>, caller: string): Promise<string[]> {
  const ari = stackAri();
  if (!ari) throw new Error('no ARI credentials in .stack/hotline.env');
  let settled = false;
  void done.finally(() => (settled = true));
  const seen = new Set<string>();
  while (!settled) {
    const channels = await ariGet<Array<{ id: string; caller: { number: string } }>>(ari, '/channels');
    const ids = new Set(Array.isArray(channels.body) ? channels.body.filter((c) => c.caller.number === caller).map((c) => c.id) : []);
    const bridges = await ariGet<Array<{ channels: string[]; technology: string }>>(ari, '/bridges');
    for (const b of Array.isArray(bridges.body) ? bridges.body : []) {
      if (b.channels.some((id) => ids.has(id))) seen.add(b.technology);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return [...seen].sort();
}

/** Seconds of 16-bit PCM (8 kHz mono) whose 20 ms windows are loud, and the total length. */
function loudness(wav: Buffer): { seconds: number; loudSeconds: number } {
  const data = wav.indexOf('data', 12, 'latin1');
  const samples = new Int16Array(wav.buffer.slice(wav.byteOffset + data + 8, wav.byteOffset + wav.length - ((wav.length - data - 8) % 2)));
  const window = 160;
  let loud = 0;
  for (let i = 0; i + window <= samples.length; i += window) {
    let sum = 0;
    for (let j = i; j < i + window; j += 1) sum += samples[j]! * samples[j]!;
    if (Math.sqrt(sum / window) > 1_000) loud += 1;
  }
  return { seconds: samples.length / 8000, loudSeconds: (loud * window) / 8000 };
}

describe.each([
  { recording: 'mixmonitor', mixing: false, EXT: String(7000 + Math.floor(Math.random() * 1000)), sipPort: 25301, agentId: 'wang' },
  { recording: 'bridge', mixing: true, EXT: String(8000 + Math.floor(Math.random() * 1000)), sipPort: 25311, agentId: 'wang-b' },
] as const)('recording access on the real Asterisk (CALL_RECORDING=$recording)', ({ recording, mixing, EXT, sipPort, agentId }) => {
  beforeAll(() => startApp(recording));
  afterAll(() => stopApp());

  it("an auditor fetches the call's WAV with a reason; the access is audited and the chain verifies", async () => {
    const created = await app.request('POST', '/api/agents', {
      body: { agentId, name: '王芳', extension: EXT, skills: { general: 3 }, languages: ['zh'], group: 'day' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    phone = await startSoftphone({ user: EXT, password: (created.body.sip as { password: string }).password, answer: 'auto', port: sipPort });
    expect((await app.request('POST', `/api/agents/${agentId}/login`, { body: { ready: true } })).status).toBe(200);

    const sink = await openRtpSink();
    const caller = recording === 'mixmonitor' ? '13600000071' : '13600000072';
    const call = placeCall({ dial: '12345', caller, rtpPort: sink.port, steps: [{ wait: 24_000 }], end: 'bye' }).done;
    // MixMonitor leaves the agent's bridge to the caller and the agent (a two-party bridge);
    // ARI's recorder joins the bridge, which Asterisk then mixes (softmix)
    const technologies = await bridgeTechnologies(call, caller);
    expect(technologies.length, technologies.join()).toBeGreaterThan(0);
    expect(technologies.includes('softmix'), technologies.join()).toBe(mixing);
    const result = await call;
    await sink.close();
    expect(result.exitCode, result.stderr).toBe(0);

    const callId = await waitFor('the finished call', async () => {
      const list = await app.get<{ calls: Array<{ callId: string; endedAt: string | null; outcome: string }> }>(`/api/calls?number=${caller}`);
      const call = list.body.calls[0];
      return call?.endedAt ? call.callId : undefined;
    }, 15_000);

    const auditor = await app.createToken('auditor', { name: `auditor-${EXT}` });
    const supervisor = await app.createToken('supervisor');
    const reason = '市民投诉复核 (e2e)';
    const path = `/api/calls/${callId}/recording?reason=${encodeURIComponent(reason)}`;
    expect((await app.get(path, supervisor)).status).toBe(403);
    expect((await app.get(`/api/calls/${callId}/recording`, auditor)).status).toBe(400);

    const res = await fetch(app.baseUrl + path, { headers: { authorization: `Bearer ${auditor}` } });
    const wav = Buffer.from(await res.arrayBuffer());
    expect(res.status, wav.toString('utf8').slice(0, 300)).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/wav');
    expect(wav.toString('latin1', 0, 4)).toBe('RIFF');
    expect(wav.toString('latin1', 8, 12)).toBe('WAVE');
    // the agent's tone is in the recording of the conversation
    const { seconds, loudSeconds } = loudness(wav);
    expect(seconds).toBeGreaterThan(3);
    expect(loudSeconds).toBeGreaterThan(2);

    const accesses = await app.get<{ entries: Array<{ kind: string; actor: string; data: Record<string, unknown> }> }>(
      `/api/audit?subject=${encodeURIComponent(`recording:${callId}`)}`, auditor);
    expect(accesses.body.entries).toEqual([
      expect.objectContaining({ kind: 'recording_access', actor: `token:auditor-${EXT}`, data: { reason, name: `call-${callId}-agent1` } }),
    ]);
    const verified = await app.get<{ ok: boolean; entries: number }>('/api/audit/verify', auditor);
    expect(verified.body).toMatchObject({ ok: true });
    expect(verified.body.entries).toBeGreaterThanOrEqual(4);
  });
});

// /metrics follows a real call: a SIPp citizen calls 12345, the ACD claims the idle agent (a
// baresip softphone answering by itself), the caller is put through; scraped during the call the
// app shows the call in progress and the agent on the call, and its counters the claim and the
// call answered within 15 s (its time to agent in the histogram). Real Asterisk, real app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentReaches, createAgents, finishedCall, send } from '../support/acd-e2e.js';
import { createTestDatabase, startHotlineApp, waitFor, type HotlineApp } from '../support/hotline-app.js';
import { openRtpSink } from '../support/rtp-sink.js';
import { placeCall } from '../support/sipp.js';
import { startSoftphone, type Softphone } from '../support/softphone.js';

// fresh extensions per run: no SIP account left in Asterisk by an earlier run can interfere
const EXTENSION = String(6000 + 2 * Math.floor(Math.random() * 1500) + 1);
const AGENT = 'metrics-li';
const CALLER = '13700000041';

/** The value of `name` with these labels in a Prometheus text exposition, or undefined. */
function sample(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('GET /metrics during and after a real call', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: HotlineApp;
  let phone: Softphone | undefined;
  let supervisor = '';

  const scrape = async () => {
    const res = await fetch(`${app.baseUrl}/metrics`, { headers: { authorization: `Bearer ${supervisor}` } });
    expect(res.status).toBe(200);
    return res.text();
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startHotlineApp({ databaseUrl: db.url, env: { AGENT_WRAP_UP_SECONDS: '1', GREETING_LENGTH: 'short', GREETING_AGENT_OVERLAP: 'cut' } });
    await app.waitReady();
    supervisor = await app.createToken('supervisor');
  }, 120_000);

  afterAll(async () => {
    await phone?.stop();
    await app?.request('DELETE', `/api/agents/${AGENT}`).catch(() => undefined);
    await app?.stop();
    await db?.drop();
  });

  it('shows the call in progress and the agent on it, then counts the claim and the answer within 15 s', async () => {
    const passwords = await createAgents(app, [{ agentId: AGENT, name: '李娜', extension: EXTENSION, skills: { general: 3 }, languages: ['zh'], group: 'day' }]);
    phone = await startSoftphone({ user: EXTENSION, password: passwords[EXTENSION]!, answer: 'auto', port: 25341 });
    expect((await send(app, 'POST', `/api/agents/${AGENT}/login`, { ready: true })).status).toBe(200);

    const before = await scrape();
    expect(sample(before, 'hotline_agents', 'state="ready"')).toBe(1);
    expect(sample(before, 'hotline_agent_claims_total')).toBe(0);
    expect(sample(before, 'hotline_calls_answered_by_agent_total')).toBe(0);

    const sink = await openRtpSink();
    const call = placeCall({ dial: '12345', caller: CALLER, rtpPort: sink.port, steps: [{ wait: 8_000 }], end: 'bye' });
    try {
      await agentReaches(app, AGENT, ['on_call']);
      const during = await waitFor('the answer counted', async () => {
        const text = await scrape();
        return sample(text, 'hotline_calls_answered_by_agent_total') === 1 ? text : undefined;
      });
      expect(sample(during, 'hotline_calls_in_progress')).toBeGreaterThanOrEqual(1);
      expect(sample(during, 'hotline_agents', 'state="on_call"')).toBe(1);
      expect(sample(during, 'hotline_agents', 'state="ready"')).toBe(0);
      expect(sample(during, 'hotline_agent_claims_total')).toBe(1);
      expect(sample(during, 'hotline_calls_answered_within_15s_total')).toBe(1);
      expect(sample(during, 'hotline_time_to_agent_seconds_count')).toBe(1);
      expect(sample(during, 'hotline_time_to_agent_seconds_bucket', 'le="15"')).toBe(1);
      expect(sample(during, 'hotline_live_figures_up')).toBe(1);
      expect(sample(during, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
    } finally {
      const result = await call.done;
      await sink.close();
      expect(result.exitCode, result.stderr).toBe(0);
    }

    // the record agrees: the same call, answered by the agent within 15 s of the caller's answer
    const record = (await finishedCall(app, CALLER)) as { outcome: string; timeToAgentMs?: number | null };
    expect(record.outcome).toBe('answered_by_agent');
    expect(record.timeToAgentMs!).toBeLessThanOrEqual(15_000);
    const after = await scrape();
    expect(sample(after, 'hotline_calls_answered_by_agent_total')).toBe(1);
    expect(sample(after, 'hotline_time_to_agent_seconds_sum')! * 1000).toBeCloseTo(record.timeToAgentMs!, -3);
  });
});

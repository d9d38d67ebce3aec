// The progress line (工单进度查询) on the real Asterisk: a SIPp citizen dials the service number
// (PROGRESS_LINE_NUMBER, rendered into the dialplan by `stack.sh up`), keys an order number and
// the last four digits of the number it was filed from by SIP INFO, and hears the status and the
// reply deadline; a wrong pair hears the neutral "not found". The order is a row inserted in SQL
// into the app's own database; the app answers from the work-order store. What the caller heard:
// the app's log of the prompts it played on that channel, and the caller's RTP.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asteriskCli, createTestDatabase, startHotlineApp, waitFor, type HotlineApp } from '../support/hotline-app.js';
import { openRtpSink } from '../support/rtp-sink.js';
import { CARRIER_IP, SIP_SERVER, callerScenario, placeCall, runSipp, type CallerOptions, type CallerStep, type RunningSipp } from '../support/sipp.js';
import { readStackEnv } from '../support/stack-env.js';

const PROGRESS_NUMBER = readStackEnv().PROGRESS_LINE_NUMBER ?? '123452';
const ORDER_NO = '2026-900001';
const FILED_FROM = '13900005678';

/** Keys one after another by SIP INFO, a short pause after each. */
const keyed = (digits: string): CallerStep[] => [...digits].flatMap((d) => [{ dtmf: d }, { wait: 120 }]);

/**
 * A call from a phone that sends media all the time, as real phones do (silence, u-law): Asterisk
 * turns a key sent by SIP INFO into a timed DTMF and finishes it on the caller's frames, so a
 * caller that sends no RTP has its last key held back until something else arrives.
 */
function placeCallWithMedia(o: CallerOptions, timeoutMs = 90_000): RunningSipp {
  const dir = mkdtempSync(join(tmpdir(), 'sipp-progress-caller-'));
  const silence = join(dir, 'silence.ulaw');
  writeFileSync(silence, Buffer.alloc(8_000, 0xff));
  const xml = callerScenario(o).replace(/(CSeq: 1 ACK[\s\S]*?\]\]><\/send>)/, `$1\n  <nop><action><exec rtp_stream="${silence},-1,0" /></action></nop>`);
  if (!xml.includes('rtp_stream')) throw new Error('could not add the caller\'s media to the SIPp scenario');
  const file = join(dir, 'caller.xml');
  writeFileSync(file, xml);
  return runSipp(
    () => {
      const port = String(20000 + Math.floor(Math.random() * 20000));
      const mediaPort = String(42000 + 2 * Math.floor(Math.random() * 4000));
      return ['-sf', file, '-s', o.dial, '-i', CARRIER_IP, '-p', port, '-mi', CARRIER_IP, '-mp', mediaPort, '-m', '1', '-l', '1', SIP_SERVER];
    },
    dir,
    timeoutMs,
  );
}

interface LogLine { msg?: string; component?: string; channelId?: string; caller?: string; prompts?: string[]; found?: boolean; status?: string; outcome?: string; orderNo?: string }

function logLines(app: HotlineApp): LogLine[] {
  return app.output().split('\n').flatMap((l) => {
    try {
      return [JSON.parse(l) as LogLine];
    } catch {
      return [];
    }
  });
}

/** The progress-line log of the one call from `caller` (its number is logged masked: the last four). */
function callLog(app: HotlineApp, caller: string): LogLine[] {
  const lines = logLines(app);
  const arrived = lines.find((l) => l.msg === 'progress-line call arrived' && l.caller?.endsWith(caller.slice(-4)));
  if (!arrived?.channelId) return [];
  return lines.filter((l) => l.channelId === arrived.channelId);
}
const played = (lines: LogLine[]) => lines.filter((l) => l.msg === 'progress line plays').map((l) => l.prompts ?? []);

describe('the progress line with the app not connected', () => {
  it('plays the apology and hangs up: no queue, no agent', async () => {
    expect(asteriskCli(`dialplan show ${PROGRESS_NUMBER}@from-carrier`), 'the progress line is not in the running dialplan: run bash scripts/stack.sh up').toMatch(/Stasis\(hotline,progress\)/);
    // no pre-check of `ari show apps`: an app whose websocket is gone stays listed while Asterisk
    // still holds subscriptions of it (e.g. a bridge), yet Stasis() fails for it as for none
    const sink = await openRtpSink();
    const result = await placeCall({ dial: PROGRESS_NUMBER, caller: '13900000009', rtpPort: sink.port, steps: [], end: { awaitByeMs: 15_000 } }).done;
    await sink.close();
    expect(result.exitCode, `no hang-up within 15 s: is an app named hotline connected to ARI?\n${result.stderr}${result.messages.slice(-2000)}`).toBe(0);
    // the hotline hung up (BYE from Asterisk) after about 5 s of apology
    expect(result.messages).toMatch(/UDP message received[^\n]*\n\s*BYE sip:/);
    expect(sink.loudMs()).toBeGreaterThan(2_500);
    expect(sink.loudMs()).toBeLessThan(9_000);
    expect(asteriskCli('queue show hotline-general')).toMatch(/hotline-general has 0 calls/);
  });
});

describe('the progress line with the app', () => {
  let app: HotlineApp;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startHotlineApp({ databaseUrl: db.url, env: { PROGRESS_KEY_TIMEOUT_SECONDS: '4' } });
    await app.waitReady();
    // a real order in the app's own database: 办理中, reply due 18 December 10:00 in Shanghai
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query(`INSERT INTO work_order_categories (code, name, level, time_class) VALUES ('e2e_progress', '进度查询测试', 1, 'general') ON CONFLICT (code) DO NOTHING`);
      await client.query(
        `INSERT INTO work_orders (order_no, status, channel, citizen_number, type, category_code, description, urgency, created_by, created_at, updated_at, dispatched_at, reply_due_at)
         VALUES ($1, 'in_progress', 'phone', $2, 'help', 'e2e_progress', '路灯不亮', 'normal', 'e2e', now(), now(), now(), '2026-12-18T02:00:00Z')`,
        [ORDER_NO, FILED_FROM],
      );
    } finally {
      await client.end();
    }
  });

  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  it('the right order number and last four: the caller hears 办理中 and 十二月十八日, then the hotline hangs up', async () => {
    const sink = await openRtpSink();
    const steps: CallerStep[] = [
      { wait: 14_500 }, // the whole intro and question
      ...keyed('2026900001#'),
      { wait: 1_500 }, // into the last-four question, then cut it short with the keys
      ...keyed('5678#'),
    ];
    const result = await placeCallWithMedia({ dial: PROGRESS_NUMBER, caller: FILED_FROM, rtpPort: sink.port, steps, end: { awaitByeMs: 20_000 } }).done;
    await sink.close();
    expect(result.exitCode, result.stderr + result.messages.slice(-2000)).toBe(0);
    expect(result.messages).toMatch(/UDP message received[^\n]*\n\s*BYE sip:/);

    const log = await waitFor('the progress call to end', () => {
      const lines = callLog(app, FILED_FROM);
      return lines.some((l) => l.msg === 'progress-line call ended') ? lines : undefined;
    });
    expect(log.find((l) => l.msg === 'progress lookup')).toMatchObject({ orderNo: ORDER_NO, found: true, status: 'in_progress' });
    expect(played(log)).toEqual([
      ['progress-intro', 'progress-enter-order'],
      ['progress-enter-last-four'],
      ['progress-status-is', 'progress-status-in-progress', 'progress-deadline-is', 'digits-10', 'digits-2', 'progress-month', 'digits-10', 'digits-8', 'progress-day', 'progress-goodbye'],
    ]);
    expect(log.find((l) => l.msg === 'progress-line call ended')).toMatchObject({ outcome: 'found' });
    // the caller heard it: the intro and question (13 s) and the answer (about 8 s) are mostly voice
    expect(sink.loudMs()).toBeGreaterThan(12_000);
    // no call of the main path: no call record, never a queue
    const calls = await app.get<{ calls: unknown[] }>(`/api/calls?number=${FILED_FROM}`);
    expect(calls.body.calls).toEqual([]);
  });

  it('an unknown order, then the right order with wrong last four: the same neutral "not found" each time, never the status', async () => {
    const caller = '13700002222';
    const sink = await openRtpSink();
    const steps: CallerStep[] = [
      { wait: 2_000 }, // cut the intro short
      ...keyed('2026999999#'),
      { wait: 800 },
      ...keyed('5678#'),
      { wait: 2_500 }, // "not found", into the question again
      ...keyed('2026900001#'),
      { wait: 800 },
      ...keyed('0000#'),
      { wait: 3_000 },
    ];
    const result = await placeCallWithMedia({ dial: PROGRESS_NUMBER, caller, rtpPort: sink.port, steps, end: 'bye' }).done;
    await sink.close();
    expect(result.exitCode, result.stderr + result.messages.slice(-2000)).toBe(0);

    const log = await waitFor('the progress call to end', () => {
      const lines = callLog(app, caller);
      return lines.some((l) => l.msg === 'progress-line call ended') ? lines : undefined;
    });
    expect(log.filter((l) => l.msg === 'progress lookup').map((l) => [l.orderNo, l.found]), JSON.stringify(log)).toEqual([
      ['2026-999999', false],
      [ORDER_NO, false],
    ]);
    const heard = played(log);
    expect(heard.filter((p) => p[0] === 'progress-not-found')).toEqual([
      ['progress-not-found', 'progress-enter-order'],
      ['progress-not-found', 'progress-enter-order'],
    ]);
    expect(heard.flat().some((p) => p.startsWith('progress-status'))).toBe(false);
    expect(log.find((l) => l.msg === 'progress-line call ended')).toMatchObject({ outcome: 'hung_up' });
    expect(sink.loudMs()).toBeGreaterThan(3_000);
  });
});

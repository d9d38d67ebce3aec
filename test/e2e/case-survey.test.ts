// Per-case callback surveys (一事一评 回访) on the real Asterisk: the app calls the citizen
// through the outbound dialplan context and the carrier trunk; a SIPp phone on the carrier
// address (127.0.0.2:5060) stands in for the citizen, answering with keys by SIP INFO, busy,
// or silent. Quiet hours are the default 21:00-08:00 Asia/Shanghai; the test-only setting
// SURVEY_CLOCK_OFFSET_SECONDS sets the survey clock to just before 08:00 at the start, so the
// first survey waits for 08:00 and the later ones are called at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, startHotlineApp, waitFor, type HotlineApp } from '../support/hotline-app.js';
import { openRtpSink, type RtpSink } from '../support/rtp-sink.js';
import { citizenPhone, type CitizenPhone, type CitizenStep } from '../support/sipp-citizen.js';

interface SurveyView {
  id: number;
  caseId: string;
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
  createdAt: string;
  answers: { resolved: string | null; satisfaction: string | null };
  result: string | null;
  attemptLog: Array<{ attempt: number; startedAt: string; answeredAt: string | null; endedAt: string | null; outcome: string | null; hangupCause: number | null }>;
}

/** The survey clock starts at 07:59:25 in Shanghai (any day): 35 s before quiet hours end. */
const SURVEY_CLOCK_START = '07:59:25';

let app: HotlineApp;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let supervisor: string;
let clockOffsetMs: number;
const sinks: RtpSink[] = [];
const phones: CitizenPhone[] = [];

beforeAll(async () => {
  const shanghaiDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  // whole seconds, as the app takes the setting: the test reads the app's clock with the same offset
  clockOffsetMs = Math.round((new Date(`${shanghaiDate}T${SURVEY_CLOCK_START}+08:00`).getTime() - Date.now()) / 1000) * 1000;
  db = await createTestDatabase();
  app = await startHotlineApp({
    databaseUrl: db.url,
    env: {
      SURVEY_CLOCK_OFFSET_SECONDS: String(clockOffsetMs / 1000),
      SURVEY_RING_SECONDS: '10',
      SURVEY_KEY_TIMEOUT_SECONDS: '2',
      SURVEY_RETRY_MINUTES: '0.1',
      SURVEY_MAX_ATTEMPTS: '3',
    },
  });
  await app.waitReady();
  supervisor = await app.createToken('supervisor');
});

afterAll(async () => {
  for (const p of phones) p.kill();
  await Promise.all(sinks.map((s) => s.close()));
  await app?.stop();
  await db?.drop();
});

async function requestSurvey(caseId: string, number: string): Promise<SurveyView> {
  const r = await app.request<SurveyView>('POST', '/api/case-surveys', { body: { caseId, number }, token: supervisor });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

const survey = async (id: number) => (await app.get<SurveyView>(`/api/case-surveys/${id}`, supervisor)).body;

async function finished(id: number, timeoutMs = 60_000): Promise<SurveyView> {
  return waitFor(`survey ${id} to finish`, async () => {
    const s = await survey(id);
    return ['completed', 'failed', 'not_reached'].includes(s.status) ? s : undefined;
  }, timeoutMs);
}

async function answeringPhone(steps: CitizenStep[]) {
  const sink = await openRtpSink();
  sinks.push(sink);
  const phone = citizenPhone({ kind: 'answer', ringMs: 500, rtpPort: sink.port, steps, awaitByeMs: 45_000 });
  phones.push(phone);
  await new Promise((r) => setTimeout(r, 300)); // let SIPp bind 127.0.0.2:5060
  return { phone, sink };
}

/** When SIPp received its first INVITE (its message trace has the local time of each message). */
function firstInviteAt(trace: string): Date | null {
  const m = /-{10,} (\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}\.\d{3})\d*\s+UDP message received[^\n]*\n\s*INVITE sip:/.exec(trace);
  return m ? new Date(`${m[1]}T${m[2]}`) : null;
}

describe('a callback survey for a closed case', () => {
  it('(d) requested in quiet hours (07:59 local): no call reaches the citizen until 08:00, then it does', async () => {
    const { phone } = await answeringPhone([{ wait: 2_500 }, { key: '1' }, { wait: 1_500 }, { key: '2' }]);
    const requestedAt = Date.now();
    const s = await requestSurvey('WO-E2E-QUIET', '13800000004');
    const dueLocal = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
    expect(dueLocal.format(new Date(s.nextAttemptAt!))).toBe('08:00:00');
    expect(dueLocal.format(new Date(s.createdAt)) < '08:00:00').toBe(true);
    const dueRealMs = new Date(s.nextAttemptAt!).getTime() - clockOffsetMs;
    expect(dueRealMs - requestedAt).toBeGreaterThan(10_000); // the app started fast enough to see the window

    // until 08:00 local, the survey waits and the phone stays silent
    while (Date.now() < dueRealMs - 1_500) {
      expect((await survey(s.id)).status).toBe('scheduled');
      expect(phone.invites()).toBe(0);
      await new Promise((r) => setTimeout(r, 1_000));
    }
    const done = await finished(s.id);
    const result = await phone.done;
    expect(result.exitCode, result.stderr + result.messages.slice(-3000)).toBe(0);
    const inviteAt = firstInviteAt(result.messages);
    expect(inviteAt, 'the citizen got an INVITE').not.toBeNull();
    expect(inviteAt!.getTime()).toBeGreaterThanOrEqual(dueRealMs - 200);
    expect(inviteAt!.getTime()).toBeLessThan(dueRealMs + 10_000);
    expect(new Date(done.attemptLog[0]!.startedAt).getTime()).toBeGreaterThanOrEqual(new Date(s.nextAttemptAt!).getTime());
    expect(done).toMatchObject({ status: 'completed', answers: { resolved: 'yes', satisfaction: 'basically_satisfied' }, attempts: 1 });
  });

  it('(a) the citizen answers and presses 1 then 1: resolved, satisfied, stored; the hotline hangs up', async () => {
    const { phone, sink } = await answeringPhone([{ wait: 3_000 }, { key: '1' }, { wait: 2_000 }, { key: '1' }]);
    const s = await requestSurvey('WO-E2E-ANSWER', '13800000001');
    const done = await finished(s.id);
    const result = await phone.done;
    expect(result.exitCode, result.stderr + result.messages.slice(-3000)).toBe(0);

    expect(done).toMatchObject({ status: 'completed', result: 'answered', attempts: 1, answers: { resolved: 'yes', satisfaction: 'satisfied' } });
    expect(done.attemptLog).toHaveLength(1);
    expect(done.attemptLog[0]).toMatchObject({ attempt: 1, outcome: 'completed' });
    expect(done.attemptLog[0]!.answeredAt).not.toBeNull();
    // dialled through the carrier to the citizen's number, showing the hotline number
    const invite = /INVITE sip:13800000001@127\.0\.0\.2[\s\S]*?\n\r?\n/.exec(result.messages)?.[0] ?? '';
    expect(invite).not.toBe('');
    expect(invite).toMatch(/From:[^\n]*sip:12345@/);
    // the hotline ended the call (BYE from Asterisk) after the thanks
    expect(result.messages).toMatch(/UDP message received[^\n]*\n\s*BYE sip:/);
    // the citizen heard the prompts
    expect(sink.loudMs()).toBeGreaterThan(2_000);
  });

  it('(b) busy (486) on the first attempt, answered on the second: completed after 2 attempts', async () => {
    const busy = citizenPhone({ kind: 'busy' }, 30_000);
    phones.push(busy);
    await new Promise((r) => setTimeout(r, 300));
    const s = await requestSurvey('WO-E2E-BUSY', '13800000002');
    const busyResult = await busy.done;
    expect(busyResult.exitCode, busyResult.stderr + busyResult.messages.slice(-2000)).toBe(0);
    expect(busyResult.messages).toMatch(/486 Busy Here/);

    const afterBusy = await waitFor('the busy attempt to be closed', async () => {
      const v = await survey(s.id);
      return v.status === 'scheduled' && v.attempts === 1 ? v : undefined;
    });
    expect(afterBusy.attemptLog[0]).toMatchObject({ outcome: 'busy', hangupCause: 17 });

    const { phone } = await answeringPhone([{ wait: 2_500 }, { key: '2' }, { wait: 1_500 }, { key: '3' }]);
    const done = await finished(s.id);
    expect((await phone.done).exitCode).toBe(0);
    expect(done).toMatchObject({ status: 'completed', attempts: 2, answers: { resolved: 'no', satisfaction: 'dissatisfied' } });
    expect(done.attemptLog.map((a) => a.outcome)).toEqual(['busy', 'completed']);
    // the retry waited for the spacing (SURVEY_RETRY_MINUTES=0.1: 6 s) after the busy attempt
    const busyEnded = new Date(done.attemptLog[0]!.endedAt!).getTime();
    expect(new Date(afterBusy.nextAttemptAt!).getTime() - busyEnded).toBe(6_000);
    expect(new Date(done.attemptLog[1]!.startedAt).getTime() - busyEnded).toBeGreaterThanOrEqual(6_000);
  });

  it('(c) the citizen answers but presses nothing: the question is repeated once, then "not answered" is stored', async () => {
    const { phone, sink } = await answeringPhone([]);
    const s = await requestSurvey('WO-E2E-SILENT', '13800000003');
    const done = await finished(s.id);
    const result = await phone.done;
    expect(result.exitCode, result.stderr + result.messages.slice(-3000)).toBe(0);
    expect(done).toMatchObject({ status: 'failed', result: 'not_answered', attempts: 1, answers: { resolved: null, satisfaction: null } });
    expect(done.attemptLog[0]).toMatchObject({ outcome: 'not_answered' });
    // intro + question (about 10 s) and then "no key" + the question again (about 8.5 s) and goodbye:
    // far more than one asking alone
    expect(sink.loudMs()).toBeGreaterThan(14_000);
    expect(result.messages).toMatch(/UDP message received[^\n]*\n\s*BYE sip:/);
  });
});

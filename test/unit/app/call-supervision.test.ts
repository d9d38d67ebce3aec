// The supervision use cases on fakes: which calls may be supervised (404, 409, 400), the ring,
// the media once the supervisor answers, the hook that takes a session's own channel events but
// only watches the supervised call's legs, and the timeline and audit entries.
import { describe, expect, it } from 'vitest';
import { createCallSupervision } from '../../../src/app/supervision/call-supervision.js';
import { SupervisionConflictError, SupervisionInputError, SupervisionNotFoundError } from '../../../src/app/supervision/supervision-errors.js';
import { createCallState } from '../../../src/domain/call/call-flow.js';
import type { CallState } from '../../../src/domain/call/call-flow-types.js';
import type { AuditEntryInput } from '../../../src/ports/audit/audit-log.js';
import type { Logger } from '../../../src/ports/logger.js';
import type { TelephonyEvent } from '../../../src/ports/call/telephony-events.js';

const NOW = new Date('2026-12-05T08:00:00Z');
const SID = 'aaaaaaaaaaaa';
const logger: Logger = { child: () => logger, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

function callWithAgent(phase: CallState['phase'] = 'with_agent'): CallState {
  const state = createCallState({ callId: 'c1', callerChannelId: 'c1', callerNumber: '13800138000', dialedNumber: '12345', queueId: 'general' });
  return {
    ...state,
    phase,
    agent: { agentId: 'wang', extension: '8001', legChannelId: 'c1-agent1', bridgeId: 'c1-agentbridge', answered: true, offeredAt: NOW.toISOString(), answeredAt: NOW.toISOString() },
  };
}

function setup(call: CallState | null = callWithAgent(), recorded = false) {
  const commands: string[] = [];
  const timeline: Array<{ type: string; data: Record<string, unknown> }> = [];
  const audit: AuditEntryInput[] = [];
  const cmd = (name: string) => async (...args: unknown[]) => void commands.push(`${name} ${args.map((a) => (typeof a === 'object' ? JSON.stringify(a) : String(a))).join(' ')}`);
  const supervision = createCallSupervision({
    control: {
      originate: cmd('originate'), createBridge: cmd('createBridge'), addToBridge: cmd('addToBridge'), removeFromBridge: cmd('removeFromBridge'),
      destroyBridge: cmd('destroyBridge'), hangup: cmd('hangup'), listAppChannels: async () => [], channelExists: async () => false,
    },
    snoop: { snoop: async (r) => void commands.push(`snoop ${r.channelId} ${r.snoopId} spy=${r.spy} whisper=${r.whisper}`) },
    calls: { get: async (id) => (id === 'c1' ? call : null) },
    records: { getCall: async (id) => (id === 'c1' && recorded ? ({ callId: 'c1', events: [] } as never) : null) },
    timeline: async (_callId, _at, type, data) => void timeline.push({ type, data }),
    audit: { append: async (entry) => { audit.push(entry); return entry as never; } },
    ringSeconds: 30,
    logger,
    now: () => NOW,
    newId: () => SID,
  });
  return { supervision, commands, timeline, audit };
}

const ev = (e: Partial<TelephonyEvent> & { type: TelephonyEvent['type'] }) => ({ at: NOW, ...e }) as TelephonyEvent;
const settle = () => new Promise((r) => setTimeout(r, 10));

describe('which calls may be supervised', () => {
  it('an unknown call is not found; an ended one or one not with an agent is a conflict; the agent’s own phone is bad input', async () => {
    await expect(setup(null).supervision.start({ callId: 'c1', mode: 'listen', extension: '8009', supervisor: 'token:li' })).rejects.toBeInstanceOf(SupervisionNotFoundError);
    await expect(setup(null, true).supervision.start({ callId: 'c1', mode: 'listen', extension: '8009', supervisor: 'token:li' })).rejects.toThrow(/has ended/);
    await expect(setup(callWithAgent('waiting')).supervision.start({ callId: 'c1', mode: 'listen', extension: '8009', supervisor: 'token:li' })).rejects.toBeInstanceOf(SupervisionConflictError);
    await expect(setup().supervision.start({ callId: 'c1', mode: 'listen', extension: '8001', supervisor: 'token:li' })).rejects.toBeInstanceOf(SupervisionInputError);
  });
});

describe('a session', () => {
  it('rings the supervisor, sets up the listen snoop at the answer, and ends when the agent’s leg is gone', async () => {
    const { supervision, commands, timeline, audit } = setup();
    const started = await supervision.start({ callId: 'c1', mode: 'listen', extension: '8009', supervisor: 'token:li' });
    expect(started).toMatchObject({ sessionId: SID, phase: 'ringing', mode: 'listen' });
    expect(commands).toEqual([expect.stringMatching(/^originate .*"endpoint":"PJSIP\/8009".*"appArgs":\["supervision","aaaaaaaaaaaa"\]/)]);
    // the session's own channel events are taken (the call flow never sees them)
    expect(supervision.route(ev({ type: 'stasis_start', channelId: `supervise-${SID}-phone`, args: ['supervision', SID], callerNumber: '', dialedNumber: '' }))).toBe(true);
    await settle();
    expect(commands.slice(1)).toEqual([
      `createBridge supervise-${SID}-bridge`,
      `snoop c1-agent1 supervise-${SID}-snoop1 spy=both whisper=none`,
      `addToBridge supervise-${SID}-bridge ["supervise-${SID}-snoop1","supervise-${SID}-phone"]`,
    ]);
    expect((await supervision.list('c1'))[0]).toMatchObject({ phase: 'active' });
    // the agent's leg is watched, not taken
    expect(supervision.route(ev({ type: 'channel_destroyed', channelId: 'c1-agent1', cause: 16, causeText: 'Normal Clearing' }))).toBe(false);
    await settle();
    expect((await supervision.list('c1'))[0]).toMatchObject({ phase: 'ended', endReason: 'call_ended' });
    expect(commands.slice(4)).toEqual([`hangup supervise-${SID}-snoop1 normal`, `hangup supervise-${SID}-phone normal`, `destroyBridge supervise-${SID}-bridge`]);
    expect(timeline.map((t) => t.type)).toEqual(['supervision_started', 'supervision_ended']);
    expect(audit.map((a) => [a.kind, a.actor, a.subject, a.data.event])).toEqual([
      ['supervision', 'token:li', 'call:c1', 'supervision_started'],
      ['supervision', 'token:li', 'call:c1', 'supervision_ended'],
    ]);
  });

  it('the same phone cannot be in two sessions; a stopped session cannot switch', async () => {
    const { supervision } = setup();
    await supervision.start({ callId: 'c1', mode: 'barge', extension: '8009', supervisor: 'token:li' });
    await expect(supervision.start({ callId: 'c1', mode: 'listen', extension: '8009', supervisor: 'token:zhao' })).rejects.toBeInstanceOf(SupervisionConflictError);
    expect(await supervision.stop('c1', SID)).toMatchObject({ phase: 'ended', endReason: 'stopped' });
    await expect(supervision.switchMode('c1', SID, 'listen')).rejects.toBeInstanceOf(SupervisionConflictError);
    await expect(supervision.stop('c2', SID)).rejects.toBeInstanceOf(SupervisionNotFoundError);
  });

  it('events of other calls’ channels are neither taken nor change anything', async () => {
    const { supervision } = setup();
    expect(supervision.route(ev({ type: 'stasis_start', channelId: '1772355600.1', args: ['inbound'], callerNumber: '13800138000', dialedNumber: '12345' }))).toBe(false);
    expect(supervision.route(ev({ type: 'channel_destroyed', channelId: 'c9-agent1', cause: 16, causeText: '' }))).toBe(false);
  });
});

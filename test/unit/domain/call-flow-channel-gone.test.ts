// A command that met a channel gone feeds `channel_gone` into the call flow: for the caller still
// in the app it is the caller's hang-up (the record closes, the call is reviewed), once; a leg's
// gone channel and a caller handed to the dialplan's queue wait for their ChannelDestroyed.
import { describe, expect, it } from 'vitest';
import { createCallState, transition } from '../../../src/domain/call/call-flow.js';
import type { CallFlowEvent } from '../../../src/domain/call/call-flow-types.js';
import { GONE_BEFORE_COMMAND } from '../../../src/domain/shared/machine-step.js';
import { TO_AGENT_ZHANG, at, callAfter, flowSettings, recordTypes, runFlow } from '../../support/call-flow-harness.js';

const settings = flowSettings();
const gone = (channelId: string, s = 30): CallFlowEvent => ({ type: 'channel_gone', at: at(s), channelId });
const GREETING: CallFlowEvent[] = [{ type: 'stasis_started', at: at(0) }, { type: 'answered', at: at(0.1) }];

describe('call flow: a channel met gone under a command', () => {
  it('ends a call whose caller is gone as the caller\'s hang-up, with no Q.850 cause', () => {
    const t = transition(callAfter(GREETING), gone('c1', 2), settings);
    expect(t.handled).toBe(true);
    expect(t.state.phase).toBe('ended');
    expect(recordTypes(t.effects)).toContain('hangup');
    expect(t.effects).toContainEqual({
      kind: 'update_call',
      patch: { endedAt: at(2), hangupCause: 0, hangupCauseText: GONE_BEFORE_COMMAND, firstHangupSide: 'caller', outcome: 'abandoned_in_greeting' },
    });
    expect(t.effects).toContainEqual({ kind: 'review_call' });
  });

  it('takes the caller\'s later ChannelDestroyed (and a second gone) as nothing more', () => {
    const ended = transition(callAfter(GREETING), gone('c1', 2), settings).state;
    const after = runFlow([{ type: 'caller_hungup', at: at(3), cause: 16, causeText: 'Normal Clearing' }, gone('c1', 4)], ended, settings);
    expect(after.state).toEqual(ended);
    expect(after.effects).toEqual([]);
  });

  it('is the same hang-up during the service: the agent leg is cleared as for a ChannelDestroyed', () => {
    const withAgent = callAfter(TO_AGENT_ZHANG);
    const viaGone = transition(withAgent, gone('c1'), settings);
    const viaDestroyed = transition(withAgent, { type: 'caller_hungup', at: at(30), cause: 0, causeText: GONE_BEFORE_COMMAND }, settings);
    expect(viaGone).toEqual(viaDestroyed);
    expect(viaGone.state.phase).not.toBe('with_agent');
  });

  it('leaves a gone agent leg to its own ChannelDestroyed, whose cause decides', () => {
    const withAgent = callAfter(TO_AGENT_ZHANG);
    expect(transition(withAgent, gone('c1-agent1'), settings)).toEqual({ state: withAgent, effects: [], handled: false });
  });

  it('ignores it for a caller handed to the dialplan\'s queue (the channel lives on outside the app)', () => {
    const start = createCallState({ callId: 'c2', callerChannelId: 'c2', callerNumber: '13800138000', dialedNumber: '12345' });
    const queued = runFlow(
      [...GREETING, { type: 'playback_finished', at: at(13), playbackId: 'c2-pb1' }, { type: 'timer_fired', at: at(14.5), timer: 'key_wait' }],
      start,
      settings,
    ).state;
    expect(queued.phase).toBe('queued');
    expect(transition(queued, gone('c2'), settings)).toEqual({ state: queued, effects: [], handled: false });
  });
});

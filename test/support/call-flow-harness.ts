// Shared by the call-flow unit tests: settings, a clock, and running events through transition().
import { createCallState, transition } from '../../src/domain/call/call-flow.js';
import type { CallEffect, CallFlowEvent, CallFlowSettings, CallState } from '../../src/domain/call/call-flow-types.js';
import { parseEmergencyKeys } from '../../src/domain/emergency/emergency-keys.js';

export const T0 = Date.parse('2026-11-22T08:00:00Z');
/** The time `s` seconds after T0. */
export const at = (s: number): Date => new Date(T0 + s * 1000);

export function flowSettings(overrides: Partial<CallFlowSettings> = {}): CallFlowSettings {
  return {
    emergencyKeys: parseEmergencyKeys('1=110,2=119,3=120,4=122'),
    // the tests written for the long greeting (queued after it and the key wait); the short one: shortGreeting()
    greeting: { length: 'long', agentOverlap: 'wait' },
    queueTimings: (id) => (id === 'general' ? { announcePeriodMs: 30_000, maxWaitMs: 600_000 } : null),
    keyWaitMs: 1500,
    emergencyAnswerTimeoutMs: 30_000,
    queueTarget: { context: 'hotline-queue', extension: 's', priority: 1 },
    rating: { keys: { '1': 'satisfied', '2': 'basically_satisfied', '3': 'dissatisfied' }, keyTimeoutMs: 6000, maxAsks: 2 },
    agentLegReleaseMs: 20_000,
    ...overrides,
  };
}

/** Runs events through the flow, returning the final state and every effect in order. */
export function runFlow(events: CallFlowEvent[], start: CallState, settings: CallFlowSettings) {
  let state = start;
  const effects: CallEffect[] = [];
  for (const e of events) {
    const t = transition(state, e, settings);
    state = t.state;
    effects.push(...t.effects);
  }
  return { state, effects };
}

export const recordTypes = (effects: CallEffect[]) => effects.flatMap((e) => (e.kind === 'record' ? [e.type] : []));

/** Events that bring call c1 (caller 13800138000, queue general) to agent zhang, answered at 20 s. */
export const TO_AGENT_ZHANG: CallFlowEvent[] = [
  { type: 'stasis_started', at: at(0) },
  { type: 'answered', at: at(0.1) },
  { type: 'playback_finished', at: at(13), playbackId: 'c1-pb1' },
  { type: 'timer_fired', at: at(14.5), timer: 'key_wait' },
  { type: 'agent_assigned', at: at(15), agentId: 'zhang', extension: '8001' },
  { type: 'leg_answered', at: at(20), channelId: 'c1-agent1' },
];

/** Call c1 after `events`, starting from its arrival in Stasis. */
export function callAfter(events: CallFlowEvent[], settings: CallFlowSettings = flowSettings()): CallState {
  const start = createCallState({ callId: 'c1', callerChannelId: 'c1', callerNumber: '13800138000', dialedNumber: '12345', queueId: 'general' });
  return runFlow(events, start, settings).state;
}

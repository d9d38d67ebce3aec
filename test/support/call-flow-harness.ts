// Shared by the call-flow unit tests: settings, a clock, and running events through transition().
import { transition } from '../../src/domain/call/call-flow.js';
import type { CallEffect, CallFlowEvent, CallFlowSettings, CallState } from '../../src/domain/call/call-flow-types.js';
import { parseEmergencyKeys } from '../../src/domain/emergency/emergency-keys.js';

export const T0 = Date.parse('2026-11-22T08:00:00Z');
/** The time `s` seconds after T0. */
export const at = (s: number): Date => new Date(T0 + s * 1000);

export function flowSettings(overrides: Partial<CallFlowSettings> = {}): CallFlowSettings {
  return {
    emergencyKeys: parseEmergencyKeys('1=110,2=119,3=120,4=122'),
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

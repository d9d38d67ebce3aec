// Small pieces every part of the call flow uses: the ids chosen before a command is sent (so
// no event about them can be missed), playing a prompt, and the shape of a handled
// transition. A leaf: it imports only types, so any part of the flow may use it without a loop.
import type { CallEffect, CallFlowEvent, CallState, Transition } from './call-flow-types.js';

export const emergencyLegId = (callId: string): string => `${callId}-emergency`;
export const emergencyBridgeId = (callId: string): string => `${callId}-bridge`;
export const agentLegId = (callId: string, offer: number): string => `${callId}-agent${offer}`;
export const agentBridgeId = (callId: string): string => `${callId}-agentbridge`;
export const playbackIdFor = (callId: string, seq: number): string => `${callId}-pb${seq}`;

export const handled = (state: CallState, effects: CallEffect[]): Transition => ({ state, effects, handled: true });

export function legOfChannel(state: CallState, channelId: string): 'caller' | 'agent' | 'emergency' {
  if (channelId === state.callerChannelId) return 'caller';
  return channelId.includes('-agent') ? 'agent' : 'emergency';
}

/** The next playback id on the caller, now the current one. */
export function nextPlayback(state: CallState): { state: CallState; playbackId: string } {
  const seq = state.playbackSeq + 1;
  const playbackId = playbackIdFor(state.callId, seq);
  return { state: { ...state, playbackSeq: seq, currentPlaybackId: playbackId }, playbackId };
}

export function play(state: CallState, media: string | string[]): { state: CallState; effect: CallEffect } {
  const next = nextPlayback(state);
  return { state: next.state, effect: { kind: 'play', playbackId: next.playbackId, media } };
}

export function stopCurrentPlayback(state: CallState): CallEffect[] {
  return state.currentPlaybackId ? [{ kind: 'stop_playback', playbackId: state.currentPlaybackId }] : [];
}

/** The timeline entry for the end of a prompt on the caller. */
export const playbackFinishedRecord = (event: Extract<CallFlowEvent, { type: 'playback_finished' }>): CallEffect => ({
  kind: 'record',
  type: 'playback_finished',
  leg: 'caller',
  data: { playbackId: event.playbackId },
});

/** The timeline entry for a key the caller pressed. */
export const callerDtmfRecord = (event: Extract<CallFlowEvent, { type: 'dtmf' }>, extra: Record<string, unknown> = {}): CallEffect => ({
  kind: 'record',
  type: 'dtmf',
  leg: 'caller',
  data: { digit: event.digit, at: event.at.toISOString(), ...extra },
});

/** The timeline entry for a key pressed on the agent's phone. */
export const agentDtmfRecord = (event: Extract<CallFlowEvent, { type: 'agent_dtmf' }>): CallEffect => ({
  kind: 'record',
  type: 'dtmf',
  leg: 'agent',
  data: { digit: event.digit, at: event.at.toISOString() },
});

/** The timeline entry for a leg entering or leaving a bridge. */
export const bridgeRecord = (state: CallState, event: Extract<CallFlowEvent, { type: 'bridge_entered' | 'bridge_left' }>): CallEffect => ({
  kind: 'record',
  type: event.type,
  leg: legOfChannel(state, event.channelId),
  data: { bridgeId: event.bridgeId, channelId: event.channelId },
});

/** The short greeting is still playing (the caller already waits in the skill queue). */
export const greetingPlaying = (state: CallState): boolean =>
  !!state.greetingPlaybackId && state.greetingPlaybackId === state.currentPlaybackId;

// The agent desktop's rules, as plain functions of what the server said (unit-tested in
// test/unit/web/agent-desk-rules.test.ts): what the caller-can-hear indicator shows, which words
// tell a refused action, how long the caller waited, and which pop belongs to the call in hand.
import { callIdOf, type AgentState, type AgentStatus, type CallerAudio, type CallOffer } from './agent-desk-types.js';

/** Words of agent-words.ts these rules choose (kept here as names, so the rules need no words table). */
type HearingWord = 'hear.onHold' | 'hear.serviceEnded' | 'hear.idle';
type ErrorWord = 'error.network' | 'error.409' | 'error.503' | 'error.403' | 'error.other';

export interface Hearing {
  hears: boolean;
  /** The indicator's colour: green, grey, grey with red (on hold). */
  tone: 'hears' | 'silent' | 'held';
  /** Why nobody hears the agent, when it is worth saying. */
  detail: HearingWord | null;
}

/** From GET /api/agents/:id/audio only: no answer yet counts as not heard. */
export function hearingOf(audio: CallerAudio | null, status: AgentStatus): Hearing {
  if (audio?.callerCanHear) return { hears: true, tone: 'hears', detail: null };
  if (audio?.onHold) return { hears: false, tone: 'held', detail: 'hear.onHold' };
  if (status === 'wrap_up') return { hears: false, tone: 'silent', detail: 'hear.serviceEnded' };
  return { hears: false, tone: 'silent', detail: audio?.callId ? null : 'hear.idle' };
}

/** A refused action: its HTTP status (0: no answer at all) and the server's message. */
export interface DeskError {
  status: number;
  message: string;
}

export function errorWords(error: DeskError): { word: ErrorWord; values: Record<string, string | number> } {
  if (error.status === 0) return { word: 'error.network', values: {} };
  if (error.status === 409) return { word: 'error.409', values: { message: error.message } };
  if (error.status === 503) return { word: 'error.503', values: {} };
  if (error.status === 403) return { word: 'error.403', values: {} };
  return { word: 'error.other', values: { status: error.status, message: error.message } };
}

/** The caller's wait: ticking while the agent's phone rings, then the wait until it rang; null if unknown. */
export function waitedMs(offer: CallOffer, status: AgentStatus, now: number): number | null {
  if (!offer.queuedAt) return null;
  const end = status === 'ringing' ? now : Date.parse(offer.at);
  return Math.max(0, end - Date.parse(offer.queuedAt));
}

/** The pop shown: the offer of the call in hand only (an older call's pop is never shown for a new one). */
export function offerInHand(offer: CallOffer | null, state: AgentState | null): CallOffer | null {
  const callId = callIdOf(state);
  return offer && callId && offer.callId === callId ? offer : null;
}

// What happens on the floor (现场), as events for the live consoles: agents' states, the skill
// queues' waiting callers, calls started, offered to an agent, answered and ended, and alerts.
// Who sees which: supervisors and admins see the whole floor; an agent sees only their own state
// and their own calls. Times are ISO strings (the events travel as JSON).
import type { AgentState } from '../agent/agent-types.js';
import type { Principal } from '../access/api-roles.js';
import type { FloorAlert } from './floor-alerts.js';

export type FloorEvent =
  /** An agent's state was saved (any change, the time in state counts from `state.since`). */
  | { type: 'agent_state'; agentId: string; state: AgentState }
  /** A skill queue's callers on the line changed: how many, and since when the longest waits. */
  | { type: 'queue'; queueId: string; waiting: number; callbacks: number; oldestQueuedAt: string | null }
  | { type: 'call_started'; callId: string; callerNumber: string; dialedNumber: string; at: string }
  /** An agent's phone rings for the call (the agent desktop pops it). */
  | { type: 'call_offered'; callId: string; agentId: string; queueId: string | null; callerNumber: string | null; queuedAt: string | null; callback: boolean; at: string }
  | { type: 'call_answered'; callId: string; agentId: string; at: string }
  | { type: 'call_ended'; callId: string; agentId: string | null; outcome: string; at: string }
  | { type: 'alert'; change: 'raised' | 'cleared'; alert: FloorAlert };

export type FloorEventType = FloorEvent['type'];

/** An event as kept and sent: with its id in the event log (ordered; "<ms>-<seq>"). */
export interface StampedFloorEvent {
  id: string;
  event: FloorEvent;
}

/** Who watches: the whole floor, or one agent's own part of it. */
export type FloorViewer = { scope: 'floor' } | { scope: 'agent'; agentId: string };

/** The view a principal gets; null for a role that has none (auditors, departments). */
export function floorViewerOf(principal: Principal): FloorViewer | null {
  if (principal.role === 'supervisor' || principal.role === 'admin') return { scope: 'floor' };
  if (principal.role === 'agent' && principal.agentId) return { scope: 'agent', agentId: principal.agentId };
  return null;
}

/** The agent an event is about, for the agent's own view; null for floor-only events. */
function agentOf(event: FloorEvent): string | null {
  switch (event.type) {
    case 'agent_state':
    case 'call_offered':
    case 'call_answered':
    case 'call_ended':
      return event.agentId;
    default:
      return null;
  }
}

/** Whether the viewer may see the event: the floor sees all; an agent only what is about them. */
export function isVisibleTo(event: FloorEvent, viewer: FloorViewer): boolean {
  if (viewer.scope === 'floor') return true;
  return agentOf(event) === viewer.agentId;
}

/** Event log ids ("<ms>-<seq>") in order: negative when a is older than b. Both must be ids (isEventId). */
export function compareEventIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(Number) as [number, number];
  const [bm, bs] = b.split('-').map(Number) as [number, number];
  return am !== bm ? am - bm : as - bs;
}

const EVENT_ID = /^\d{1,15}-\d{1,15}$/;
/** True for an id of the event log ("1764900000000-0"). */
export const isEventId = (s: string): boolean => EVENT_ID.test(s);

export const FLOOR_EVENT_TYPES: readonly FloorEventType[] = ['agent_state', 'queue', 'call_started', 'call_offered', 'call_answered', 'call_ended', 'alert'];

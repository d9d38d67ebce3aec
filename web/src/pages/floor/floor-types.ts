// The floor (现场) as the API sends it (docs/api.md, "The floor"): GET /api/floor, /api/floor/day
// and /api/floor/abandoned, as JSON in the browser (times are ISO strings).

export type AgentStatus = 'offline' | 'ready' | 'not_ready' | 'ringing' | 'on_call' | 'wrap_up';

export interface QueueFigures {
  offered: number;
  answered: number;
  answeredWithin15s: number;
  abandoned: number;
  /** Share answered within 15 s of the waits that ended; null when none ended. */
  serviceLevel: number | null;
  abandonRate: number | null;
}

export interface QueueOnFloor {
  queueId: string;
  name: string | null;
  /** Callers on the line now. */
  waiting: number;
  /** Callbacks keeping a place. */
  callbacks: number;
  /** When the longest-waiting caller joined (the longest wait ticks on from it). */
  oldestQueuedAt: string | null;
  today: QueueFigures;
  last15min: QueueFigures;
}

export interface AgentOnFloor {
  agentId: string;
  name: string | null;
  extension: string | null;
  status: AgentStatus;
  /** When the agent entered the state (the time in state ticks on from it). */
  since: string;
  reason: string | null;
  callId: string | null;
}

export interface CallOnFloor {
  callId: string;
  callerNumber: string | null;
  dialedNumber: string | null;
  startedAt: string;
  outcome: string;
  queueId: string | null;
  agentId: string | null;
  agentAnsweredAt: string | null;
}

export type FloorAlert =
  | { key: string; kind: 'long_wait'; queueId: string; since: string; callersPastLimit: number }
  | { key: string; kind: 'long_not_ready'; agentId: string; since: string; reason: string }
  | { key: string; kind: 'incident'; incidentId: number; callId: string; agentId: string | null; severity: string; incidentKind: string; since: string };

/** GET /api/floor. */
export interface FloorSnapshot {
  at: string;
  day: string;
  lastEventId: string;
  queues: Array<QueueOnFloor & { longestWaitSeconds?: number }>;
  agents: { byState: Record<string, number>; list: Array<AgentOnFloor & { secondsInState?: number }> };
  callsInProgress: CallOnFloor[];
  alerts: FloorAlert[];
}

export interface DayBin extends QueueFigures {
  /** e.g. "2026-12-05T08:15:00+08:00". */
  start: string;
}

/** GET /api/floor/day. */
export interface FloorDay {
  day: string;
  bins: DayBin[];
  totals: QueueFigures;
}

export interface AbandonedCall {
  callId: string;
  callerNumber: string;
  dialedNumber: string;
  queueId: string | null;
  startedAt: string;
  joinedAt: string | null;
  endedAt: string | null;
  waitedSeconds: number | null;
  callback: { id: string; origin: string; status: string; attempts: number; lastResult: string | null; completedAt: string | null } | null;
}

/** GET /api/floor/abandoned. */
export interface AbandonedList {
  day: string;
  calls: AbandonedCall[];
}

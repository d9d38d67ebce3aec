// When a console session (a person logged in through the browser) ends by itself: after
// `idleMs` without a request (CONSOLE_SESSION_IDLE_SECONDS), and in any case `absoluteMs` after
// the login (CONSOLE_SESSION_MAX_HOURS), however busy. Pure: times are passed in.

export interface SessionLimits {
  idleMs: number;
  absoluteMs: number;
}

export interface SessionTimes {
  createdAt: Date;
  lastSeenAt: Date;
}

export type SessionVerdict = 'live' | 'idle-expired' | 'absolute-expired';

export function sessionVerdict(session: SessionTimes, now: Date, limits: SessionLimits): SessionVerdict {
  if (now.getTime() - session.createdAt.getTime() >= limits.absoluteMs) return 'absolute-expired';
  if (now.getTime() - session.lastSeenAt.getTime() >= limits.idleMs) return 'idle-expired';
  return 'live';
}

/** How long the stored session should live from `now` on when it is seen now: the shorter of the two limits. */
export function sessionTtlMs(createdAt: Date, now: Date, limits: SessionLimits): number {
  const absoluteLeft = createdAt.getTime() + limits.absoluteMs - now.getTime();
  return Math.max(0, Math.min(limits.idleMs, absoluteLeft));
}

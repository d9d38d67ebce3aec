// Console logins in the audit log (kind console_login, subject `user:<username>`): each login,
// each failed one (wrong password and unknown username alike: the entry never says which, it
// records the username tried), the failure that locks a username, each attempt refused while it
// is locked, a right password on a disabled account, and each logout — with the client address,
// never the password. Attempts refused by the per-address limit are not entered one by one (they
// would let one client flood the chain); the failure that closes the address says so.
import { consoleUsernameSchema } from '../../domain/access/console-username.js';
import { unsafeCharacterProblem } from '../../domain/text/unsafe-characters.js';
import type { AuditLog } from '../../ports/audit/audit-log.js';

export type ConsoleLoginEvent =
  | 'logged_in'
  | 'failed'
  /** The failure that locked the username (CONSOLE_LOCKOUT_FAILURES in a row). */
  | 'locked'
  /** Refused without a password check: the username is locked. */
  | 'refused_locked'
  /** The password was right, but the account is disabled (or its agent or department is gone). */
  | 'refused_disabled'
  | 'logged_out';

export interface ConsoleLoginFact {
  event: ConsoleLoginEvent;
  /** The username as typed, normalised (lower case, trimmed). */
  username: string;
  /** The client's address; absent when the caller has none (tests, the CLI). */
  address?: string;
  role?: string;
  /** This failure closed the address for the rest of its window. */
  addressLimited?: boolean;
}

const SUCCESSES: ReadonlySet<ConsoleLoginEvent> = new Set(['logged_in', 'logged_out']);

/** A username that is not one (wrong form, hidden characters) is entered as `user:-`, the text tried kept readable in the data. */
function subjectOf(username: string): { subject: string; tried?: string } {
  if (consoleUsernameSchema.safeParse(username).success) return { subject: `user:${username}` };
  const readable = [...username].map((ch) => (unsafeCharacterProblem(ch) ? '\uFFFD' : ch)).join('').slice(0, 64);
  return { subject: 'user:-', tried: readable };
}

export function consoleLoginAudit(audit: AuditLog | undefined, now: () => Date) {
  return async (fact: ConsoleLoginFact): Promise<void> => {
    if (!audit) return;
    const { subject, tried } = subjectOf(fact.username);
    // who acted: the person once the password was right, else only the address is known
    const actor = SUCCESSES.has(fact.event) ? subject : `address:${fact.address ?? 'unknown'}`;
    await audit.append({
      kind: 'console_login',
      at: now(),
      actor,
      subject,
      data: {
        event: fact.event,
        ...(tried !== undefined ? { usernameTried: tried } : {}),
        ...(fact.address ? { address: fact.address } : {}),
        ...(fact.role ? { role: fact.role } : {}),
        ...(fact.addressLimited ? { addressLimited: true } : {}),
      },
    });
  };
}

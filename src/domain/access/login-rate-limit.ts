// The limit of failed console logins per client address (尝试过于频繁): after `maxFailures`
// failed logins from one address within `windowMs` of the first, every login from it is refused
// (429) until the window ends, without looking at the password — so one client cannot try
// passwords across many usernames (the lockout counts per username) nor keep the scrypt checks
// busy. Only failures count: a whole floor behind one NAT address logs in at the start of a shift
// without meeting the limit. IPv6 clients are counted per /64, the block one subscriber usually
// holds. Counts live where every app instance sees them (Redis); this is the rule, pure.
import type { LoginFailures } from './login-lockout.js';

export interface AddressRateRule {
  /** Failed logins from one address that close it (CONSOLE_LOGIN_RATE_PER_ADDRESS). */
  maxFailures: number;
  /** The window, from the address's first failure (CONSOLE_LOGIN_RATE_WINDOW_SECONDS). */
  windowMs: number;
}

export type AddressRateVerdict = { limited: false } | { limited: true; retryAfterSeconds: number };

export function addressRateVerdict(failures: LoginFailures, rule: AddressRateRule): AddressRateVerdict {
  if (failures.count >= rule.maxFailures && failures.remainingMs > 0) {
    return { limited: true, retryAfterSeconds: Math.max(1, Math.ceil(failures.remainingMs / 1000)) };
  }
  return { limited: false };
}

/** The client address as people read it: an IPv4 address mapped into IPv6 (`::ffff:10.0.0.7`) as IPv4. */
export function clientAddress(raw: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(raw);
  return mapped ? mapped[1]! : raw;
}

/** The eight 16-bit groups of an IPv6 address (zone dropped, an embedded IPv4 tail allowed), or null. */
function ipv6Groups(address: string): number[] | null {
  const text = address.split('%')[0]!;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groupsOf = (part: string): number[] | null => {
    if (part === '') return [];
    const out: number[] = [];
    const pieces = part.split(':');
    for (const [i, piece] of pieces.entries()) {
      if (i === pieces.length - 1 && piece.includes('.')) {
        const bytes = piece.split('.').map(Number);
        if (bytes.length !== 4 || bytes.some((b) => !Number.isInteger(b) || b < 0 || b > 255)) return null;
        out.push(bytes[0]! * 256 + bytes[1]!, bytes[2]! * 256 + bytes[3]!);
      } else if (/^[0-9a-f]{1,4}$/i.test(piece)) {
        out.push(parseInt(piece, 16));
      } else {
        return null;
      }
    }
    return out;
  };
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if (!head || !tail) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const missing = 8 - head.length - tail.length;
  return missing >= 1 ? [...head, ...new Array<number>(missing).fill(0), ...tail] : null;
}

/** What failures are counted under: an IPv4 address itself, an IPv6 address's /64 (`2001:db8:1:2::/64`), anything else as given. */
export function addressBucket(address: string): string {
  const plain = clientAddress(address);
  if (!plain.includes(':')) return plain;
  const groups = ipv6Groups(plain);
  return groups ? `${groups.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64` : plain;
}

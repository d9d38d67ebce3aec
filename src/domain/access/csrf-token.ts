// The CSRF check of requests made with a console session cookie: a state-changing request must
// carry the session's own token in the X-CSRF-Token header (a page of another site can send the
// cookie, never read the token). Compared in constant time, whatever the presented length.
import { createHash, timingSafeEqual } from 'node:crypto';

export const CSRF_HEADER = 'x-csrf-token';

/** Methods that change state; GET and HEAD never do here, so they need no token. */
export const needsCsrfToken = (method: string): boolean => !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** True when the presented token is the session's; an absent or empty token never matches. */
export function csrfTokenMatches(expected: string, presented: string | undefined): boolean {
  if (!presented || !expected) return false;
  return timingSafeEqual(digest(expected), digest(presented));
}

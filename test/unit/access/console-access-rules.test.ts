// The pure rules of console logins: the stored hash format and its parameter bounds, the lockout
// rule, session expiry, the CSRF compare, who may open which page, and the audit actor of a person.
import { describe, expect, it } from 'vitest';
import { actorOf, type Principal } from '../../../src/domain/access/api-roles.js';
import { CONSOLE_PAGES, pageVerdict, pagesOf } from '../../../src/domain/access/console-pages.js';
import { sessionTtlMs, sessionVerdict } from '../../../src/domain/access/console-session-rule.js';
import { consoleUsernameSchema, normaliseUsername } from '../../../src/domain/access/console-username.js';
import { csrfTokenMatches, needsCsrfToken } from '../../../src/domain/access/csrf-token.js';
import { lockoutVerdict, locksNow } from '../../../src/domain/access/login-lockout.js';
import { formatPasswordHash, parsePasswordHash, scryptParamsProblem } from '../../../src/domain/access/password-hash-format.js';

const salt = Buffer.alloc(16, 7);
const key = Buffer.alloc(32, 9);
const stored = formatPasswordHash({ params: { log2N: 17, r: 8, p: 1 }, salt, key });

describe('the stored password hash', () => {
  it('carries its parameters, salt and key, and reads back', () => {
    expect(stored).toBe(`scrypt$ln=17,r=8,p=1$${salt.toString('base64url')}$${key.toString('base64url')}`);
    const parsed = parsePasswordHash(stored);
    expect(parsed?.params).toEqual({ log2N: 17, r: 8, p: 1 });
    expect(parsed?.salt.equals(salt)).toBe(true);
    expect(parsed?.key.equals(key)).toBe(true);
  });

  it.each([
    ['another algorithm', stored.replace('scrypt$', 'bcrypt$')],
    ['a cost below the floor (2^13)', stored.replace('ln=17', 'ln=13')],
    ['a cost past the ceiling (2^21)', stored.replace('ln=17', 'ln=21')],
    ['a small block size', stored.replace('r=8', 'r=1')],
    ['too much parallelism', stored.replace('p=1', 'p=9')],
    ['a short salt', `scrypt$ln=17,r=8,p=1$${Buffer.alloc(8).toString('base64url')}$${key.toString('base64url')}`],
    ['a short key', `scrypt$ln=17,r=8,p=1$${salt.toString('base64url')}$${Buffer.alloc(16).toString('base64url')}`],
    ['no key', `scrypt$ln=17,r=8,p=1$${salt.toString('base64url')}$`],
    ['text around it', ` ${stored}`],
    ['empty', ''],
  ])('refuses %s', (_what, text) => {
    expect(parsePasswordHash(text)).toBeNull();
  });

  it('bounds the parameters a setting may ask for', () => {
    expect(scryptParamsProblem({ log2N: 17, r: 8, p: 1 })).toBeNull();
    expect(scryptParamsProblem({ log2N: 12, r: 8, p: 1 })).toMatch(/log2N/);
    expect(scryptParamsProblem({ log2N: 17.5, r: 8, p: 1 })).toMatch(/log2N/);
  });
});

describe('lockout after failed logins in a row (5 in a row, 15 min)', () => {
  const rule = { maxFailures: 5, lockMs: 15 * 60_000 };

  it.each([
    [0, 0, { locked: false, failuresLeft: 5 }],
    [4, 60_000, { locked: false, failuresLeft: 1 }],
    [5, 15 * 60_000, { locked: true, retryAfterSeconds: 900 }],
    [6, 1_500, { locked: true, retryAfterSeconds: 2 }],
    [5, 1, { locked: true, retryAfterSeconds: 1 }],
    // the count is forgotten: nothing left to wait
    [5, 0, { locked: false, failuresLeft: 0 }],
  ])('%i failures, %i ms to go → %o', (count, remainingMs, verdict) => {
    expect(lockoutVerdict({ count, remainingMs }, rule)).toEqual(verdict);
  });

  it('says which failure locks: the fifth, once', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => locksNow(n, rule))).toEqual([false, false, false, false, true, false]);
  });
});

describe('session expiry (30 min idle, 12 h in all)', () => {
  const limits = { idleMs: 30 * 60_000, absoluteMs: 12 * 3600_000 };
  const login = new Date('2026-12-05T08:00:00Z');
  const at = (iso: string) => new Date(iso);

  it.each([
    ['just logged in', login, login, 'live'],
    ['used a minute ago', at('2026-12-05T09:00:00Z'), at('2026-12-05T09:01:00Z'), 'live'],
    ['idle just under 30 min', at('2026-12-05T09:00:00Z'), at('2026-12-05T09:29:59Z'), 'live'],
    ['idle 30 min', at('2026-12-05T09:00:00Z'), at('2026-12-05T09:30:00Z'), 'idle-expired'],
    ['busy but 12 h after the login', at('2026-12-05T19:59:59Z'), at('2026-12-05T20:00:00Z'), 'absolute-expired'],
  ])('%s → %s', (_what, lastSeenAt, now, verdict) => {
    expect(sessionVerdict({ createdAt: login, lastSeenAt }, now, limits)).toBe(verdict);
  });

  it('lives the idle time from each request, never past the absolute end', () => {
    expect(sessionTtlMs(login, at('2026-12-05T09:00:00Z'), limits)).toBe(30 * 60_000);
    expect(sessionTtlMs(login, at('2026-12-05T19:50:00Z'), limits)).toBe(10 * 60_000);
    expect(sessionTtlMs(login, at('2026-12-05T21:00:00Z'), limits)).toBe(0);
  });
});

describe('the CSRF token check', () => {
  const token = 'q7I3sJm1y0lE8lGsmbO1mI6r6fBv4n2d0YhQpBq2ZxA';

  it('matches only the session token itself', () => {
    expect(csrfTokenMatches(token, token)).toBe(true);
    expect(csrfTokenMatches(token, `${token}x`)).toBe(false);
    expect(csrfTokenMatches(token, token.slice(0, -1))).toBe(false);
    expect(csrfTokenMatches(token, token.toLowerCase())).toBe(false);
    expect(csrfTokenMatches(token, undefined)).toBe(false);
    expect(csrfTokenMatches(token, '')).toBe(false);
    expect(csrfTokenMatches('', '')).toBe(false);
  });

  it.each([
    ['POST', true], ['PUT', true], ['PATCH', true], ['DELETE', true], ['GET', false], ['HEAD', false], ['options', false],
  ])('%s needs the token: %s', (method, needed) => {
    expect(needsCsrfToken(method)).toBe(needed);
  });
});

describe('who may open which console page', () => {
  it.each([
    ['/', null, { redirect: '/login' }],
    ['/agent', null, { redirect: '/login' }],
    ['/agent', 'agent', 'agent'],
    ['/agent/', 'agent', 'agent'],
    ['/agent', 'supervisor', 'forbidden'],
    ['/supervisor', 'agent', 'forbidden'],
    ['/supervisor', 'supervisor', 'supervisor'],
    ['/supervisor', 'admin', 'supervisor'],
    ['/wallboard', 'auditor', 'forbidden'],
    ['/wallboard', 'supervisor', 'wallboard'],
    ['/', 'department', 'home'],
    ['/nowhere', 'admin', { notFound: true }],
  ] as const)('%s for %s', (path, role, expected) => {
    const verdict = pageVerdict(path, role);
    if (typeof expected !== 'string') expect(verdict).toEqual(expected);
    else if (expected === 'forbidden') expect('forbidden' in verdict).toBe(true);
    else expect('show' in verdict && verdict.show.page).toBe(expected);
  });

  it('lists each role its pages for its home', () => {
    expect(pagesOf('agent').map((p) => p.path)).toEqual(['/agent']);
    expect(pagesOf('supervisor').map((p) => p.path)).toEqual(['/supervisor', '/wallboard']);
    expect(pagesOf('auditor')).toEqual([]);
    expect(pagesOf('admin').map((p) => p.path)).toEqual(['/supervisor', '/wallboard', '/knowledge']);
    expect(CONSOLE_PAGES.map((p) => p.path)).toEqual(['/', '/agent', '/supervisor', '/wallboard', '/knowledge']);
  });
});

describe('console users in the audit log and at the login', () => {
  it('a person is user:<username>, a token stays token:<name>', () => {
    const base: Principal = { tokenId: 't', name: 'zhang.wei', role: 'agent', agentId: 'zhang-wei', departmentId: null };
    expect(actorOf({ ...base, kind: 'user' })).toBe('user:zhang.wei');
    expect(actorOf(base)).toBe('token:zhang.wei');
  });

  it.each([['zhang.wei', true], ['li_na-2', true], ['Zhang', false], ['张伟', false], ['z', false], ['9lives', false], ['a'.repeat(33), false]])('username %s valid: %s', (name, ok) => {
    expect(consoleUsernameSchema.safeParse(name).success).toBe(ok);
  });

  it('takes a typed username in any case, with spaces around it', () => {
    expect(normaliseUsername('  Zhang.Wei ')).toBe('zhang.wei');
  });
});

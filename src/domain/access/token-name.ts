// Token names as the audit log shows them (`token:<name>`): two names a reader could take for
// one another are the same name, and names of the system's own actors cannot be taken. Pure.
import { confusableSkeleton } from '../text/confusable-skeleton.js';

/**
 * Names no token may take, nor any look-alike of them: the bootstrap admin (HOTLINE_ADMIN_TOKEN)
 * and the actors the system itself writes into the audit log.
 */
export const RESERVED_TOKEN_NAMES = ['bootstrap-admin', 'bootstrap', 'system', 'file-system', 'root', 'anonymous'] as const;

/**
 * The key two token names are compared by: the confusable skeleton (Unicode NFKC, accents,
 * case, Cyrillic/Greek look-alikes), with ".", "_", "-" and spaces alike, runs of them as one,
 * and none at either end. "Bootstrap_Admin.", "bооtstrap-admin" (Cyrillic о) → "bootstrap-admin".
 */
export function tokenNameKey(name: string): string {
  return confusableSkeleton(name).replace(/[\s._-]+/gu, '-').replace(/^-+|-+$/gu, '');
}

const RESERVED_KEYS = new Map(RESERVED_TOKEN_NAMES.map((n) => [tokenNameKey(n), n]));

/** The reserved name `name` is (or looks like), or null when it is free to use. */
export function reservedTokenName(name: string): string | null {
  return RESERVED_KEYS.get(tokenNameKey(name)) ?? null;
}

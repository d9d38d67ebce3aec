// Console usernames: what a person types to log in and how the audit log names them
// (`user:<username>`). Lower-case ASCII only, so two usernames never look alike.
import { z } from 'zod';

export const consoleUsernameSchema = z.string().regex(/^[a-z][a-z0-9._-]{1,31}$/u, 'must be 2 to 32 lower-case letters, digits, ".", "_" or "-", starting with a letter, e.g. "zhang.wei"');

/** Passwords: long enough to resist guessing, short enough that hashing them costs nothing extra. */
export const consolePasswordSchema = z.string().min(10, 'must be at least 10 characters').max(200, 'must be at most 200 characters');

/** Usernames are typed in any case; the stored one is lower case. */
export const normaliseUsername = (typed: string): string => typed.trim().toLowerCase();

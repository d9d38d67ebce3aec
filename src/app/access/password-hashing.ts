// Console passwords hashed with scrypt (node:crypto): a fresh 16-byte salt per user, the
// parameters stored with the hash, the check in constant time. scrypt is slow and big on
// purpose (128 MiB, a few hundred ms at the default), so at most `concurrency` run at once and
// at most `queueLimit` wait: beyond that a login is refused as busy rather than exhausting memory.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import {
  KEY_BYTES,
  SALT_BYTES,
  formatPasswordHash,
  parsePasswordHash,
  scryptMemory,
  scryptParamsProblem,
  type ScryptParams,
} from '../../domain/access/password-hash-format.js';
import { LoginBusyError } from './console-access-errors.js';

export interface PasswordHashing {
  hash(password: string): Promise<string>;
  /** False for a wrong password and for a stored hash this code cannot read. */
  verify(password: string, stored: string): Promise<boolean>;
  /** Spends the time of one check without a stored hash (an unknown username), so timing tells nothing. */
  verifyNothing(password: string): Promise<void>;
}

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, { N: 2 ** params.log2N, r: params.r, p: params.p, maxmem: scryptMemory(params) }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

export function createPasswordHashing(params: ScryptParams, options: { concurrency?: number; queueLimit?: number } = {}): PasswordHashing {
  const problem = scryptParamsProblem(params);
  if (problem) throw new Error(`scrypt parameters: ${problem}`);
  const concurrency = options.concurrency ?? 2;
  const queueLimit = options.queueLimit ?? 32;
  let running = 0;
  const waiting: Array<() => void> = [];

  async function limited<T>(work: () => Promise<T>): Promise<T> {
    if (running >= concurrency) {
      if (waiting.length >= queueLimit) throw new LoginBusyError();
      await new Promise<void>((resolve) => waiting.push(resolve));
    } else {
      running += 1;
    }
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  }

  let dummy: Promise<string> | undefined;

  const verify = (password: string, stored: string) =>
    limited(async () => {
      const parsed = parsePasswordHash(stored);
      if (!parsed) return false;
      const key = await derive(password, parsed.salt, parsed.params);
      return timingSafeEqual(key, parsed.key);
    });

  return {
    hash: (password) =>
      limited(async () => {
        const salt = randomBytes(SALT_BYTES);
        return formatPasswordHash({ params, salt, key: await derive(password, salt, params) });
      }),
    verify,
    async verifyNothing(password) {
      dummy ??= createPasswordHashing(params).hash(randomBytes(18).toString('base64url'));
      await verify(password, await dummy);
    },
  };
}

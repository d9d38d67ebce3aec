// Console password hashing on real scrypt (the lowest cost the format accepts, to stay fast): a
// salt per hash, the parameters kept with it, wrong passwords and foreign hashes refused, and a
// flood of checks refused as busy rather than queued without end.
import { describe, expect, it } from 'vitest';
import { LoginBusyError } from '../../../src/app/access/console-access-errors.js';
import { createPasswordHashing } from '../../../src/app/access/password-hashing.js';
import { parsePasswordHash } from '../../../src/domain/access/password-hash-format.js';

const cheap = { log2N: 14, r: 8, p: 1 };

describe('password hashing', () => {
  it('verifies the password it hashed, not another, with a new salt each time', async () => {
    const hashing = createPasswordHashing(cheap);
    const a = await hashing.hash('正确的密码-correct horse');
    const b = await hashing.hash('正确的密码-correct horse');
    expect(a).not.toBe(b);
    expect(parsePasswordHash(a)?.params).toEqual(cheap);
    expect(await hashing.verify('正确的密码-correct horse', a)).toBe(true);
    expect(await hashing.verify('正确的密码-correct horsE', a)).toBe(false);
    expect(await hashing.verify('', a)).toBe(false);
  });

  it('verifies hashes made with other parameters (raised later) by the ones stored with them', async () => {
    const old = await createPasswordHashing(cheap).hash('an older password');
    expect(await createPasswordHashing({ log2N: 15, r: 8, p: 1 }).verify('an older password', old)).toBe(true);
  });

  it('treats a stored hash it cannot read as a wrong password', async () => {
    expect(await createPasswordHashing(cheap).verify('x', 'plain:x')).toBe(false);
  });

  it('refuses parameters out of bounds at construction', () => {
    expect(() => createPasswordHashing({ log2N: 10, r: 8, p: 1 })).toThrow(/log2N/);
  });

  it('refuses checks past the waiting limit as busy', async () => {
    const hashing = createPasswordHashing(cheap, { concurrency: 1, queueLimit: 2 });
    const stored = await hashing.hash('some password');
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => hashing.verify('some password', stored)));
    expect(results.filter((r) => r.status === 'fulfilled' && r.value === true)).toHaveLength(3);
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused).toHaveLength(3);
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(LoginBusyError);
    // and it recovers once the queue is drained
    expect(await hashing.verify('some password', stored)).toBe(true);
  });
});

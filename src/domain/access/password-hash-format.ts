// How a console user's password hash is stored: the scrypt parameters travel with the hash, so
// they can be raised later and every stored hash still verifies with the ones it was made with.
//   scrypt$ln=17,r=8,p=1$<salt, base64url>$<derived key, base64url>
// Pure: the hashing itself (node:crypto scrypt, slow on purpose) is in src/app/access.

export interface ScryptParams {
  /** log2 of the CPU/memory cost N (N = 2^log2N). */
  log2N: number;
  /** Block size. */
  r: number;
  /** Parallelisation. */
  p: number;
}

/** OWASP's minimum for scrypt: N = 2^17, r = 8, p = 1 (128 MiB, a few hundred ms per hash). */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = Object.freeze({ log2N: 17, r: 8, p: 1 });

/** What a stored hash may ask for: below, too weak to accept; above, a denial of service. */
export const SCRYPT_LIMITS = Object.freeze({ log2N: [14, 20], r: [8, 32], p: [1, 4] }) as Readonly<Record<keyof ScryptParams, readonly [number, number]>>;

export const SALT_BYTES = 16;
export const KEY_BYTES = 32;

export interface PasswordHash {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

/** Bytes of memory scrypt needs for these parameters (128 · N · r · p, plus a margin for node's check). */
export const scryptMemory = (params: ScryptParams): number => 128 * 2 ** params.log2N * params.r * (params.p + 1);

export function scryptParamsProblem(params: ScryptParams): string | null {
  for (const name of ['log2N', 'r', 'p'] as const) {
    const [min, max] = SCRYPT_LIMITS[name];
    const v = params[name];
    if (!Number.isInteger(v) || v < min || v > max) return `${name} must be an integer from ${min} to ${max}`;
  }
  return null;
}

export function formatPasswordHash({ params, salt, key }: PasswordHash): string {
  return `scrypt$ln=${params.log2N},r=${params.r},p=${params.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

const FORMAT = /^scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d)\$([A-Za-z0-9_-]{16,64})\$([A-Za-z0-9_-]{32,128})$/;

/** The stored hash, or null when it is not one this code wrote or its parameters are out of bounds. */
export function parsePasswordHash(stored: string): PasswordHash | null {
  const m = FORMAT.exec(stored);
  if (!m) return null;
  const params: ScryptParams = { log2N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (scryptParamsProblem(params)) return null;
  const salt = Buffer.from(m[4]!, 'base64url');
  const key = Buffer.from(m[5]!, 'base64url');
  if (salt.length < SALT_BYTES || key.length !== KEY_BYTES) return null;
  return { params, salt, key };
}

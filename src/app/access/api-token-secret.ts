// API token values: 32 random bytes as base64url (43 characters, 256 bits), and the SHA-256
// (hex) that is stored and looked up instead of the token.
import { createHash, randomBytes } from 'node:crypto';

export function generateApiToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

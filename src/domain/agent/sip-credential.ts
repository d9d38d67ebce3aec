// What Asterisk needs to check an agent softphone's SIP digest (RFC 3261 / 2617) without the
// password: HA1 = MD5("username:realm:password"), pushed as `password_digest = md5:<HA1>`.
// The password itself is shown once (creation, rotation, a new extension) and never stored.
import { createHash } from 'node:crypto';

/**
 * The realm of every agent's auth object: the pushed ones and [agent-auth] in
 * dialplans/pjsip.conf (its 1001/1002 digests are rendered with it by scripts/stack.sh), and
 * migration 009. Changing it invalidates every stored credential.
 */
export const SIP_REALM = 'hotline12345';

/** The stored form of a SIP password: 32 lower-case hex digits. */
export const SIP_MD5_CREDENTIAL = /^[0-9a-f]{32}$/;

/** HA1 of the softphone account `username` (the extension) with `password`. */
export function sipMd5Credential(username: string, password: string, realm: string = SIP_REALM): string {
  return createHash('md5').update(`${username}:${realm}:${password}`, 'utf8').digest('hex');
}

// A department's webhook secret: the HMAC-SHA256 key its webhooks are signed with, 32 random
// bytes as hex. Shown to the admin once (creation, rotation), never listed.
import { randomBytes } from 'node:crypto';

export const generateWebhookSecret = (): string => randomBytes(32).toString('hex');

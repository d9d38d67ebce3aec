// The one logger. Child loggers carry call ids; phone numbers are masked by callers
// (domain/privacy/mask-number.ts) and, as a safety net, in known fields here, as are secrets:
// passwords, tokens, authorization headers and SIP digest credentials never reach a log line.
import { pino, type DestinationStream, type Logger } from 'pino';

/** Field names whose values are masked wherever they appear at the top level or one object down. */
export const REDACTED_FIELDS = [
  'callerNumber', 'password', 'secret', 'token', 'authorization', 'cookie', 'sipPassword', 'md5Cred', 'md5_cred',
  'password_digest', 'HOTLINE_ADMIN_TOKEN', 'ARI_PASSWORD', 'AMI_SECRET',
] as const;

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const paths = REDACTED_FIELDS.flatMap((name) => [name, `*.${name}`]);
  paths.push('req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie');
  const options = { level, base: { app: 'hotline12345' }, redact: { paths, censor: '[masked]' } };
  return destination ? pino(options, destination) : pino(options);
}

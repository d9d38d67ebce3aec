// The one logger. Child loggers carry call ids; phone numbers are masked by callers
// (domain/privacy/mask-number.ts) and, as a safety net, in known fields here.
import { pino, type Logger } from 'pino';

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { app: 'hotline12345' },
    redact: { paths: ['callerNumber', '*.callerNumber', 'password', '*.password', 'secret', '*.secret'], censor: '[masked]' },
  });
}

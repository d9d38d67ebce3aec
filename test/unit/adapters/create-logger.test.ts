// The logger's safety net: secrets and callers' numbers never reach a log line, whatever
// field they arrive in.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, REDACTED_FIELDS } from '../../../src/adapters/log/create-logger.js';

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { lines, stream };
}

describe('createLogger', () => {
  it('masks every secret field at the top level and one object down, and authorization headers', () => {
    const { lines, stream } = capture();
    const log = createLogger('info', stream);
    const secret = 'S3cretValue-0123456789abcdef';
    const fields = Object.fromEntries(REDACTED_FIELDS.map((name) => [name, secret]));
    log.info(fields, 'top');
    log.child({ component: 'x' }).warn({ account: fields, config: { HOTLINE_ADMIN_TOKEN: secret } }, 'nested');
    log.error({ req: { headers: { authorization: `Bearer ${secret}`, cookie: secret } } }, 'request');
    log.info({ headers: { authorization: `Bearer ${secret}` } }, 'headers');
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(line).not.toContain(secret);
    const top = JSON.parse(lines[0]!) as Record<string, unknown>;
    for (const name of REDACTED_FIELDS) expect(top[name], name).toBe('[masked]');
    expect(lines.join('')).toContain('"msg":"nested"');
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.js';

const minimal = { ARI_PASSWORD: 'a-generated-secret-123', HOTLINE_ADMIN_TOKEN: 'an-admin-token-of-at-least-32-characters' };

describe('progress line settings', () => {
  it('default to 123452 (12345 and its enterprise line 123451 stay as they are), 6 s silence, 3 tries, 180 s', () => {
    expect(loadConfig(minimal)).toMatchObject({
      PROGRESS_LINE_NUMBER: '123452',
      PROGRESS_KEY_TIMEOUT_SECONDS: 6,
      PROGRESS_MAX_TRIES: 3,
      PROGRESS_MAX_CALL_SECONDS: 180,
    });
  });

  it.each([
    [{ PROGRESS_LINE_NUMBER: '12345' }, /PROGRESS_LINE_NUMBER: "12345" is the hotline number/],
    [{ PROGRESS_LINE_NUMBER: '123451' }, /PROGRESS_LINE_NUMBER: "123451" is the hotline number or its enterprise line/],
    [{ HOTLINE_NUMBER: '96123', PROGRESS_LINE_NUMBER: '96123' }, /PROGRESS_LINE_NUMBER/],
    [{ PROGRESS_LINE_NUMBER: '12345#' }, /PROGRESS_LINE_NUMBER: digits only/],
    [{ PROGRESS_MAX_TRIES: '0' }, /PROGRESS_MAX_TRIES/],
    [{ PROGRESS_KEY_TIMEOUT_SECONDS: '1' }, /PROGRESS_KEY_TIMEOUT_SECONDS/],
  ])('refuse %o', (env, message) => {
    expect(() => loadConfig({ ...minimal, ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ ...minimal, ...env })).toThrow(message);
  });

  it('accept another service number', () => {
    expect(loadConfig({ ...minimal, PROGRESS_LINE_NUMBER: '1234560' }).PROGRESS_LINE_NUMBER).toBe('1234560');
  });
});

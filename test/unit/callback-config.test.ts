// The callback settings: defaults, and a bad value stops startup naming the variable.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const minimal = { ARI_PASSWORD: 'a-generated-secret-123', HOTLINE_ADMIN_TOKEN: 'an-admin-token-of-at-least-32-characters' };

describe('callback settings', () => {
  it('default to key 9, three attempts ten minutes apart, 30 s of ringing, the outbound context', () => {
    const c = loadConfig(minimal);
    expect(c).toMatchObject({
      CALLBACK_KEY: '9',
      CALLBACK_MAX_ATTEMPTS: 3,
      CALLBACK_RETRY_SECONDS: 600,
      CALLBACK_RING_SECONDS: 30,
      CALLBACK_OUTBOUND_CONTEXT: 'hotline-outbound',
    });
  });

  it.each([
    [{ CALLBACK_KEY: '1' }, /CALLBACK_KEY: "1" is an emergency key/],
    [{ CALLBACK_KEY: '99' }, /CALLBACK_KEY: must be one key/],
    [{ CALLBACK_MAX_ATTEMPTS: '0' }, /CALLBACK_MAX_ATTEMPTS/],
    [{ CALLBACK_RETRY_SECONDS: 'soon' }, /CALLBACK_RETRY_SECONDS/],
    [{ CALLBACK_RING_SECONDS: '2' }, /CALLBACK_RING_SECONDS/],
    [{ CALLBACK_OUTBOUND_CONTEXT: 'a b' }, /CALLBACK_OUTBOUND_CONTEXT/],
  ])('%j is refused', (bad, message) => {
    expect(() => loadConfig({ ...minimal, ...bad })).toThrow(ConfigError);
    expect(() => loadConfig({ ...minimal, ...bad })).toThrow(message);
  });

  it('the key may be * when the emergency keys leave it free', () => {
    expect(loadConfig({ ...minimal, CALLBACK_KEY: '*' }).CALLBACK_KEY).toBe('*');
  });
});

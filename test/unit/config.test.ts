import { describe, expect, it } from 'vitest';
import { ConfigError, describeSettings, loadConfig } from '../../src/config.js';

const minimal = { ARI_PASSWORD: 'a-generated-secret-123', HOTLINE_ADMIN_TOKEN: 'an-admin-token-of-at-least-32-characters' };

describe('config', () => {
  it('fills defaults and parses the emergency keys', () => {
    const c = loadConfig(minimal);
    expect(c.HOTLINE_NUMBER).toBe('12345');
    expect(c.HOTLINE_HTTP_PORT).toBe(8080);
    expect(c.emergencyKeys).toEqual({ '1': '110', '2': '119', '3': '120', '4': '122' });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it.each([
    [{}, /ARI_PASSWORD/],
    [{ ...minimal, HOTLINE_HTTP_PORT: '70000' }, /HOTLINE_HTTP_PORT/],
    [{ ...minimal, REDIS_URL: 'localhost:6379' }, /REDIS_URL: must start with redis:\/\//],
    [{ ...minimal, DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ ...minimal, EMERGENCY_KEYS: '1=911' }, /EMERGENCY_KEYS: "911" is not one of/],
    [{ ...minimal, LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ ...minimal, ARI_PASSWORD: 'short' }, /ARI_PASSWORD: must be a generated secret/],
    [{ ARI_PASSWORD: minimal.ARI_PASSWORD }, /HOTLINE_ADMIN_TOKEN/],
    [{ ...minimal, HOTLINE_ADMIN_TOKEN: 'x'.repeat(31) }, /HOTLINE_ADMIN_TOKEN: must be a generated secret of at least 32 characters/],
    [{ ...minimal, HOTLINE_ADMIN_TOKEN: `${'x'.repeat(32)} y` }, /HOTLINE_ADMIN_TOKEN: must be printable ASCII/],
  ])('names the bad variable: %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('describes every setting', () => {
    const settings = describeSettings();
    expect(settings.length).toBeGreaterThan(15);
    for (const s of settings) expect(s.description, s.name).not.toBe('');
  });
});

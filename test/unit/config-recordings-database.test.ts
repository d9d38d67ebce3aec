// The recording settings, and the database-only settings the audit:verify command reads.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, loadDatabaseConfig } from '../../src/config.js';

const minimal = { ARI_PASSWORD: 'a-generated-secret-123', HOTLINE_ADMIN_TOKEN: 'an-admin-token-of-at-least-32-characters' };

describe('recording settings', () => {
  it("default to the local stack's recording folder, 180 days, an hourly sweep", () => {
    expect(loadConfig(minimal)).toMatchObject({
      RECORDINGS_DIR: '.stack/asterisk/root/var/spool/asterisk/recording',
      RECORDING_RETENTION_DAYS: 180,
      RECORDING_SWEEP_INTERVAL_MS: 3_600_000,
    });
    expect(loadConfig({ ...minimal, RECORDINGS_DIR: '/srv/recordings', RECORDING_RETENTION_DAYS: '365' }))
      .toMatchObject({ RECORDINGS_DIR: '/srv/recordings', RECORDING_RETENTION_DAYS: 365 });
  });

  it.each([
    [{ RECORDING_RETENTION_DAYS: '0' }, /RECORDING_RETENTION_DAYS/],
    [{ RECORDING_RETENTION_DAYS: '1.5' }, /RECORDING_RETENTION_DAYS/],
    [{ RECORDING_RETENTION_DAYS: 'forever' }, /RECORDING_RETENTION_DAYS/],
    [{ RECORDING_SWEEP_INTERVAL_MS: '10' }, /RECORDING_SWEEP_INTERVAL_MS/],
  ])('names the bad variable: %j', (env, message) => {
    expect(() => loadConfig({ ...minimal, ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ ...minimal, ...env })).toThrow(message);
  });
});

describe('loadDatabaseConfig', () => {
  it('needs nothing but the database settings (no ARI password, no admin token)', () => {
    expect(loadDatabaseConfig({})).toEqual({ PGLITE_DIR: 'data/pglite' });
    expect(loadDatabaseConfig({ DATABASE_URL: 'postgres://u@db/hotline', PGLITE_DIR: '', ARI_PASSWORD: 'short' }))
      .toEqual({ DATABASE_URL: 'postgres://u@db/hotline', PGLITE_DIR: 'data/pglite' });
    expect(Object.isFrozen(loadDatabaseConfig({}))).toBe(true);
  });

  it('names a bad DATABASE_URL', () => {
    expect(() => loadDatabaseConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must start with postgres:\/\//);
  });
});

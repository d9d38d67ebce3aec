import { describe, expect, it } from 'vitest';
import { ConfigError, describeSettings, loadConfig } from '../../../src/config.js';

const minimal = { ARI_PASSWORD: 'a-generated-secret-123', HOTLINE_ADMIN_TOKEN: 'an-admin-token-of-at-least-32-characters' };

describe('callback survey settings', () => {
  it('default to quiet hours 21:00-08:00 in Asia/Shanghai, 3 attempts 30 minutes apart', () => {
    expect(loadConfig(minimal)).toMatchObject({
      SURVEY_QUIET_HOURS: '21:00-08:00',
      SURVEY_TIME_ZONE: 'Asia/Shanghai',
      SURVEY_MAX_ATTEMPTS: 3,
      SURVEY_RETRY_MINUTES: 30,
      SURVEY_RING_SECONDS: 40,
      SURVEY_KEY_TIMEOUT_SECONDS: 6,
      SURVEY_OUTBOUND_CONTEXT: 'hotline-outbound',
      SURVEY_SWEEP_SECONDS: 60,
      SURVEY_CLOCK_OFFSET_SECONDS: 0,
    });
  });

  it('accept other windows, "off", other zones and a fractional retry spacing', () => {
    const c = loadConfig({ ...minimal, SURVEY_QUIET_HOURS: 'off', SURVEY_TIME_ZONE: 'Asia/Urumqi', SURVEY_RETRY_MINUTES: '0.1' });
    expect(c).toMatchObject({ SURVEY_QUIET_HOURS: 'off', SURVEY_TIME_ZONE: 'Asia/Urumqi', SURVEY_RETRY_MINUTES: 0.1 });
    expect(loadConfig({ ...minimal, SURVEY_QUIET_HOURS: '22:30-07:30' }).SURVEY_QUIET_HOURS).toBe('22:30-07:30');
  });

  it.each([
    [{ SURVEY_QUIET_HOURS: '21-8' }, /SURVEY_QUIET_HOURS: must be HH:MM-HH:MM/],
    [{ SURVEY_QUIET_HOURS: '25:00-08:00' }, /SURVEY_QUIET_HOURS/],
    [{ SURVEY_QUIET_HOURS: '08:00-08:00' }, /SURVEY_QUIET_HOURS/],
    [{ SURVEY_TIME_ZONE: 'Beijing' }, /SURVEY_TIME_ZONE: is not a time zone/],
    [{ SURVEY_MAX_ATTEMPTS: '0' }, /SURVEY_MAX_ATTEMPTS/],
    [{ SURVEY_MAX_ATTEMPTS: 'three' }, /SURVEY_MAX_ATTEMPTS/],
    [{ SURVEY_RETRY_MINUTES: '0' }, /SURVEY_RETRY_MINUTES/],
    [{ SURVEY_RING_SECONDS: '300' }, /SURVEY_RING_SECONDS/],
    [{ SURVEY_KEY_TIMEOUT_SECONDS: '1' }, /SURVEY_KEY_TIMEOUT_SECONDS/],
    [{ SURVEY_OUTBOUND_CONTEXT: 'hotline outbound' }, /SURVEY_OUTBOUND_CONTEXT: must be a dialplan context name/],
    [{ SURVEY_SWEEP_SECONDS: '1' }, /SURVEY_SWEEP_SECONDS/],
    [{ SURVEY_CLOCK_OFFSET_SECONDS: '1.5' }, /SURVEY_CLOCK_OFFSET_SECONDS/],
  ])('a bad value stops startup naming the variable: %j', (bad, message) => {
    expect(() => loadConfig({ ...minimal, ...bad })).toThrow(ConfigError);
    expect(() => loadConfig({ ...minimal, ...bad })).toThrow(message);
  });

  it('are each described', () => {
    const survey = describeSettings().filter((s) => s.name.startsWith('SURVEY_'));
    expect(survey.map((s) => s.name).sort()).toEqual([
      'SURVEY_CLOCK_OFFSET_SECONDS',
      'SURVEY_KEY_TIMEOUT_SECONDS',
      'SURVEY_MAX_ATTEMPTS',
      'SURVEY_OUTBOUND_CONTEXT',
      'SURVEY_QUIET_HOURS',
      'SURVEY_RETRY_MINUTES',
      'SURVEY_RING_SECONDS',
      'SURVEY_SWEEP_SECONDS',
      'SURVEY_TIME_ZONE',
    ]);
    for (const s of survey) expect(s.description.length, s.name).toBeGreaterThan(20);
  });
});

// The deadline-notice settings: defaults, and a bad value stops startup naming it.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.js';

const minimal = { ARI_PASSWORD: 'a-generated-secret-123', HOTLINE_ADMIN_TOKEN: 'an-admin-token-of-at-least-32-characters' };

describe('deadline notice settings', () => {
  it('default to a warning at 80 %, yellow after 1 and red after 3 working days, a sweep every minute', () => {
    expect(loadConfig(minimal)).toMatchObject({
      WORK_ORDER_WARNING_SHARE: 0.8,
      WORK_ORDER_YELLOW_AFTER_WORKING_DAYS: 1,
      WORK_ORDER_RED_AFTER_WORKING_DAYS: 3,
      WORK_ORDER_NOTICE_SWEEP_SECONDS: 60,
    });
  });

  it.each([
    [{ WORK_ORDER_WARNING_SHARE: '1' }, /WORK_ORDER_WARNING_SHARE/],
    [{ WORK_ORDER_WARNING_SHARE: '0' }, /WORK_ORDER_WARNING_SHARE/],
    [{ WORK_ORDER_WARNING_SHARE: 'most' }, /WORK_ORDER_WARNING_SHARE/],
    [{ WORK_ORDER_YELLOW_AFTER_WORKING_DAYS: '0' }, /WORK_ORDER_YELLOW_AFTER_WORKING_DAYS/],
    [{ WORK_ORDER_YELLOW_AFTER_WORKING_DAYS: '1.5' }, /WORK_ORDER_YELLOW_AFTER_WORKING_DAYS/],
    [{ WORK_ORDER_YELLOW_AFTER_WORKING_DAYS: '3', WORK_ORDER_RED_AFTER_WORKING_DAYS: '3' }, /WORK_ORDER_RED_AFTER_WORKING_DAYS: must be more than/],
    [{ WORK_ORDER_NOTICE_SWEEP_SECONDS: '1' }, /WORK_ORDER_NOTICE_SWEEP_SECONDS/],
  ])('names the bad variable: %j', (env, message) => {
    expect(() => loadConfig({ ...minimal, ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ ...minimal, ...env })).toThrow(message);
  });

  it('takes other values', () => {
    const c = loadConfig({ ...minimal, WORK_ORDER_WARNING_SHARE: '0.5', WORK_ORDER_YELLOW_AFTER_WORKING_DAYS: '2', WORK_ORDER_RED_AFTER_WORKING_DAYS: '5' });
    expect([c.WORK_ORDER_WARNING_SHARE, c.WORK_ORDER_YELLOW_AFTER_WORKING_DAYS, c.WORK_ORDER_RED_AFTER_WORKING_DAYS]).toEqual([0.5, 2, 5]);
  });
});

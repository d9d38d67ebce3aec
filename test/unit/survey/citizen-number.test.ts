import { describe, expect, it } from 'vitest';
import { checkCitizenNumber } from '../../../src/domain/survey/citizen-number.js';

describe('numbers a callback survey may call', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['138 0013 8000', '13800138000'],
    ['+86 138 0013 8000', '13800138000'],
    ['008613800138000', '13800138000'],
    ['19912345678', '19912345678'],
    ['010-12345678', '01012345678'],
    ['+86 10 12345678', '01012345678'],
    ['0371-12345678', '037112345678'],
  ])('accepts %s as %s', (input, number) => {
    expect(checkCitizenNumber(input)).toEqual({ ok: true, number });
  });

  it.each([
    ['62345678', '62345678'],
    ['8123456', '8123456'],
  ])('accepts the local landline %s', (input, number) => {
    expect(checkCitizenNumber(input)).toEqual({ ok: true, number });
  });

  it.each([
    ['+1 650 555 0100', /international/],
    ['0044 20 7946 0958', /international/],
    ['110', /service, emergency and premium/],
    ['12345', /service, emergency and premium/],
    ['10086', /service, emergency and premium/],
    ['95588', /service, emergency and premium/],
    ['96123456', /service, emergency and premium/],
    ['4008123123', /not a mainland/],
    ['1380013800', /not a mainland/],
    ['138001380000', /not a mainland/],
    ['12345678', /service, emergency and premium/],
    ['1380013800a', /must be digits/],
    ['', /must be digits/],
  ])('refuses %s', (input, problem) => {
    const check = checkCitizenNumber(input);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.problem).toMatch(problem);
  });
});

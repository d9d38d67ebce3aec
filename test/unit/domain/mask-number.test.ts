import { describe, expect, it } from 'vitest';
import { maskNumber } from '../../../src/domain/privacy/mask-number.js';

describe('maskNumber', () => {
  it.each([
    ['13800138000', '138****8000'],
    ['02188888888', '021****8888'],
    ['87654321', '87****21'],
    ['12345', '12345'],
    ['110', '110'],
    ['', ''],
  ])('%s -> %s', (input, masked) => expect(maskNumber(input)).toBe(masked));
});

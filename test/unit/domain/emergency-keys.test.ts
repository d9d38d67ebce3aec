import { describe, expect, it } from 'vitest';
import { emergencyNumberForKey, parseEmergencyKeys } from '../../../src/domain/emergency/emergency-keys.js';

describe('emergency keys', () => {
  it('parses the default keys 1-4 to 110/119/120/122', () => {
    const keys = parseEmergencyKeys('1=110,2=119,3=120,4=122');
    expect(keys).toEqual({ '1': '110', '2': '119', '3': '120', '4': '122' });
    expect(emergencyNumberForKey(keys, '3')).toBe('120');
    expect(emergencyNumberForKey(keys, '5')).toBeUndefined();
  });

  it('accepts a partial map with spaces and other keys', () => {
    expect(parseEmergencyKeys(' 9 = 110 , * = 120 ')).toEqual({ '9': '110', '*': '120' });
    expect(parseEmergencyKeys('')).toEqual({});
  });

  it.each([
    ['1=112', /not one of 110\/119\/120\/122/],
    ['A=110', /not a phone key/],
    ['1=110,1=119', /key "1" is given twice/],
    ['1=110,2=110', /number 110 is given twice/],
    ['1:110', /not key=number/],
    ['1=110=2', /not key=number/],
  ])('rejects %s with a clear message', (spec, message) => {
    expect(() => parseEmergencyKeys(spec)).toThrow(message);
  });
});

import { describe, expect, it } from 'vitest';
import { RESERVED_TOKEN_NAMES, reservedTokenName, tokenNameKey } from '../../../src/domain/access/token-name.js';
import { confusableSkeleton } from '../../../src/domain/text/confusable-skeleton.js';

describe('confusableSkeleton', () => {
  it.each([
    ['ADMIN', 'admin'],
    ['ａｄｍｉｎ', 'admin'], // full-width
    ['аdmin', 'admin'], // Cyrillic а
    ['АDMIN', 'admin'], // Cyrillic А
    ['оре', 'ope'], // Cyrillic о, р, е
    ['сх', 'cx'], // Cyrillic с, х
    ['іј', 'ij'], // Cyrillic і, ј
    ['ΑΒΕΗΚΜΝΟΡΤΧ', 'abehkmnoptx'], // Greek capitals
    ['ορ', 'op'], // Greek ο, ρ
    ['admín', 'admin'], // accent
    ['straße', 'strasse'],
    ['adm1n', 'admin'],
    ['admln', 'admin'],
    ['r00t', 'root'],
    ['rnoon', 'moon'],
    ['张伟', '张伟'],
  ])('%s → %s', (text, skeleton) => {
    expect(confusableSkeleton(text)).toBe(confusableSkeleton(skeleton));
    expect(confusableSkeleton(text)).toBe(confusableSkeleton(skeleton.toLowerCase()));
  });

  it('keeps names that read differently apart', () => {
    for (const [a, b] of [['zhang-wei', 'li-na'], ['ops-1', 'ops-2'], ['张伟', '张玮'], ['night', 'day']]) {
      expect(confusableSkeleton(a!)).not.toBe(confusableSkeleton(b!));
    }
  });
});

describe('tokenNameKey', () => {
  it.each([
    ['Bootstrap-Admin'],
    ['bootstrap-admin.'],
    ['bootstrap-admin..'],
    ['bootstrap-admin '],
    ['bootstrap_admin'],
    ['bootstrap.admin'],
    ['bootstrap--admin'],
    ['bооtstrap-admin'], // Cyrillic о
    ['bootstrap-аdmin'], // Cyrillic а
    ['ｂｏｏｔｓｔｒａｐ－ａｄｍｉｎ'], // full-width
    ['BOOTSTRAP-ADM1N'],
  ])('%s has the key of bootstrap-admin', (name) => {
    expect(tokenNameKey(name)).toBe(tokenNameKey('bootstrap-admin'));
  });

  it('keeps different names apart', () => {
    expect(tokenNameKey('ops-console-1')).not.toBe(tokenNameKey('ops-console-2'));
    expect(tokenNameKey('zhang-wei-console')).not.toBe(tokenNameKey('zhang-wei'));
  });
});

describe('reservedTokenName', () => {
  it.each([
    ['bootstrap-admin', 'bootstrap-admin'],
    ['Bootstrap-Admin.', 'bootstrap-admin'],
    ['bootstrаp-admin', 'bootstrap-admin'], // Cyrillic а
    ['SYSTEM', 'system'],
    ['ѕуѕtem', 'system'], // Cyrillic ѕ, у, ѕ
    ['system.', 'system'],
    ['file_system', 'file-system'],
    ['r00t', 'root'],
    ['bootstrap', 'bootstrap'],
  ])('%s is reserved (looks like %s)', (name, reserved) => {
    expect(reservedTokenName(name)).toBe(reserved);
  });

  it.each([['zhang-wei-console'], ['ops-dashboard'], ['system-monitor'], ['admin-zhang'], ['监控大屏']])('%s is free', (name) => {
    expect(reservedTokenName(name)).toBeNull();
  });

  it('every reserved name is reserved as itself', () => {
    for (const name of RESERVED_TOKEN_NAMES) expect(reservedTokenName(name)).toBe(name);
  });
});

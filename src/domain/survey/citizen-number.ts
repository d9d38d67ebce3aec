// Numbers a callback survey may call: plausible mainland China numbers only, never
// international, premium, service or emergency numbers (RELIABILITY.md: outbound routes are
// limited to what the hotline really calls). The dialplan context hotline-outbound repeats
// these patterns, so Asterisk refuses anything else too.

export type NumberCheck = { ok: true; number: string } | { ok: false; problem: string };

const MOBILE = /^1[3-9]\d{9}$/; // 11 digits, 13x-19x
const LANDLINE_WITH_AREA_CODE = /^0[1-9]\d{9,10}$/; // 010-xxxxxxxx, 0371-xxxxxxxx: 11 or 12 digits
const LOCAL_LANDLINE = /^[2-8]\d{6,7}$/; // 7 or 8 digits in the hotline's own area

/** Accepts digits with optional spaces or dashes, and a +86/0086 country prefix. */
export function checkCitizenNumber(input: string): NumberCheck {
  const compact = input.replace(/[\s-]/g, '');
  if (!/^\+?\d+$/.test(compact)) return { ok: false, problem: 'must be digits (spaces and dashes allowed)' };
  const withCountryCode = /^(?:\+86|0086)(\d+)$/.exec(compact)?.[1];
  // +86 drops the landline's leading 0: +86 10 12345678 is 010 12345678
  const national = withCountryCode === undefined ? compact : MOBILE.test(withCountryCode) ? withCountryCode : `0${withCountryCode.replace(/^0/, '')}`;
  if (national.startsWith('+') || national.startsWith('00')) return { ok: false, problem: 'international numbers are not called' };
  if (MOBILE.test(national)) return { ok: true, number: national };
  if (LANDLINE_WITH_AREA_CODE.test(national)) return { ok: true, number: national };
  if (LOCAL_LANDLINE.test(national)) return { ok: true, number: national };
  if (/^(1[0-2]|9[56])/.test(national)) return { ok: false, problem: 'service, emergency and premium numbers are not called' };
  return { ok: false, problem: 'is not a mainland mobile (1xxxxxxxxxx), landline with area code (0xx…) or 7-8 digit local number' };
}

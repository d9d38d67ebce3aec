// The rule of failed console logins per client address: closed at the limit while the window
// lasts, and what an address is counted under (IPv4 itself, IPv6 per /64, IPv4-mapped as IPv4).
import { describe, expect, it } from 'vitest';
import { addressBucket, addressRateVerdict, clientAddress } from '../../../src/domain/access/login-rate-limit.js';

const rule = { maxFailures: 20, windowMs: 300_000 };

describe('addressRateVerdict', () => {
  it.each([
    [{ count: 0, remainingMs: 0 }, { limited: false }],
    [{ count: 19, remainingMs: 120_000 }, { limited: false }],
    [{ count: 20, remainingMs: 120_400 }, { limited: true, retryAfterSeconds: 121 }],
    [{ count: 35, remainingMs: 10 }, { limited: true, retryAfterSeconds: 1 }],
    [{ count: 20, remainingMs: 0 }, { limited: false }],
  ])('%o → %o', (failures, verdict) => {
    expect(addressRateVerdict(failures, rule)).toEqual(verdict);
  });
});

describe('clientAddress and addressBucket', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7', '203.0.113.7'],
    ['::FFFF:10.0.0.1', '10.0.0.1', '10.0.0.1'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002::9', '2001:0db8:0001:0002::9', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['64:ff9b::192.0.2.33', '64:ff9b::192.0.2.33', '64:ff9b:0:0::/64'],
    ['not:an:address::x', 'not:an:address::x', 'not:an:address::x'],
    ['1::2::3', '1::2::3', '1::2::3'],
    ['unknown', 'unknown', 'unknown'],
  ])('%s is %s, counted under %s', (raw, address, bucket) => {
    expect(clientAddress(raw)).toBe(address);
    expect(addressBucket(raw)).toBe(bucket);
  });
});

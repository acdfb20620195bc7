import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { checkIpEntry } from '../../../src/filing/validators/index.ts';

/** First and last address of every IPv4 block the brief lists as non-public. */
const V4_BLOCKS: [string, string][] = [
  ['0.0.0.0', '0.255.255.255'],
  ['10.0.0.0', '10.255.255.255'],
  ['100.64.0.0', '100.127.255.255'],
  ['127.0.0.0', '127.255.255.255'],
  ['169.254.0.0', '169.254.255.255'],
  ['172.16.0.0', '172.31.255.255'],
  ['192.168.0.0', '192.168.255.255'],
  ['192.0.0.0', '192.0.0.255'],
  ['192.0.2.0', '192.0.2.255'],
  ['198.18.0.0', '198.19.255.255'],
  ['198.51.100.0', '198.51.100.255'],
  ['203.0.113.0', '203.0.113.255'],
  ['224.0.0.0', '239.255.255.255'],
  ['240.0.0.0', '255.255.255.255'],
];

/** Addresses right next to those blocks, all public. */
const V4_NEIGHBOURS = [
  '1.0.0.0',
  '9.255.255.255',
  '11.0.0.0',
  '100.63.255.255',
  '100.128.0.0',
  '126.255.255.255',
  '128.0.0.0',
  '169.253.255.255',
  '172.15.255.255',
  '172.32.0.0',
  '192.167.255.255',
  '192.169.0.0',
  '198.17.255.255',
  '198.20.0.0',
  '203.0.112.255',
  '223.255.255.255',
];

const V6_NON_GLOBAL = [
  '::',
  '::1',
  '::ffff:8.8.8.8',
  '64:ff9b::808:808',
  '100::1',
  'fe80::1',
  'fc00::1',
  'fd12:3456::1',
  'ff02::1',
  'fec0::1',
  '2001::1',
  '2001:2::1',
  '2001:10::1',
  '2001:db8::1',
  '2002:c000:204::1',
  '3fff::1',
  '4000::1',
];

const rejected = (value: string) => {
  const r = checkIpEntry(value);
  return r.ok ? undefined : r.problems[0]?.code;
};

describe('checkIpEntry', () => {
  it('accepts public IPv4 and IPv6 addresses in canonical form', () => {
    expect(checkIpEntry('42.159.10.20')).toEqual({ ok: true, value: '42.159.10.20' });
    expect(checkIpEntry(' 8.8.8.8 ')).toEqual({ ok: true, value: '8.8.8.8' });
    expect(checkIpEntry('2402:4E00:0000::0001')).toEqual({ ok: true, value: '2402:4e00::1' });
    expect(checkIpEntry('2001:da8:8000:1::80')).toEqual({ ok: true, value: '2001:da8:8000:1::80' });
  });

  it('rejects the first and last address of every non-public IPv4 block', () => {
    for (const [first, last] of V4_BLOCKS) {
      expect(rejected(first), first).toBe('ip.not_public');
      expect(rejected(last), last).toBe('ip.not_public');
    }
  });

  it('accepts the public neighbours of those blocks', () => {
    for (const address of V4_NEIGHBOURS) expect(checkIpEntry(address).ok, address).toBe(true);
  });

  it('rejects non-global IPv6 addresses', () => {
    for (const address of V6_NON_GLOBAL) expect(rejected(address), address).toBe('ip.not_public');
  });

  it('never accepts an IPv6 address that ipaddr.js does not call unicast', () => {
    const v6 = fc
      .array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 })
      .map((parts) => new ipaddr.IPv6(parts));
    fc.assert(
      fc.property(v6, (addr) => {
        if (checkIpEntry(addr.toString()).ok) expect(addr.range()).toBe('unicast');
      }),
      { numRuns: 2000 },
    );
  });

  it('never accepts an IPv4 address that ipaddr.js puts in a special-purpose range the brief excludes', () => {
    const excluded = new Set([
      'unspecified',
      'broadcast',
      'multicast',
      'linkLocal',
      'loopback',
      'carrierGradeNat',
      'private',
      'reserved',
    ]);
    const v4 = fc
      .array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 })
      .map((o) => new ipaddr.IPv4(o));
    fc.assert(
      fc.property(v4, (addr) => {
        if (excluded.has(addr.range())) expect(checkIpEntry(addr.toString()).ok).toBe(false);
      }),
      { numRuns: 5000 },
    );
  });

  it('accepts ranges in either family and normalises a one-address range', () => {
    expect(checkIpEntry('211.68.0.100-211.68.0.102')).toEqual({
      ok: true,
      value: '211.68.0.100-211.68.0.102',
    });
    expect(checkIpEntry('211.68.0.100 - 211.68.0.102')).toEqual({
      ok: true,
      value: '211.68.0.100-211.68.0.102',
    });
    expect(checkIpEntry('211.68.0.100－211.68.0.102')).toEqual({
      ok: true,
      value: '211.68.0.100-211.68.0.102',
    });
    expect(checkIpEntry('2402:4e00::1-2402:4e00::ff')).toEqual({
      ok: true,
      value: '2402:4e00::1-2402:4e00::ff',
    });
    expect(checkIpEntry('8.8.8.8-8.8.8.8')).toEqual({ ok: true, value: '8.8.8.8' });
  });

  it('rejects reversed and mixed-family ranges', () => {
    expect(checkIpEntry('211.68.0.102-211.68.0.100')).toEqual({
      ok: false,
      problems: [{ code: 'ip.range_reversed', params: { start: '211.68.0.102', end: '211.68.0.100' } }],
    });
    expect(rejected('2402:4e00::ff-2402:4e00::1')).toBe('ip.range_reversed');
    expect(rejected('8.8.8.8-2402:4e00::1')).toBe('ip.range_mixed_family');
  });

  it('rejects a range whose ends are public but which spans a non-public block', () => {
    expect(checkIpEntry('9.255.255.0-11.0.0.1')).toEqual({
      ok: false,
      problems: [{ code: 'ip.range_not_public', params: { block: '10.0.0.0/8' } }],
    });
    expect(rejected('172.15.0.1-172.32.0.1')).toBe('ip.range_not_public');
    expect(rejected('2000::1-2001:da8::1')).toBe('ip.range_not_public');
    expect(rejected('2001:da7::1-2001:db9::1')).toBe('ip.range_not_public');
  });

  it('rejects what is not an address', () => {
    for (const bad of [
      'example.cn',
      '1.2.3',
      '256.1.1.1',
      '010.1.1.1',
      '1.2.3.4/24',
      '1.1.1.1-1.1.1.2-1.1.1.3',
      'fe80::1%eth0',
      '',
    ]) {
      expect(rejected(bad), bad).toBe('ip.format');
    }
  });
});

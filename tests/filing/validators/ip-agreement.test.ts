import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { checkIpEntry } from '../../../src/filing/validators/index.ts';
import { formatIPv6, parseIPv4, parseIPv6 } from '../../../src/filing/validators/ip.ts';
import { referenceCheckIpEntry } from './ip-reference.ts';

const dotted = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

/** Every edge of the blocked IPv4 blocks, and one address either side. */
const EDGES = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.0.2.0/24',
  '192.88.99.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '224.0.0.0/3',
].flatMap((cidr) => {
  const [addr, bits] = ipaddr.IPv4.parseCIDR(cidr);
  const first = addr.toByteArray().reduce((n, b) => n * 256 + b, 0);
  const last = first + 2 ** (32 - bits) - 1;
  return [first - 1, first, first + 1, last - 1, last, last + 1].filter((n) => n >= 0 && n < 2 ** 32);
});

const octet = fc.oneof(
  fc.integer({ min: 0, max: 255 }).map(String),
  fc.constantFrom('00', '01', '010', '255', '256', '300', '999', '1000', '', ' 1', '1a', '０'),
);
const v4Value = fc.oneof(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.constantFrom(...EDGES));
const v4Text = fc.oneof(
  v4Value.map(dotted),
  fc.array(octet, { minLength: 2, maxLength: 5 }).map((parts) => parts.join('.')),
);
const v6Text = fc
  .oneof(
    fc
      .tuple(
        fc.constantFrom(
          [],
          [0x2400, 0xda00],
          [0x2001, 0xdb8],
          [0x2001, 0],
          [0xfe80],
          [0],
          [0x2002],
          [0x3fff],
        ),
        fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 }),
      )
      .map(([prefix, rest]) => new ipaddr.IPv6([...prefix, ...rest].slice(0, 8))),
    fc.constantFrom(
      '::',
      '::1',
      '::ffff:8.8.8.8',
      '2400:da00::6666',
      '2400:DA00::0:6666',
      'fe80::1%eth0',
      '1::2::3',
    ),
  )
  .map((a) => (typeof a === 'string' ? a : a.toString()));
/** Eight groups with many zeros, so every kind of zero run occurs. */
const v6Parts = fc.array(fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 0xffff })), {
  minLength: 8,
  maxLength: 8,
});
/** IPv6 texts in every notation ipaddr.js reads, and near misses. */
const v6Any = fc.oneof(
  v6Parts.map((p) => new ipaddr.IPv6(p).toNormalizedString()),
  v6Parts.map((p) => p.map((g) => g.toString(16).padStart(4, '0').toUpperCase()).join(':')),
  v6Parts.map((p) => new ipaddr.IPv6(p).toRFC5952String()),
  fc
    .array(fc.oneof(fc.stringMatching(/^[0-9a-fA-F]{1,5}$/), fc.constantFrom('', ':', '0', '1.2.3.4')), {
      minLength: 1,
      maxLength: 10,
    })
    .map((groups) => groups.join(':')),
  fc
    .tuple(fc.nat({ max: 9 }), fc.nat({ max: 9 }), fc.stringMatching(/^[0-9a-f:]{0,30}$/))
    .map(([a, b, rest]) => `${'1:'.repeat(a)}:${':2'.repeat(b)}${rest}`),
);
const address = fc.oneof(
  { weight: 3, arbitrary: v4Text },
  { weight: 1, arbitrary: v6Text },
  { weight: 1, arbitrary: v6Any },
);
const entry = fc.oneof(
  address,
  fc
    .tuple(address, fc.constantFrom('-', ' - ', '－', '~', '--'), address)
    .map(([a, dash, b]) => `${a}${dash}${b}`),
  fc
    .tuple(v4Value, fc.integer({ min: 0, max: 70_000 }))
    .map(([a, span]) => `${dotted(a)}-${dotted(Math.min(a + span, 2 ** 32 - 1))}`),
  fc.tuple(address, address, address).map((parts) => parts.join('-')),
);

describe('parseIPv4', () => {
  it('accepts exactly the four-part decimal addresses ipaddr.js accepts, with the same value', () => {
    fc.assert(
      fc.property(v4Text, (text) => {
        const valid = /^\d{1,3}(\.\d{1,3}){3}$/.test(text) && ipaddr.IPv4.isValidFourPartDecimal(text);
        const value = parseIPv4(text);
        if (!valid) expect(value).toBe(-1);
        else {
          const bytes = ipaddr.IPv4.parse(text).toByteArray();
          expect(value).toBe(bytes.reduce((n, b) => n * 256 + b, 0));
        }
      }),
      { numRuns: 20_000 },
    );
  });
});

describe('parseIPv6 and formatIPv6', () => {
  it('read exactly what ipaddr.js reads, as the same groups', () => {
    fc.assert(
      fc.property(v6Any, (text) => {
        const ours = parseIPv6(text);
        if (!ipaddr.IPv6.isValid(text)) expect(ours).toBeUndefined();
        else expect(ours).toEqual(ipaddr.IPv6.parse(text).parts);
      }),
      { numRuns: 20_000 },
    );
  });

  it('write what ipaddr.js toRFC5952String writes', () => {
    fc.assert(
      fc.property(v6Parts, (parts) => {
        expect(formatIPv6(parts)).toBe(new ipaddr.IPv6(parts).toRFC5952String());
      }),
      { numRuns: 20_000 },
    );
  });
});

describe('checkIpEntry', () => {
  it('answers exactly as the ipaddr.js implementation it replaced, for addresses and ranges', () => {
    fc.assert(
      fc.property(entry, (text) => {
        expect(checkIpEntry(text)).toEqual(referenceCheckIpEntry(text));
      }),
      { numRuns: 20_000 },
    );
  });
});

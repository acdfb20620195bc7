import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPlainAsciiHost } from '../../../src/filing/validators/hostname.ts';
import { checkDomain, checkHomepageUrl } from '../../../src/filing/validators/index.ts';

const chars = (alphabet: string, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...alphabet), minLength: 1, maxLength });

/** Host-like strings, most of them plain lower-case ASCII: the inputs the fast paths take. */
const hostLike = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: chars('abcnwxz-019', 10) },
      { weight: 1, arbitrary: fc.constantFrom('www', 'cn', 'com', 'xn--fiqs8s', '-a', 'a-', '', '1') },
      { weight: 1, arbitrary: chars('a', 64) },
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((labels) => labels.join('.'));

/**
 * A leading blank is trimmed by every check but makes `isPlainAsciiHost` false, so `' ' + value`
 * takes the general path (scheme, path, port and IP tests, then the host parser) on the same value.
 */
describe('plain ASCII fast paths', () => {
  it('checkDomain answers as the general path does', () => {
    let plain = 0;
    fc.assert(
      fc.property(hostLike, (value) => {
        if (isPlainAsciiHost(value)) plain++;
        expect(checkDomain(value)).toEqual(checkDomain(` ${value}`));
      }),
      { numRuns: 10_000 },
    );
    expect(plain).toBeGreaterThan(1_000);
  });

  it('checkHomepageUrl answers as the general path does', () => {
    fc.assert(
      fc.property(hostLike, fc.array(hostLike, { minLength: 1, maxLength: 3 }), (value, domains) => {
        expect(checkHomepageUrl(value, domains)).toEqual(checkHomepageUrl(` ${value}`, domains));
        expect(checkHomepageUrl(`www.${value}`, [value])).toEqual(checkHomepageUrl(` www.${value}`, [value]));
      }),
      { numRuns: 5_000 },
    );
  });
});

import { domainToASCII } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiHostProblem, isPlainAsciiHost, toAsciiHost } from '../../../src/filing/validators/hostname.ts';

const chars = (alphabet: string, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...alphabet), minLength: 1, maxLength });

/** Host-like strings: labels of letters, digits and hyphens, some of them `xn--` or numbers. */
const hostLike = fc
  .array(
    fc.oneof(
      chars('abcnxz-019', 12),
      chars('0123456789', 4),
      chars('abcdef0123456789', 6).map((l) => `xn--${l}`),
      chars('abcdef0123456789', 4).map((l) => `0x${l}`),
      fc.constant(''),
    ),
    { minLength: 1, maxLength: 5 },
  )
  .map((labels) => labels.join('.'));

describe('isPlainAsciiHost', () => {
  it('holds only for hosts that domainToASCII returns unchanged', () => {
    let plain = 0;
    fc.assert(
      fc.property(fc.oneof(hostLike, chars('abxnAZ019-._%:', 20)), (host) => {
        if (!isPlainAsciiHost(host)) return;
        plain++;
        expect(domainToASCII(host)).toBe(host);
      }),
      { numRuns: 20_000 },
    );
    expect(plain).toBeGreaterThan(1_000);
  });

  it('leaves upper case, IDNs, punycode and numeric last labels to domainToASCII', () => {
    expect(isPlainAsciiHost('example.cn')).toBe(true);
    expect(isPlainAsciiHost('my-site.example.cn')).toBe(true);
    for (const host of [
      'Example.cn',
      '例子.中国',
      'xn--fsqu00a.cn',
      'a.xn--fiqs8s',
      'a.1',
      'a.0x1f',
      'a.b.',
      'a_b.cn',
    ])
      expect(isPlainAsciiHost(host), host).toBe(false);
  });
});

describe('toAsciiHost', () => {
  it('gives the canonical host or the reason', () => {
    expect(toAsciiHost('Example.CN.')).toEqual({ ok: true, host: 'example.cn' });
    expect(toAsciiHost('例子。中国')).toEqual({ ok: true, host: 'xn--fsqu00a.xn--fiqs8s' });
    expect(toAsciiHost('example')).toEqual({ ok: false, problem: 'tld' });
    expect(toAsciiHost('-a.cn')).toEqual({ ok: false, problem: 'label' });
    expect(toAsciiHost('a.1')).toEqual({ ok: false, problem: 'format' });
    expect(toAsciiHost('xn--.cn')).toEqual({ ok: false, problem: 'format' });
  });
});

/** The label and TLD rules as regular expressions, as they were written first. */
function referenceProblem(ascii: string): string | undefined {
  if (ascii === '' || ascii.length > 253) return 'format';
  const labels = ascii.split('.');
  if (labels.length < 2) return 'tld';
  if (!labels.every((l) => /^(?!-)[a-z0-9-]{1,63}(?<!-)$/.test(l))) return 'label';
  if (!/^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/.test(labels[labels.length - 1]!)) return 'tld';
  return undefined;
}

describe('asciiHostProblem', () => {
  it('applies the same label and TLD rules as the regular expressions', () => {
    const label = fc.oneof(
      chars('abxnz09-', 8),
      chars('a', 70),
      chars('ab', 70).map((l) => `xn--${l}`),
      fc.constantFrom('', '-', 'xn--', 'xn---', 'cn', 'c', 'A', 'a_b', 'é'),
    );
    const host = fc.array(label, { minLength: 1, maxLength: 5 }).map((labels) => labels.join('.'));
    fc.assert(
      fc.property(fc.oneof(host, fc.string({ maxLength: 300 })), (ascii) => {
        expect(asciiHostProblem(ascii)).toBe(referenceProblem(ascii));
      }),
      { numRuns: 20_000 },
    );
  });
});

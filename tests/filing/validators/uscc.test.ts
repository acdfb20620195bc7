import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkUscc, USCC_ALPHABET, usccCheckChar } from '../../../src/filing/validators/index.ts';
import { substitution, uscc } from './arbitraries.ts';

describe('checkUscc', () => {
  it('accepts the GB 32100 worked example (Σ=1640, mod 31 = 28 → 3)', () => {
    const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    const sum = [...'91350100M000100Y4'].reduce((s, c, i) => s + USCC_ALPHABET.indexOf(c) * weights[i]!, 0);
    expect(sum).toBe(1640);
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
    expect(checkUscc('91350100M000100Y43')).toEqual({ ok: true, value: '91350100M000100Y43' });
  });

  it('upper-cases and drops blanks', () => {
    expect(checkUscc(' 91350100m000100y43 ')).toEqual({ ok: true, value: '91350100M000100Y43' });
  });

  it('rejects the letters I, O, Z, S and V', () => {
    for (const letter of 'IOZSV') {
      const code = `91350100M000100${letter}43`;
      expect(checkUscc(code)).toEqual({
        ok: false,
        problems: [{ code: 'uscc.charset', params: { char: letter } }],
      });
    }
  });

  it('rejects wrong lengths and a non-numeric division code', () => {
    expect(checkUscc('91350100M000100Y4')).toMatchObject({ ok: false, problems: [{ code: 'uscc.format' }] });
    expect(checkUscc('91350100M000100Y433')).toMatchObject({
      ok: false,
      problems: [{ code: 'uscc.format' }],
    });
    const first17 = '9135A100M000100Y4';
    expect(checkUscc(first17 + usccCheckChar(first17))).toMatchObject({
      ok: false,
      problems: [{ code: 'uscc.format' }],
    });
  });

  it('names the expected check character', () => {
    expect(checkUscc('91350100M000100Y44')).toEqual({
      ok: false,
      problems: [{ code: 'uscc.checksum', params: { expected: '3' } }],
    });
  });

  it('rejects an embedded organisation code that fails GB 11714 even with a matching USCC check', () => {
    const first17 = '91350100M000100Y5';
    const code = first17 + usccCheckChar(first17);
    expect(checkUscc(code)).toEqual({ ok: false, problems: [{ code: 'uscc.organization_code' }] });
  });

  it('accepts every generated valid code', () => {
    fc.assert(fc.property(uscc, (code) => checkUscc(code).ok));
  });

  it('rejects any single substitution within the alphabet (31 is prime, so mod 31 detects them all)', () => {
    fc.assert(
      fc.property(
        uscc.chain((code) => substitution(code, USCC_ALPHABET).map((s) => ({ code, ...s }))),
        ({ code, changed }) => {
          expect(changed).not.toBe(code);
          expect(checkUscc(changed).ok).toBe(false);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

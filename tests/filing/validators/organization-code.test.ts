import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkOrganizationCode, organizationCodeCheckChar } from '../../../src/filing/validators/index.ts';
import { organizationCode, substitution } from './arbitraries.ts';

const value = (c: string) => Number.parseInt(c, 36);

describe('checkOrganizationCode', () => {
  it('accepts the organisation code embedded in the USCC example, with or without hyphen', () => {
    // M000100Y: 22·3 + 1·5 + 34·2 = 139, 139 mod 11 = 7, 11 − 7 = 4.
    expect(organizationCodeCheckChar('M000100Y')).toBe('4');
    expect(checkOrganizationCode('M000100Y4')).toEqual({ ok: true, value: 'M000100Y-4' });
    expect(checkOrganizationCode('m000100y-4')).toEqual({ ok: true, value: 'M000100Y-4' });
  });

  it('writes 10 as X and 11 as 0', () => {
    // 00000001: Σ = 2 → 9; 00000005: Σ = 10 → 1; 00000030: Σ = 12 → 10 (X); 00000000: Σ = 0 → 11 (0).
    expect(organizationCodeCheckChar('00000001')).toBe('9');
    expect(organizationCodeCheckChar('00000030')).toBe('X');
    expect(organizationCodeCheckChar('00000000')).toBe('0');
    expect(checkOrganizationCode('00000030-X').ok).toBe(true);
  });

  it('rejects an invalid check character, naming the expected one', () => {
    expect(checkOrganizationCode('M000100Y-5')).toEqual({
      ok: false,
      problems: [{ code: 'organization_code.checksum', params: { expected: '4' } }],
    });
  });

  it('rejects wrong shapes', () => {
    for (const bad of ['M000100-4', 'M000100Y-44', 'M000100Y-A', 'M000-100Y4', '']) {
      expect(checkOrganizationCode(bad), bad).toMatchObject({
        ok: false,
        problems: [{ code: 'organization_code.format' }],
      });
    }
  });

  it('accepts every generated valid code', () => {
    fc.assert(fc.property(organizationCode, (code) => checkOrganizationCode(code).ok));
  });

  it('rejects a substitution unless the values differ by a multiple of 11 (mod 11 cannot see those)', () => {
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    fc.assert(
      fc.property(
        organizationCode.chain((code) => substitution(code, alphabet).map((s) => ({ code, ...s }))),
        ({ code, position, replacement, changed }) => {
          const blind = position < 8 && (value(code[position]!) - value(replacement)) % 11 === 0;
          fc.pre(!blind);
          expect(checkOrganizationCode(changed).ok).toBe(false);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

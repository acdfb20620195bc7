/**
 * Unified social credit codes (GB 32100-2015): 18 characters over an alphabet without I O Z S V,
 * a mod-31 check character, and an embedded GB 11714 organisation code in positions 9–17.
 */
import type { FieldResult } from '../catalog-types.ts';
import { compact } from './normalise.ts';
import { organizationCodeCheckChar } from './organization-code.ts';
import { fail, ok } from './result.ts';

export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** The check character for the first 17 characters: alphabet[(31 − Σ mod 31) mod 31]. */
export function usccCheckChar(first17: string): string {
  if (first17.length !== 17) throw new Error('usccCheckChar needs 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_ALPHABET.indexOf(first17[i]!);
    if (v < 0) throw new Error('usccCheckChar: character outside the GB 32100 alphabet');
    sum += v * WEIGHTS[i]!;
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** 18 characters of the alphabet: already canonical, nothing to normalise or to point at. */
const CANONICAL = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

export function checkUscc(value: string): FieldResult<string> {
  const canonical = CANONICAL.test(value);
  const code = canonical ? value : compact(value).toUpperCase();
  if (code.length !== 18) return fail('uscc.format', { length: code.length });
  const bad = canonical ? undefined : [...code].find((c) => !USCC_ALPHABET.includes(c));
  if (bad !== undefined) return fail('uscc.charset', { char: bad });
  // Positions 3–8 hold the registering authority's 6-digit division code.
  if (!/^\d{6}$/.test(code.slice(2, 8))) return fail('uscc.format', { length: code.length });
  const expected = usccCheckChar(code.slice(0, 17));
  if (code[17] !== expected) return fail('uscc.checksum', { expected });
  const orgBody = code.slice(8, 16);
  if (organizationCodeCheckChar(orgBody) !== code[16]) return fail('uscc.organization_code');
  return ok(code);
}

/**
 * Organisation codes (GB 11714-1997): an 8-character body of digits and capital letters plus a
 * check character. Certificates print them as `XXXXXXXX-X`, which is the canonical form.
 */
import type { FieldResult } from '../catalog-types.ts';
import { compact } from './normalise.ts';
import { fail, ok } from './result.ts';

const WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/** A body character's value: digits as such, letters A=10 … Z=35. */
function charValue(c: string): number {
  return Number.parseInt(c, 36);
}

/** The check character: C9 = 11 − Σ mod 11, where 10 is written X and 11 is written 0. */
export function organizationCodeCheckChar(first8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(first8))
    throw new Error('organizationCodeCheckChar needs 8 digits or capital letters');
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += charValue(first8[i]!) * WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

export function checkOrganizationCode(value: string): FieldResult<string> {
  const raw = compact(value).toUpperCase();
  const m = /^([0-9A-Z]{8})-?([0-9X])$/.exec(raw);
  if (!m) return fail('organization_code.format');
  const body = m[1]!;
  const expected = organizationCodeCheckChar(body);
  if (m[2] !== expected) return fail('organization_code.checksum', { expected });
  return ok(`${body}-${expected}`);
}

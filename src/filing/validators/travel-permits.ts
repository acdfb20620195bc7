/**
 * Travel permits, passports and foreign permanent residence IDs. Only the Home Return Permit and the
 * new (2023) permanent residence ID have a published structure; the others get a charset/length
 * check, because a stricter rule would reject genuine documents we cannot see.
 */
import type { FieldResult } from '../catalog-types.ts';
import { compact } from './normalise.ts';
import { birthDateOf, isAfterTodayInChina, residentIdCheckChar } from './resident-id.ts';
import { fail, ok } from './result.ts';

function normalise(value: string): string {
  return compact(value).toUpperCase();
}

/** 港澳居民来往内地通行证 (Home Return Permit): H (Hong Kong) or M (Macao) + 8 digits (card) or 10 digits (old booklet). */
export function checkHkMacaoTravelPermit(value: string): FieldResult<string> {
  const v = normalise(value);
  return /^[HM](\d{8}|\d{10})$/.test(v) ? ok(v) : fail('hk_macao_travel_permit.format');
}

/**
 * 台湾居民来往大陆通行证: the card carries 8 digits; older booklets carried 10 characters, whose
 * exact pattern is not published, so any 10 digits/capital letters pass.
 */
export function checkTaiwanTravelPermit(value: string): FieldResult<string> {
  const v = normalise(value);
  return /^(\d{8}|[0-9A-Z]{10})$/.test(v) ? ok(v) : fail('taiwan_travel_permit.format');
}

/**
 * Passports of any country: ICAO 9303 allows up to 9 characters in the machine-readable zone, but
 * printed numbers of some countries are longer; 5–20 letters and digits with at least one digit
 * keeps out obvious mistakes (a name, a phone with dashes is stripped anyway) without rejecting
 * real passports.
 */
export function checkPassport(value: string): FieldResult<string> {
  const v = normalise(value).replace(/-/g, '');
  return /^[A-Z0-9]{5,20}$/.test(v) && /\d/.test(v) ? ok(v) : fail('passport.format');
}

/**
 * 外国人永久居留身份证: the old card has 3 letters (nationality) + 12 digits; the card issued from
 * 2023-12-01 has 18 characters starting with 9, a birth date in positions 7–14 like the resident ID,
 * and the same MOD 11-2 check character.
 */
export function checkForeignPermanentResidenceId(value: string, opts: { now: Date }): FieldResult<string> {
  const v = normalise(value);
  if (/^[A-Z]{3}\d{12}$/.test(v)) return ok(v);
  if (!/^9\d{16}[\dX]$/.test(v)) return fail('foreign_permanent_residence_id.format');
  const birth = birthDateOf(v);
  if (!birth) return fail('foreign_permanent_residence_id.birth_date', { date: v.slice(6, 14) });
  if (isAfterTodayInChina(birth, opts.now))
    return fail('foreign_permanent_residence_id.birth_date', { date: v.slice(6, 14) });
  const expected = residentIdCheckChar(v.slice(0, 17));
  if (v[17] !== expected) return fail('foreign_permanent_residence_id.checksum', { expected });
  return ok(v);
}

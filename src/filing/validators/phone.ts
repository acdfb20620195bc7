/**
 * Mainland mobile numbers and office (fixed-line) numbers. Office numbers are stored the way the
 * MIIT form prints them, `086-<area code>-<local number>`; the area code must be a real one, which
 * libphonenumber's full metadata knows.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { FieldResult } from '../catalog-types.ts';
import { isCnFixedLine } from './cn-fixed-line.ts';
import { toHalfWidth } from './normalise.ts';
import { fail, ok } from './result.ts';

const MOBILE = /^1[3-9]\d{9}$/;

function ascii(value: string): string {
  return toHalfWidth(value).trim();
}

/** Mobile digits without blanks, dashes and an optional +86 / 0086 / 86 country prefix. */
function mobileDigits(value: string): string {
  const digits = ascii(value).replace(/[\s\-.()]/g, '');
  const m = /^(?:\+86|0086|86)?(1\d{10})$/.exec(digits);
  return m ? m[1]! : digits;
}

export function isMobileNumber(value: string): boolean {
  return MOBILE.test(mobileDigits(value));
}

export function checkMobile(value: string): FieldResult<string> {
  const digits = mobileDigits(value);
  return MOBILE.test(digits) ? ok(digits) : fail('mobile.format');
}

/**
 * Mainland area codes are prefix-free: 010 and 02x have two digits after the 0, all others three
 * (0591, 0991). The national number therefore tells its own area code.
 */
function areaOf(national: string): string {
  return national.startsWith('10') || national.startsWith('2')
    ? `0${national.slice(0, 2)}`
    : `0${national.slice(0, 3)}`;
}

/** Fixed-line numbers only; libphonenumber answers FIXED_LINE_OR_MOBILE where it cannot tell. */
function fixedLine(national: string): { area: string; local: string } | undefined {
  const fast = isCnFixedLine(national);
  let nationalNumber = national;
  if (fast === false) return undefined;
  if (fast === undefined) {
    const parsed = parsePhoneNumberFromString(`+86${national}`);
    if (!parsed) return undefined;
    // With type patterns in the metadata (the max set has them for CN), isValid() is exactly
    // "getType() finds a type", so one call answers both (tests hold this).
    const type = parsed.getType();
    if (type !== 'FIXED_LINE' && type !== 'FIXED_LINE_OR_MOBILE') return undefined;
    nationalNumber = parsed.nationalNumber;
  }
  const area = areaOf(nationalNumber);
  return { area, local: nationalNumber.slice(area.length - 1) };
}

const areaCodes = new Map<string, boolean>();

/** Whether `area` (with its leading 0) is a mainland area code, probed with a 7- and an 8-digit local number. */
function isAreaCode(area: string): boolean {
  let known = areaCodes.get(area);
  if (known === undefined) {
    known = ['62345678', '6234567'].some((local) => fixedLine(`${area.slice(1)}${local}`)?.area === area);
    areaCodes.set(area, known);
  }
  return known;
}

/**
 * libphonenumber needs tens of microseconds per number, and a draft filing is revalidated after
 * every answer with the same phones in it; a small memo of this pure function keeps that cheap.
 */
const MEMO_LIMIT = 2_000;
const memo = new Map<string, FieldResult<string>>();

/**
 * Accepts `086-010-84562120`, `010-84562120`, `(010)84562120`, `+86 10 8456 2120`, `01084562120`.
 * When the applicant separated the area code, it must be the one the number really has.
 */
export function checkOfficePhone(value: string): FieldResult<string> {
  let result = memo.get(value);
  if (!result) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    result = officePhone(value);
    memo.set(value, result);
  }
  return result;
}

function officePhone(value: string): FieldResult<string> {
  const text = ascii(value);
  if (!/^[\d\s\-+().]+$/.test(text)) return fail('office_phone.format');
  if (isMobileNumber(text)) return fail('office_phone.mobile');
  // Drop a country prefix (+86, 0086, 086, 86) followed by a separator; area codes all start with 0.
  const withoutCountry = text
    .replace(/^(?:\+\s*86|0086|086|86)(?=[\s\-(.])[\s\-.]*/, '')
    .replace(/^\+\s*86/, '');
  const groups = withoutCountry.split(/[\s\-().]+/).filter((g) => g.length > 0);
  let digits = groups.join('');
  if (!/^\d+$/.test(digits)) return fail('office_phone.format');
  const givenArea = groups.length > 1 && groups[0]!.length <= 4 ? groups[0]!.replace(/^0?/, '0') : undefined;
  if (!digits.startsWith('0')) digits = `0${digits}`;
  const line = fixedLine(digits.slice(1));
  if (line && (givenArea === undefined || givenArea === line.area))
    return ok(`086-${line.area}-${line.local}`);
  if (givenArea !== undefined) {
    return isAreaCode(givenArea)
      ? fail('office_phone.invalid')
      : fail('office_phone.area_code', { area: givenArea });
  }
  // Area codes are prefix-free (010, 02x, 0xxx), so the number starts with one or none.
  const known = isAreaCode(digits.slice(0, 3)) || isAreaCode(digits.slice(0, 4));
  return known ? fail('office_phone.invalid') : fail('office_phone.area_code', { area: digits.slice(0, 4) });
}

/**
 * Single-value checks the validators folder does not cover because they belong to the form rather
 * than to a document type: ID validity dates, licence numbers, phone fields that accept either kind.
 */
import type { FieldResult } from '../catalog-types.ts';
import { LONG_TERM } from '../enums.ts';
import { checkMobile, checkOfficePhone, isMobileNumber } from '../validators/index.ts';
import { fail } from '../validators/result.ts';

const LONG_TERM_WORDS = new Set([
  '长期',
  '长期有效',
  'long term',
  'long-term',
  'long_term',
  'longterm',
  'permanent',
]);
const DATE = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$|^(\d{4})(\d{2})(\d{2})$/;
/** Shanghai and 21Vianet refuse an ID with three months or less left (icp-domain.md §1.2). */
export const ID_MIN_VALID_MONTHS = 3;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `2035-06-30`, `2035/6/30`, `2035年6月30日`, `20350630` → `2035-06-30`; `长期` / `long term` → `long_term`. */
export function parseValidUntil(input: string): FieldResult<string> {
  const value = input.trim();
  if (LONG_TERM_WORDS.has(value.toLowerCase())) return { ok: true, value: LONG_TERM };
  const m = DATE.exec(value);
  if (!m) return fail('date.invalid', { value });
  const year = Number(m[1] ?? m[4]);
  const month = Number(m[2] ?? m[5]);
  const day = Number(m[3] ?? m[6]);
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) {
    return fail('date.invalid', { value });
  }
  return { ok: true, value: `${pad(year, 4)}-${pad(month)}-${pad(day)}` };
}

/** Today's date in China (UTC+8) plus `months`, as YYYY-MM-DD (day clamped to the month's end). */
export function chinaDatePlusMonths(now: Date, months: number): string {
  const china = new Date(now.getTime() + 8 * 3_600_000);
  const y = china.getUTCFullYear();
  const m = china.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const target = new Date(Date.UTC(y, m, Math.min(china.getUTCDate(), lastDay)));
  return `${target.getUTCFullYear()}-${pad(target.getUTCMonth() + 1)}-${pad(target.getUTCDate())}`;
}

/** The ID must stay valid for more than three months from today (or be long-term). */
export function checkValidUntil(input: string, now: Date): FieldResult<string> {
  const parsed = parseValidUntil(input);
  if (!parsed.ok || parsed.value === LONG_TERM) return parsed;
  if (parsed.value < chinaDatePlusMonths(now, 0)) return fail('id_validity.expired', { date: parsed.value });
  const minDate = chinaDatePlusMonths(now, ID_MIN_VALID_MONTHS);
  if (parsed.value <= minDate) return fail('id_validity.too_soon', { date: parsed.value, minDate });
  return parsed;
}

/** Either a mobile or a landline in `086-<area>-<number>` form (emergency phones; individuals' office phone). */
export function checkAnyPhone(input: string): FieldResult<string> {
  return isMobileNumber(input) ? checkMobile(input) : checkOfficePhone(input);
}

const LICENCE = /^[\p{L}\p{N}()（）\-_/〔〕[\]【】号第字 ]{4,60}$/u;

/** Licence numbers differ per regulator (京ICP证…, (京)网文[2021]1234-567号…): only shape and length. */
export function checkLicenceNumber(input: string): FieldResult<string> {
  const value = input.trim().replace(/\s+/g, ' ');
  return LICENCE.test(value) && /\p{N}/u.test(value)
    ? { ok: true, value }
    : fail('pre_approval.licence_number');
}

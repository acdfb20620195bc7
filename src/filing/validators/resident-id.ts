/**
 * Mainland resident ID numbers and HK/Macao/Taiwan residence permits (GB 11643-1999): a 6-digit
 * division code, the birth date YYYYMMDD, a 3-digit sequence and an ISO 7064 MOD 11-2 check character.
 */
import type { FieldProblem, FieldResult } from '../catalog-types.ts';
import { compact } from './normalise.ts';
import { fail, ok } from './result.ts';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** First two digits of a mainland division code (GB/T 2260 provinces; 71 Taiwan and 81/82 are not issued on resident IDs). */
const PROVINCE_PREFIXES = new Set(
  '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65'.split(' '),
);

export const RESIDENT_ID_PROVINCE_PREFIXES: readonly string[] = [...PROVINCE_PREFIXES];

const PERMIT_PREFIXES = { hk_macao: ['810000', '820000'], taiwan: ['830000'] } as const;

/** The MOD 11-2 check character for the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('residentIdCheckChar needs 17 digits');
  return checkCharOf(first17);
}

/** The check character of a string whose first 17 characters are known to be digits. */
function checkCharOf(id: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (id.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** The birth date encoded in positions 7–14 of an 18-character ID, when it is a real calendar date. */
export function birthDateOf(id: string): { year: number; month: number; day: number } | undefined {
  const m = /^\d{6}(\d{4})(\d{2})(\d{2})/.exec(id);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const date = new Date(Date.UTC(year, month - 1, day));
  const real =
    year >= 1800 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day;
  return real ? { year, month, day } : undefined;
}

/** Birth dates are calendar dates in China (UTC+8); compare them with today's date there. */
export function isAfterTodayInChina(birth: { year: number; month: number; day: number }, now: Date): boolean {
  const china = new Date(now.getTime() + 8 * 3_600_000);
  const today = china.getUTCFullYear() * 10_000 + (china.getUTCMonth() + 1) * 100 + china.getUTCDate();
  return birth.year * 10_000 + birth.month * 100 + birth.day > today;
}

type PrefixProblem = (id: string, region: 'hk_macao' | 'taiwan' | undefined) => FieldProblem | undefined;

/** 17 digits and a digit or X, the canonical form: nothing to normalise. */
const CANONICAL = /^\d{17}[\dX]$/;

/** Shared by IDs and permits: format, division prefix, birth date and check character. */
function checkGb11643(
  value: string,
  prefix: 'resident_id' | 'residence_permit',
  prefixProblem: PrefixProblem,
  region: 'hk_macao' | 'taiwan' | undefined,
  now: Date,
): FieldResult<string> {
  const id = CANONICAL.test(value) ? value : compact(value).toUpperCase();
  if (!CANONICAL.test(id)) return fail(`${prefix}.format`, { length: id.length });
  const wrongPrefix = prefixProblem(id, region);
  if (wrongPrefix) return { ok: false, problems: [wrongPrefix] };
  const birth = birthDateOf(id);
  if (!birth) return fail(`${prefix}.birth_date`, { date: id.slice(6, 14) });
  if (isAfterTodayInChina(birth, now)) return fail(`${prefix}.birth_date_future`, { date: id.slice(6, 14) });
  const expected = checkCharOf(id);
  if (id[17] !== expected) return fail(`${prefix}.checksum`, { expected });
  return ok(id);
}

const provinceProblem: PrefixProblem = (id) =>
  PROVINCE_PREFIXES.has(id.slice(0, 2))
    ? undefined
    : { code: 'resident_id.province', params: { prefix: id.slice(0, 6) } };

const permitPrefixProblem: PrefixProblem = (id, region) => {
  const prefixes: readonly string[] = PERMIT_PREFIXES[region!];
  return prefixes.includes(id.slice(0, 6))
    ? undefined
    : { code: 'residence_permit.prefix', params: { prefix: id.slice(0, 6), expected: prefixes.join(' / ') } };
};

export function checkResidentId(value: string, opts: { now: Date }): FieldResult<string> {
  return checkGb11643(value, 'resident_id', provinceProblem, undefined, opts.now);
}

export function checkResidencePermit(
  value: string,
  region: 'hk_macao' | 'taiwan',
  opts: { now: Date },
): FieldResult<string> {
  return checkGb11643(value, 'residence_permit', permitPrefixProblem, region, opts.now);
}

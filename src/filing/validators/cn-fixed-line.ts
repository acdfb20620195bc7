/**
 * "Is this mainland national number a fixed line?" from libphonenumber's own CN metadata, with
 * its patterns compiled once. libphonenumber answers the same question in 10–15 µs, most of it
 * re-creating these regular expressions and the parse bookkeeping on every call.
 *
 * Only for the shape of an area code plus a local number (`10…`, `2x…`, `3xx…`–`9xx…`, 7–12
 * digits): there libphonenumber's parse of `+86<national>` strips no national prefix or carrier
 * code, so its answer is `getNumberType(national)` in {FIXED_LINE, FIXED_LINE_OR_MOBILE}, which
 * is exactly "matches the national pattern, has a fixed-line length and matches the fixed-line
 * pattern". Other numbers answer `undefined` and go through libphonenumber.
 * (Property-tested against parsePhoneNumberFromString + getType.)
 */
import { Metadata } from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/max/metadata';

/** The parts of libphonenumber's Metadata that its own getNumberType reads (not in its typings). */
interface NumberTypeDefinition {
  pattern(): string;
  possibleLengths(): number[] | undefined;
}
interface NumberingPlanReader {
  nationalNumberPattern(): string;
  type(name: 'FIXED_LINE'): NumberTypeDefinition | undefined;
}

const FAST_SHAPE = /^(?:10|[2-9]\d)\d{5,10}$/;

const plan = new Metadata(metadata);
plan.selectNumberingPlan('CN');
const reader = plan as unknown as NumberingPlanReader;
const entire = (pattern: string) => new RegExp(`^(?:${pattern})$`);
// These readers are not in libphonenumber's typings: should a release drop them, the fast path
// switches itself off (FIXED undefined) and every number goes through libphonenumber.
const readable = typeof reader.nationalNumberPattern === 'function' && typeof reader.type === 'function';
const NATIONAL = readable ? entire(reader.nationalNumberPattern()) : /$^/;
const fixed = readable ? reader.type('FIXED_LINE') : undefined;
const FIXED =
  typeof fixed?.pattern === 'function' && typeof fixed.possibleLengths === 'function' && fixed.pattern()
    ? entire(fixed.pattern())
    : undefined;
const FIXED_LENGTHS = new Set(fixed?.possibleLengths() ?? []);

/** true/false for national numbers of the area-code shape; undefined when libphonenumber must decide. */
export function isCnFixedLine(national: string): boolean | undefined {
  if (!FIXED || !FAST_SHAPE.test(national)) return undefined;
  if (!NATIONAL.test(national)) return false;
  if (FIXED_LENGTHS.size > 0 && !FIXED_LENGTHS.has(national.length)) return false;
  return FIXED.test(national);
}

/** fast-check generators of valid identifiers, built from the published structure of each code. */
import fc from 'fast-check';
import {
  organizationCodeCheckChar,
  RESIDENT_ID_PROVINCE_PREFIXES,
  residentIdCheckChar,
  USCC_ALPHABET,
  usccCheckChar,
} from '../../../src/filing/validators/index.ts';

const digits = (n: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });

/** Birth dates from 1900 to the end of 2025, as YYYYMMDD. */
export const birthDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2025-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10).replaceAll('-', ''));

export const NOW = new Date('2026-01-01T00:00:00Z');

export const residentId = fc
  .tuple(fc.constantFrom(...RESIDENT_ID_PROVINCE_PREFIXES), digits(4), birthDate, digits(3))
  .map(([province, division, date, sequence]) => {
    const first17 = `${province}${division}${date}${sequence}`;
    return first17 + residentIdCheckChar(first17);
  });

export const residencePermit = (prefix: string) =>
  fc.tuple(birthDate, digits(3)).map(([date, sequence]) => {
    const first17 = `${prefix}${date}${sequence}`;
    return first17 + residentIdCheckChar(first17);
  });

const usccChar = fc.constantFrom(...USCC_ALPHABET);

export const organizationBody = fc.string({ unit: usccChar, minLength: 8, maxLength: 8 });

export const organizationCode = organizationBody.map((body) => body + organizationCodeCheckChar(body));

export const uscc = fc
  .tuple(fc.constantFrom(...'123456789ANY'), usccChar, digits(6), organizationCode)
  .map(([authority, kind, division, org]) => {
    const first17 = `${authority}${kind}${division}${org}`;
    return first17 + usccCheckChar(first17);
  });

/** A position in `value` and a different character from `alphabet` to put there. */
export function substitution(value: string, alphabet: string) {
  return fc
    .tuple(fc.nat({ max: value.length - 1 }), fc.nat({ max: alphabet.length - 2 }))
    .map(([position, pick]) => {
      const others = [...alphabet].filter((c) => c !== value[position]);
      const replacement = others[pick % others.length]!;
      return {
        position,
        replacement,
        changed: value.slice(0, position) + replacement + value.slice(position + 1),
      };
    });
}

import fc from 'fast-check';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';

/**
 * checkOfficePhone asks libphonenumber for the number type only, relying on "valid ⇔ a type is
 * found" for mainland numbers; this holds that assumption against the installed metadata.
 */
describe('libphonenumber on mainland numbers', () => {
  it('finds a type exactly for the numbers it calls valid', () => {
    const national = fc.oneof(
      fc.stringMatching(/^(10|2\d|[3-9]\d\d)\d{7,8}$/),
      fc.stringMatching(/^1[3-9]\d{9}$/),
      fc.stringMatching(/^\d{3,14}$/),
    );
    fc.assert(
      fc.property(national, (digits) => {
        const parsed = parsePhoneNumberFromString(`+86${digits}`);
        if (parsed) expect(parsed.getType() !== undefined).toBe(parsed.isValid());
      }),
      { numRuns: 3_000 },
    );
  });
});

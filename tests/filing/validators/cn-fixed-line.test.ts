import fc from 'fast-check';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { isCnFixedLine } from '../../../src/filing/validators/cn-fixed-line.ts';
import { checkOfficePhone } from '../../../src/filing/validators/index.ts';

/** libphonenumber's own answer, as checkOfficePhone asked it before the fast path. */
function libphonenumberFixedLine(national: string): { fixed: boolean; nationalNumber?: string } {
  const parsed = parsePhoneNumberFromString(`+86${national}`);
  const type = parsed?.getType();
  const fixed = parsed?.isValid() === true && (type === 'FIXED_LINE' || type === 'FIXED_LINE_OR_MOBILE');
  return fixed ? { fixed, nationalNumber: parsed!.nationalNumber } : { fixed };
}

/** Real-looking area codes (two- and three-digit, without the 0) followed by local numbers. */
const areaShaped = fc
  .tuple(
    fc.oneof(
      fc.constantFrom('10', '20', '21', '22', '23', '24', '25', '27', '28', '29'),
      fc.integer({ min: 300, max: 999 }).map(String),
    ),
    fc.stringMatching(/^\d{4,10}$/),
  )
  .map(([area, local]) => area + local);

describe('isCnFixedLine', () => {
  it('answers as libphonenumber does wherever it answers, and keeps the national number', () => {
    let answered = 0;
    let fixed = 0;
    fc.assert(
      fc.property(fc.oneof(areaShaped, fc.stringMatching(/^\d{1,14}$/)), (national) => {
        const fast = isCnFixedLine(national);
        if (fast === undefined) return;
        answered++;
        const reference = libphonenumberFixedLine(national);
        expect(fast).toBe(reference.fixed);
        if (fast) {
          fixed++;
          expect(reference.nationalNumber).toBe(national);
        }
      }),
      { numRuns: 30_000 },
    );
    expect(answered).toBeGreaterThan(10_000);
    expect(fixed).toBeGreaterThan(1_000);
  });

  it('leaves other shapes to libphonenumber', () => {
    for (const national of ['13800138000', '11234567', '1790012345', '0591876543', '123', '59187654321234'])
      expect(isCnFixedLine(national), national).toBeUndefined();
  });
});

describe('checkOfficePhone with the fast path', () => {
  it('still canonicalises and rejects as before', () => {
    expect(checkOfficePhone('0591-87654321')).toEqual({ ok: true, value: '086-0591-87654321' });
    expect(checkOfficePhone('(010)84562120')).toEqual({ ok: true, value: '086-010-84562120' });
  });
});

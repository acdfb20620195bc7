import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkResidencePermit,
  checkResidentId,
  checkUscc,
  USCC_ALPHABET,
} from '../../../src/filing/validators/index.ts';
import { NOW, residentId, uscc } from './arbitraries.ts';

/**
 * Values already in canonical form skip normalisation. A leading blank is removed by that
 * normalisation but defeats the canonical test, so `' ' + value` takes the general path.
 */
const mutated = (valid: fc.Arbitrary<string>, alphabet: string) =>
  fc.oneof(
    valid,
    fc
      .tuple(valid, fc.nat({ max: 17 }), fc.constantFrom(...alphabet))
      .map(([v, i, c]) => v.slice(0, i) + c + v.slice(i + 1)),
    fc.string({ unit: fc.constantFrom(...alphabet), minLength: 17, maxLength: 19 }),
  );

describe('canonical fast paths', () => {
  it('checkUscc answers as the general path does', () => {
    fc.assert(
      fc.property(mutated(uscc, `${USCC_ALPHABET}IOZSVaxé０`), (value) => {
        expect(checkUscc(value)).toEqual(checkUscc(` ${value}`));
      }),
      { numRuns: 10_000 },
    );
  });

  it('checkResidentId and checkResidencePermit answer as the general path does', () => {
    fc.assert(
      fc.property(mutated(residentId, '0123456789Xx８'), (value) => {
        const opts = { now: NOW };
        expect(checkResidentId(value, opts)).toEqual(checkResidentId(` ${value}`, opts));
        expect(checkResidencePermit(value, 'hk_macao', opts)).toEqual(
          checkResidencePermit(` ${value}`, 'hk_macao', opts),
        );
      }),
      { numRuns: 10_000 },
    );
  });
});

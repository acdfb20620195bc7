import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  birthDateOf,
  checkResidencePermit,
  checkResidentId,
  residentIdCheckChar,
} from '../../../src/filing/validators/index.ts';
import { NOW, residencePermit, residentId, substitution } from './arbitraries.ts';

const now = NOW;

function codeOf(result: ReturnType<typeof checkResidentId>): string | undefined {
  return result.ok ? undefined : result.problems[0]?.code;
}

describe('checkResidentId', () => {
  it('accepts the GB 11643 worked example (Σ=167, 167 mod 11 = 2 → X)', () => {
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const sum = [...'11010519491231002'].reduce((s, c, i) => s + Number(c) * weights[i]!, 0);
    expect(sum).toBe(167);
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(checkResidentId('11010519491231002X', { now })).toEqual({ ok: true, value: '11010519491231002X' });
  });

  it('upper-cases a final x and ignores blanks', () => {
    expect(checkResidentId(' 110105 19491231 002x ', { now })).toEqual({
      ok: true,
      value: '11010519491231002X',
    });
  });

  it('rejects every single wrong digit of the worked example', () => {
    const id = '11010519491231002X';
    for (let i = 0; i < 17; i++) {
      for (const d of '0123456789') {
        if (d === id[i]) continue;
        const changed = id.slice(0, i) + d + id.slice(i + 1);
        expect(checkResidentId(changed, { now }).ok, changed).toBe(false);
      }
    }
    for (const c of '0123456789') {
      expect(codeOf(checkResidentId(`11010519491231002${c}`, { now }))).toBe('resident_id.checksum');
    }
  });

  it('names the expected check character', () => {
    expect(checkResidentId('110105194912310021', { now })).toEqual({
      ok: false,
      problems: [{ code: 'resident_id.checksum', params: { expected: 'X' } }],
    });
  });

  it('rejects wrong lengths and characters', () => {
    for (const bad of ['1101051949123100', '11010519491231002XX', '1101051949123100A2', '']) {
      expect(codeOf(checkResidentId(bad, { now })), bad).toBe('resident_id.format');
    }
  });

  it('rejects a prefix that is no mainland province', () => {
    for (const prefix of [
      '99',
      '10',
      '16',
      '20',
      '24',
      '30',
      '38',
      '47',
      '55',
      '60',
      '66',
      '71',
      '81',
      '83',
    ]) {
      const first17 = `${prefix}010519491231002`;
      expect(codeOf(checkResidentId(first17 + residentIdCheckChar(first17), { now })), prefix).toBe(
        'resident_id.province',
      );
    }
  });

  it('rejects dates that do not exist', () => {
    for (const date of ['19490230', '19490229', '19491301', '19490000', '19491232', '17991231']) {
      const first17 = `110105${date}002`;
      expect(codeOf(checkResidentId(first17 + residentIdCheckChar(first17), { now })), date).toBe(
        'resident_id.birth_date',
      );
    }
    const leap = '110105200002290021';
    const first17 = leap.slice(0, 17);
    expect(checkResidentId(first17 + residentIdCheckChar(first17), { now }).ok).toBe(true);
  });

  it('rejects a birth date after today in China, using the injected clock', () => {
    const first17 = '11010520260102002';
    const id = first17 + residentIdCheckChar(first17);
    expect(codeOf(checkResidentId(id, { now: new Date('2026-01-01T15:59:59Z') }))).toBe(
      'resident_id.birth_date_future',
    );
    // 2026-01-01T16:00Z is already 2 January in Beijing.
    expect(checkResidentId(id, { now: new Date('2026-01-01T16:00:00Z') }).ok).toBe(true);
  });

  it('accepts every generated valid ID', () => {
    fc.assert(fc.property(residentId, (id) => checkResidentId(id, { now }).ok));
  });

  it('rejects any single-character substitution of a valid ID (MOD 11-2 detects them all)', () => {
    fc.assert(
      fc.property(
        residentId.chain((id) => substitution(id, '0123456789X').map((s) => ({ id, ...s }))),
        ({ id, changed }) => {
          expect(changed).not.toBe(id);
          expect(checkResidentId(changed, { now }).ok).toBe(false);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('birthDateOf', () => {
  it('reads the birth date of an ID', () => {
    expect(birthDateOf('11010519491231002X')).toEqual({ year: 1949, month: 12, day: 31 });
    expect(birthDateOf('11010519490230002X')).toBeUndefined();
    expect(birthDateOf('1101')).toBeUndefined();
  });
});

describe('checkResidencePermit', () => {
  it('accepts Hong Kong, Macao and Taiwan permits under their prefixes only', () => {
    const hkMacao = fc.constantFrom('810000', '820000').chain(residencePermit);
    fc.assert(
      fc.property(hkMacao, (id) => {
        expect(checkResidencePermit(id, 'hk_macao', { now }).ok).toBe(true);
        expect(checkResidencePermit(id, 'taiwan', { now })).toMatchObject({
          ok: false,
          problems: [{ code: 'residence_permit.prefix', params: { expected: '830000' } }],
        });
      }),
    );
    fc.assert(fc.property(residencePermit('830000'), (id) => checkResidencePermit(id, 'taiwan', { now }).ok));
  });

  it('rejects a resident ID given as a residence permit', () => {
    expect(checkResidencePermit('11010519491231002X', 'hk_macao', { now })).toMatchObject({
      ok: false,
      problems: [
        { code: 'residence_permit.prefix', params: { prefix: '110105', expected: '810000 / 820000' } },
      ],
    });
  });

  it('checks the date and the check character like a resident ID', () => {
    expect(checkResidencePermit('810000199408230021', 'hk_macao', { now }).ok).toBe(true);
    expect(checkResidencePermit('810000199408230022', 'hk_macao', { now })).toMatchObject({
      ok: false,
      problems: [{ code: 'residence_permit.checksum', params: { expected: '1' } }],
    });
    const first17 = '81000019940230002';
    expect(checkResidencePermit(first17 + residentIdCheckChar(first17), 'hk_macao', { now })).toMatchObject({
      ok: false,
      problems: [{ code: 'residence_permit.birth_date' }],
    });
  });

  it('rejects any single-character substitution of a valid permit', () => {
    fc.assert(
      fc.property(
        residencePermit('830000').chain((id) => substitution(id, '0123456789X').map((s) => ({ id, ...s }))),
        ({ changed }) => !checkResidencePermit(changed, 'taiwan', { now }).ok,
      ),
      { numRuns: 1000 },
    );
  });
});

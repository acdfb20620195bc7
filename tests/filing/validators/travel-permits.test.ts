import { describe, expect, it } from 'vitest';
import {
  checkForeignPermanentResidenceId,
  checkHkMacaoTravelPermit,
  checkPassport,
  checkTaiwanTravelPermit,
  residentIdCheckChar,
} from '../../../src/filing/validators/index.ts';

const now = new Date('2026-01-01T00:00:00Z');

describe('checkHkMacaoTravelPermit', () => {
  it('accepts H/M with 8 or 10 digits, upper-casing', () => {
    expect(checkHkMacaoTravelPermit('h12345678')).toEqual({ ok: true, value: 'H12345678' });
    expect(checkHkMacaoTravelPermit('M1234567890')).toEqual({ ok: true, value: 'M1234567890' });
  });
  it('rejects other letters and lengths', () => {
    for (const bad of ['T12345678', 'H1234567', 'H123456789', '12345678', 'HM1234567']) {
      expect(checkHkMacaoTravelPermit(bad), bad).toEqual({
        ok: false,
        problems: [{ code: 'hk_macao_travel_permit.format' }],
      });
    }
  });
});

describe('checkTaiwanTravelPermit', () => {
  it('accepts the 8-digit card and 10-character booklets', () => {
    expect(checkTaiwanTravelPermit('12345678').ok).toBe(true);
    expect(checkTaiwanTravelPermit('1234567890').ok).toBe(true);
  });
  it('rejects other shapes', () => {
    for (const bad of ['1234567', '123456789', 'H12345678', '12345678901']) {
      expect(checkTaiwanTravelPermit(bad).ok, bad).toBe(false);
    }
  });
});

describe('checkPassport', () => {
  it('accepts Chinese and foreign passport numbers, upper-cased', () => {
    expect(checkPassport('e12345678')).toEqual({ ok: true, value: 'E12345678' });
    expect(checkPassport('EA1234567').ok).toBe(true);
    expect(checkPassport('533 401 372').ok).toBe(true);
  });
  it('rejects names, punctuation and implausible lengths', () => {
    for (const bad of ['ZHANGSAN', 'E123', 'E1234567890123456789X', 'E123#4567']) {
      expect(checkPassport(bad).ok, bad).toBe(false);
    }
  });
});

describe('checkForeignPermanentResidenceId', () => {
  it('accepts the old card format', () => {
    expect(checkForeignPermanentResidenceId('usa310000800101', { now })).toEqual({
      ok: true,
      value: 'USA310000800101',
    });
  });
  it('accepts a new card with a valid MOD 11-2 check and rejects a wrong check', () => {
    expect(checkForeignPermanentResidenceId('931840198001010017', { now }).ok).toBe(true);
    expect(checkForeignPermanentResidenceId('931840198001010018', { now })).toEqual({
      ok: false,
      problems: [{ code: 'foreign_permanent_residence_id.checksum', params: { expected: '7' } }],
    });
  });
  it('rejects impossible and future birth dates on the new card', () => {
    for (const date of ['19800230', '20260102']) {
      const first17 = `931840${date}001`;
      expect(
        checkForeignPermanentResidenceId(first17 + residentIdCheckChar(first17), { now }),
        date,
      ).toMatchObject({
        ok: false,
        problems: [{ code: 'foreign_permanent_residence_id.birth_date' }],
      });
    }
  });
  it('rejects a resident ID and other shapes', () => {
    for (const bad of ['11010519491231002X', 'US310000800101', 'USA31000080010']) {
      expect(checkForeignPermanentResidenceId(bad, { now })).toEqual({
        ok: false,
        problems: [{ code: 'foreign_permanent_residence_id.format' }],
      });
    }
  });
});

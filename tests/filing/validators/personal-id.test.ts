import { describe, expect, it } from 'vitest';
import { checkPersonalId, PERSONAL_ID_TYPES } from '../../../src/filing/validators/index.ts';

const now = new Date('2026-01-01T00:00:00Z');

const VALID: Record<(typeof PERSONAL_ID_TYPES)[number], string> = {
  resident_id: '11010519491231002x',
  passport: 'E12345678',
  taiwan_travel_permit: '12345678',
  hk_macao_travel_permit: 'H12345678',
  foreign_permanent_residence_id: '931840198001010017',
  hk_macao_residence_permit: '810000199408230021',
  taiwan_residence_permit: '830000199408230025',
};

describe('checkPersonalId', () => {
  it('dispatches each personal document type to its rule', () => {
    for (const type of PERSONAL_ID_TYPES) {
      expect(checkPersonalId(type, VALID[type], { now }).ok, type).toBe(true);
    }
    expect(checkPersonalId('resident_id', '11010519491231002x', { now })).toEqual({
      ok: true,
      value: '11010519491231002X',
    });
  });

  it('applies the rule of the chosen type, not of another', () => {
    expect(checkPersonalId('resident_id', 'H12345678', { now }).ok).toBe(false);
    expect(checkPersonalId('hk_macao_travel_permit', '11010519491231002X', { now }).ok).toBe(false);
    expect(checkPersonalId('taiwan_residence_permit', VALID.hk_macao_residence_permit, { now }).ok).toBe(
      false,
    );
  });

  it('rejects a type that is not a personal document', () => {
    expect(checkPersonalId('business_license', '91350100M000100Y43', { now })).toEqual({
      ok: false,
      problems: [{ code: 'personal_id.unknown_type', params: { type: 'business_license' } }],
    });
  });
});

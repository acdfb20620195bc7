import { describe, expect, it } from 'vitest';
import { checkDocumentNumber, ORGANISATION_DOCUMENT_TYPES } from '../../../src/filing/validators/index.ts';

const now = new Date('2026-01-01T00:00:00Z');
const USCC = '91350100M000100Y43';
const BAD_USCC = '91350100M000100Y44';

describe('checkDocumentNumber', () => {
  it('covers every organisational document type of filing-format.md', () => {
    expect([...ORGANISATION_DOCUMENT_TYPES].sort()).toEqual(
      [
        'business_license',
        'organization_code',
        'uscc_certificate',
        'institution_legal_person',
        'military_unit_code',
        'military_service_license',
        'foreign_enterprise_rep_office',
        'social_group_registration',
        'private_non_enterprise_registration',
        'social_service_registration',
        'private_school_license',
        'foundation_registration',
        'law_firm_license',
        'foreign_cultural_center_registration',
        'judicial_expertise_license',
        'religious_venue_registration',
        'overseas_institution_certificate',
        'medical_institution_license',
        'notary_license',
        'collective_economy_registration',
        'arbitration_registration',
      ].sort(),
    );
  });

  it('checks personal documents with the personal rules', () => {
    expect(checkDocumentNumber('resident_id', '11010519491231002x', { now })).toEqual({
      ok: true,
      value: '11010519491231002X',
    });
    expect(checkDocumentNumber('resident_id', '110105194912310021', { now }).ok).toBe(false);
  });

  it('requires a valid USCC for business licences and USCC certificates', () => {
    for (const type of ['business_license', 'uscc_certificate']) {
      expect(checkDocumentNumber(type, USCC, { now })).toEqual({ ok: true, value: USCC });
      expect(checkDocumentNumber(type, BAD_USCC, { now })).toMatchObject({
        ok: false,
        problems: [{ code: 'uscc.checksum' }],
      });
      expect(checkDocumentNumber(type, '京司鉴第0001号', { now })).toMatchObject({
        ok: false,
        problems: [{ code: 'uscc.format' }],
      });
    }
  });

  it('takes an organisation code or the USCC that replaced it', () => {
    expect(checkDocumentNumber('organization_code', 'M000100Y4', { now })).toEqual({
      ok: true,
      value: 'M000100Y-4',
    });
    expect(checkDocumentNumber('organization_code', 'M000100Y5', { now }).ok).toBe(false);
    expect(checkDocumentNumber('organization_code', USCC, { now }).ok).toBe(true);
    expect(checkDocumentNumber('organization_code', BAD_USCC, { now }).ok).toBe(false);
  });

  it('checks 18-character numbers of registrable organisations as USCCs, others for plausibility', () => {
    for (const type of ['institution_legal_person', 'law_firm_license', 'collective_economy_registration']) {
      expect(checkDocumentNumber(type, USCC, { now }).ok, type).toBe(true);
      expect(checkDocumentNumber(type, BAD_USCC, { now }).ok, type).toBe(false);
      expect(checkDocumentNumber(type, '事证第110000001234号', { now }).ok, type).toBe(true);
    }
  });

  it('gives military and overseas documents only the plausibility check', () => {
    expect(checkDocumentNumber('overseas_institution_certificate', 'C-1234567-ABCDEFGH', { now }).ok).toBe(
      true,
    );
    expect(checkDocumentNumber('military_unit_code', '61001', { now })).toEqual({ ok: true, value: '61001' });
  });

  it('rejects implausible numbers without any digit, too short or with stray symbols', () => {
    for (const bad of ['营业执照', '12', '1234$5678', 'x'.repeat(51)]) {
      expect(checkDocumentNumber('judicial_expertise_license', bad, { now }), bad).toEqual({
        ok: false,
        problems: [{ code: 'document_number.format' }],
      });
    }
  });

  it('rejects an unknown document type', () => {
    expect(checkDocumentNumber('library_card', '123456', { now })).toEqual({
      ok: false,
      problems: [{ code: 'document_number.unknown_type', params: { type: 'library_card' } }],
    });
  });
});

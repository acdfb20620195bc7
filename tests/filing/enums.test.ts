import { describe, expect, it } from 'vitest';
import {
  ACCESS_METHODS,
  DOCUMENT_TYPES_BY_NATURE,
  documentTypesFor,
  LANGUAGES,
  miitCode,
  NATURES,
  PERSONAL_ID_TYPES,
  PRE_APPROVAL_TYPES,
  requiredPreApprovals,
  SERVICES,
} from '../../src/filing/enums.ts';

describe('enumerations (filing-format.md)', () => {
  it('keeps the nature keys and MIIT codes', () => {
    expect(NATURES.map((n) => `${n.key}:${n.miit}`)).toEqual([
      'defense:1',
      'government:2',
      'institution:3',
      'enterprise:4',
      'individual:5',
      'social_group:6',
      'private_non_enterprise:9',
      'foundation:10',
      'law_firm:11',
      'foreign_cultural_center:12',
      'mass_organization:13',
      'judicial_expertise:14',
      'religious_group:15',
      'overseas_institution:16',
      'medical_institution:17',
      'notary:18',
      'collective_economy:19',
      'arbitration:20',
    ]);
  });

  it('uses powers of two for services, 1 to 8388608', () => {
    expect(SERVICES).toHaveLength(24);
    expect(SERVICES.map((s) => s.miit)).toEqual(SERVICES.map((_, i) => 2 ** i));
    expect(miitCode('service', 'other')).toBe(8388608);
    expect(miitCode('service', 'organization_portal')).toBe(128);
  });

  it('keeps languages 1–17, access methods and pre-approval codes', () => {
    expect(LANGUAGES.map((l) => l.miit)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    expect(miitCode('language', 'english')).toBe(12);
    expect(ACCESS_METHODS.map((a) => `${a.key}:${a.miit}`)).toEqual([
      'leased_line:1',
      'colocation:2',
      'virtual_host:4',
      'other:8',
      'cloud:16',
    ]);
    expect(miitCode('preApprovalType', 'religion')).toBe(16384);
    expect(PRE_APPROVAL_TYPES).toHaveLength(12);
  });

  it('allows document types per nature with the pair’s MIIT certificate id (§2.1)', () => {
    expect(documentTypesFor('enterprise')).toEqual([
      'business_license',
      'organization_code',
      'foreign_enterprise_rep_office',
    ]);
    expect(documentTypesFor('individual')).toEqual([...PERSONAL_ID_TYPES]);
    expect(miitCode('documentType', 'organization_code', 'government')).toBe(9);
    expect(miitCode('documentType', 'organization_code', 'institution')).toBe(3);
    expect(miitCode('documentType', 'business_license', 'individual')).toBeUndefined();
    expect(Object.keys(DOCUMENT_TYPES_BY_NATURE).sort()).toEqual(NATURES.map((n) => n.key).sort());
  });

  it('derives the pre-approvals a set of services needs, once each, in enumeration order', () => {
    expect(requiredPreApprovals(['online_video', 'news', 'online_music', 'online_games'])).toEqual([
      'news',
      'culture',
      'radio_film_tv',
    ]);
    expect(requiredPreApprovals(['organization_portal', 'other'])).toEqual([]);
  });
});

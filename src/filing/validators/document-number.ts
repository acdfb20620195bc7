/**
 * The sponsor's document number, checked by the rule of its document type (filing-format.md keys).
 *
 * Since the 2015–2017 registration reform (三证合一 / 统一社会信用代码) every registered organisation
 * receives a USCC, and most certificates print it as their number. Older certificates of some types
 * (事业单位法人证书, 民办学校办学许可证, 司法鉴定许可证, 医疗机构执业许可证 …) print numbers whose
 * format is not published in a form we can source, so for those an 18-character value is checked
 * as a USCC and anything else gets only the generic plausibility check below.
 */
import type { FieldResult } from '../catalog-types.ts';
import { compact } from './normalise.ts';
import { checkOrganizationCode } from './organization-code.ts';
import { checkPersonalId, isPersonalIdType } from './personal-id.ts';
import { fail, ok } from './result.ts';
import { checkUscc } from './uscc.ts';

/** Documents that are the USCC certificate itself (a business licence carries only the USCC since 2018). */
const USCC_ONLY = new Set(['business_license', 'uscc_certificate']);

/** Registered under a Chinese authority, so a USCC is issued; older numbers get the generic check. */
const USCC_OR_LEGACY = new Set([
  'institution_legal_person',
  'social_group_registration',
  'private_non_enterprise_registration',
  'social_service_registration',
  'private_school_license',
  'foundation_registration',
  'law_firm_license',
  'foreign_enterprise_rep_office',
  'foreign_cultural_center_registration',
  'judicial_expertise_license',
  'religious_venue_registration',
  'medical_institution_license',
  'notary_license',
  'collective_economy_registration',
  'arbitration_registration',
]);

/** Not issued by a civil registry (military) or by a foreign one: no USCC to expect. */
const LEGACY_ONLY = new Set([
  'military_unit_code',
  'military_service_license',
  'overseas_institution_certificate',
]);

export const ORGANISATION_DOCUMENT_TYPES: readonly string[] = [
  ...USCC_ONLY,
  'organization_code',
  ...USCC_OR_LEGACY,
  ...LEGACY_ONLY,
];

/**
 * Generic rule for numbers without a published format: 4–50 characters after removing blanks,
 * letters (Latin or Chinese, as in 京司鉴第0001号), digits and the brackets/dashes printed on
 * certificates, with at least one digit.
 */
function checkGenericNumber(value: string): FieldResult<string> {
  const v = compact(value).toUpperCase();
  const plausible = /^[0-9A-Z\u4e00-\u9fff()（）〔〕[\]【】\-—/]{4,50}$/u.test(v) && /\d/.test(v);
  return plausible ? ok(v) : fail('document_number.format');
}

function looksLikeUscc(value: string): boolean {
  return compact(value).length === 18;
}

export function checkDocumentNumber(
  documentType: string,
  value: string,
  opts: { now: Date },
): FieldResult<string> {
  if (isPersonalIdType(documentType)) return checkPersonalId(documentType, value, opts);
  if (USCC_ONLY.has(documentType)) return checkUscc(value);
  // The organisation code certificate was merged into the USCC; applicants often give the USCC here.
  if (documentType === 'organization_code')
    return looksLikeUscc(value) ? checkUscc(value) : checkOrganizationCode(value);
  if (USCC_OR_LEGACY.has(documentType))
    return looksLikeUscc(value) ? checkUscc(value) : checkGenericNumber(value);
  if (LEGACY_ONLY.has(documentType)) return checkGenericNumber(value);
  return fail('document_number.unknown_type', { type: documentType });
}

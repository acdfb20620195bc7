/** Single-value validators of the filing model: each takes what an applicant typed and returns the canonical value or coded problems. */
export { VALIDATOR_PROBLEM_CODES } from './codes.ts';
export { checkDocumentNumber, ORGANISATION_DOCUMENT_TYPES } from './document-number.ts';
export { checkDomain, checkHomepageUrl, displayHomepageUrl } from './domain.ts';
export { checkEmail } from './email.ts';
export { toDisplayHost } from './hostname.ts';
export { checkIpEntry } from './ip.ts';
export { splitList } from './list.ts';
export { checkOrganizationCode, organizationCodeCheckChar } from './organization-code.ts';
export { checkPersonalId, isPersonalIdType, PERSONAL_ID_TYPES, type PersonalIdType } from './personal-id.ts';
export { checkMobile, checkOfficePhone, isMobileNumber } from './phone.ts';
export {
  birthDateOf,
  checkResidencePermit,
  checkResidentId,
  RESIDENT_ID_PROVINCE_PREFIXES,
  residentIdCheckChar,
} from './resident-id.ts';
export {
  checkForeignPermanentResidenceId,
  checkHkMacaoTravelPermit,
  checkPassport,
  checkTaiwanTravelPermit,
} from './travel-permits.ts';
export { checkUscc, USCC_ALPHABET, usccCheckChar } from './uscc.ts';

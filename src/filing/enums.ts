/**
 * Enumerations of the filing document (filing-format.md): stable snake_case keys stored in the
 * document, MIIT codes kept for exports. Labels live in `filing:enums.<enum>.<key>`.
 */

export interface EnumEntry<K extends string = string> {
  key: K;
  miit: number;
}

function entries<const K extends string>(pairs: readonly (readonly [K, number])[]): EnumEntry<K>[] {
  return pairs.map(([key, miit]) => ({ key, miit }));
}

export const FILING_TYPES = [
  'first_filing',
  'new_website',
  'new_access',
  'change',
  'cancel_website',
  'cancel_sponsor',
  'remove_access',
] as const;
export type FilingType = (typeof FILING_TYPES)[number];

/** Why a cancellation (注销网站, 注销主体) is asked for; `other` comes with `reasonText`. */
export const CANCEL_REASONS = ['no_longer_operated', 'domain_expired', 'merged_or_closed', 'other'] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

export const NATURES = entries([
  ['defense', 1],
  ['government', 2],
  ['institution', 3],
  ['enterprise', 4],
  ['individual', 5],
  ['social_group', 6],
  ['private_non_enterprise', 9],
  ['foundation', 10],
  ['law_firm', 11],
  ['foreign_cultural_center', 12],
  ['mass_organization', 13],
  ['judicial_expertise', 14],
  ['religious_group', 15],
  ['overseas_institution', 16],
  ['medical_institution', 17],
  ['notary', 18],
  ['collective_economy', 19],
  ['arbitration', 20],
] as const);
export type Nature = (typeof NATURES)[number]['key'];

export const PERSONAL_ID_TYPES = [
  'resident_id',
  'passport',
  'taiwan_travel_permit',
  'hk_macao_travel_permit',
  'foreign_permanent_residence_id',
  'hk_macao_residence_permit',
  'taiwan_residence_permit',
] as const;
export type PersonalIdType = (typeof PERSONAL_ID_TYPES)[number];

export const ORGANISATION_DOCUMENT_TYPES = [
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
] as const;

export const DOCUMENT_TYPES = [...PERSONAL_ID_TYPES, ...ORGANISATION_DOCUMENT_TYPES] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/**
 * Which certificates each nature may file with, with the MIIT certificate id (icp-domain.md §2.1).
 * The MIIT id belongs to the (nature, document) pair: 组织机构代码证 is 9 for 政府机关 but 3 for 事业单位.
 */
export const DOCUMENT_TYPES_BY_NATURE: Record<Nature, EnumEntry<DocumentType>[]> = {
  defense: entries([
    ['military_unit_code', 5],
    ['military_service_license', 23],
  ]),
  government: entries([
    ['organization_code', 9],
    ['uscc_certificate', 13],
  ]),
  institution: entries([
    ['organization_code', 3],
    ['institution_legal_person', 4],
    ['uscc_certificate', 15],
  ]),
  enterprise: entries([
    ['business_license', 1],
    ['organization_code', 12],
    ['foreign_enterprise_rep_office', 27],
  ]),
  individual: entries([
    ['resident_id', 2],
    ['passport', 7],
    ['taiwan_travel_permit', 11],
    ['hk_macao_travel_permit', 14],
    ['foreign_permanent_residence_id', 30],
    ['hk_macao_residence_permit', 41],
    ['taiwan_residence_permit', 42],
  ]),
  social_group: entries([
    ['social_group_registration', 6],
    ['organization_code', 10],
  ]),
  private_non_enterprise: entries([
    ['organization_code', 16],
    ['private_non_enterprise_registration', 17],
    ['social_service_registration', 36],
    ['private_school_license', 37],
  ]),
  foundation: entries([
    ['organization_code', 18],
    ['foundation_registration', 19],
  ]),
  law_firm: entries([
    ['organization_code', 20],
    ['law_firm_license', 21],
  ]),
  foreign_cultural_center: entries([['foreign_cultural_center_registration', 22]]),
  mass_organization: entries([['uscc_certificate', 24]]),
  judicial_expertise: entries([['judicial_expertise_license', 28]]),
  religious_group: entries([['religious_venue_registration', 25]]),
  overseas_institution: entries([['overseas_institution_certificate', 35]]),
  medical_institution: entries([['medical_institution_license', 38]]),
  notary: entries([['notary_license', 39]]),
  collective_economy: entries([['collective_economy_registration', 43]]),
  arbitration: entries([['arbitration_registration', 44]]),
};

export const SERVICES = entries([
  ['instant_messaging', 1],
  ['search_engine', 2],
  ['portal', 4],
  ['webmail', 8],
  ['news', 16],
  ['blog', 32],
  ['advertising', 64],
  ['organization_portal', 128],
  ['online_shopping', 256],
  ['online_payment', 512],
  ['online_banking', 1024],
  ['online_securities', 2048],
  ['online_games', 4096],
  ['online_music', 8192],
  ['online_video', 16384],
  ['online_pictures', 32768],
  ['software_download', 65536],
  ['job_search', 131072],
  ['dating', 262144],
  ['real_estate', 524288],
  ['online_education', 1048576],
  ['web_building', 2097152],
  ['wap', 4194304],
  ['other', 8388608],
] as const);
export type Service = (typeof SERVICES)[number]['key'];

export const PRE_APPROVAL_TYPES = entries([
  ['news', 1],
  ['publishing', 2],
  ['education', 4],
  ['medical', 8],
  ['drugs_medical_devices', 16],
  ['bulletin_board', 32],
  ['culture', 256],
  ['radio_film_tv', 512],
  ['ride_hailing', 2048],
  ['internet_finance', 4096],
  ['off_campus_training', 8192],
  ['religion', 16384],
] as const);
export type PreApprovalType = (typeof PRE_APPROVAL_TYPES)[number]['key'];

/**
 * Services that cannot be filed without a licence from the sector's regulator (icp-domain.md §2.2).
 * news → 互联网新闻信息服务许可证; online_education → the education department's approval (abolished
 * nationally, still asked by several provinces, so we keep asking); online_music and online_games →
 * 网络文化经营许可证 (culture); online_video → 信息网络传播视听节目许可证 (radio_film_tv); payment,
 * banking and securities → the financial regulator's approval (internet_finance). Types with no
 * matching service (medical, drugs, religion, ride-hailing, publishing...) are accepted in a document
 * but never demanded.
 */
export const PRE_APPROVAL_BY_SERVICE: Partial<Record<Service, PreApprovalType>> = {
  news: 'news',
  online_education: 'education',
  online_music: 'culture',
  online_games: 'culture',
  online_video: 'radio_film_tv',
  online_payment: 'internet_finance',
  online_banking: 'internet_finance',
  online_securities: 'internet_finance',
};

/**
 * What an individual may publish (icp-domain.md §2.5: personal content only; no enterprise, forum,
 * commercial or licensed content): a blog/personal space, personal photos, own software, or "other".
 */
export const INDIVIDUAL_SERVICES: readonly Service[] = [
  'blog',
  'online_pictures',
  'software_download',
  'other',
];
export const INDIVIDUAL_MAX_SERVICES = 5;

export const LANGUAGES = entries([
  ['zh_hans', 1],
  ['zh_hant', 2],
  ['uyghur', 3],
  ['kazakh', 4],
  ['kyrgyz', 5],
  ['mongolian', 6],
  ['tibetan', 7],
  ['zhuang', 8],
  ['korean', 9],
  ['yi', 10],
  ['miao', 11],
  ['english', 12],
  ['japanese', 13],
  ['french', 14],
  ['russian', 15],
  ['spanish', 16],
  ['arabic', 17],
] as const);
export type Language = (typeof LANGUAGES)[number]['key'];

export const ACCESS_METHODS = entries([
  ['leased_line', 1],
  ['colocation', 2],
  ['virtual_host', 4],
  ['other', 8],
  ['cloud', 16],
] as const);
export type AccessMethod = (typeof ACCESS_METHODS)[number]['key'];

export const MATERIAL_KINDS = [
  'sponsor_certificate',
  'sponsor_principal_id_front',
  'sponsor_principal_id_back',
  'website_principal_id_front',
  'website_principal_id_back',
  'verification_form',
  'domain_certificate',
  'commitment_letter',
  'authorisation_letter',
  'pre_approval',
  'other',
] as const;
export type MaterialKind = (typeof MATERIAL_KINDS)[number];

/** A website's principal is either this marker or a full principal object. */
export const SAME_AS_SPONSOR_PRINCIPAL = 'same_as_sponsor_principal';
export const LONG_TERM = 'long_term';

/** Every enumeration, by the name used in `filing:enums.<name>.<key>`. */
export const ENUMS: Record<string, readonly string[]> = {
  filingType: FILING_TYPES,
  cancelReason: CANCEL_REASONS,
  nature: NATURES.map((e) => e.key),
  documentType: DOCUMENT_TYPES,
  service: SERVICES.map((e) => e.key),
  preApprovalType: PRE_APPROVAL_TYPES.map((e) => e.key),
  language: LANGUAGES.map((e) => e.key),
  accessMethod: ACCESS_METHODS.map((e) => e.key),
  materialKind: MATERIAL_KINDS,
  principalChoice: [SAME_AS_SPONSOR_PRINCIPAL, 'own'],
};

export function enumLabelKey(name: string, key: string): string {
  return `filing:enums.${name}.${key}`;
}

const MIIT: Record<string, Map<string, number>> = {
  nature: new Map(NATURES.map((e) => [e.key, e.miit])),
  service: new Map(SERVICES.map((e) => [e.key, e.miit])),
  preApprovalType: new Map(PRE_APPROVAL_TYPES.map((e) => [e.key, e.miit])),
  language: new Map(LANGUAGES.map((e) => [e.key, e.miit])),
  accessMethod: new Map(ACCESS_METHODS.map((e) => [e.key, e.miit])),
};

/** MIIT code of an enumeration value; document types need the nature (see DOCUMENT_TYPES_BY_NATURE). */
export function miitCode(name: string, key: string, nature?: Nature): number | undefined {
  if (name === 'documentType') {
    return nature ? DOCUMENT_TYPES_BY_NATURE[nature]?.find((e) => e.key === key)?.miit : undefined;
  }
  return MIIT[name]?.get(key);
}

export function isNature(value: unknown): value is Nature {
  return typeof value === 'string' && MIIT.nature!.has(value);
}

export function documentTypesFor(nature: Nature): DocumentType[] {
  return DOCUMENT_TYPES_BY_NATURE[nature].map((e) => e.key);
}

const PRE_APPROVAL_KEYS = PRE_APPROVAL_TYPES.map((e) => e.key);

/** The pre-approval types a set of services demands, in enumeration order, without duplicates. */
export function requiredPreApprovals(services: readonly string[]): PreApprovalType[] {
  const wanted = new Set<string>();
  for (const s of services) {
    const type = PRE_APPROVAL_BY_SERVICE[s as Service];
    if (type) wanted.add(type);
  }
  return PRE_APPROVAL_KEYS.filter((k) => wanted.has(k));
}

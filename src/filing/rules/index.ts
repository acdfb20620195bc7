/** Every cross-field rule, and every problem code the filing model itself emits (validators' are A1's). */
import { orderRules } from '../orders/order-rules.ts';
import { individualRules } from './individual-rules.ts';
import { addresses, residentIdNames } from './plausibility-rules.ts';
import { personalIdTypes, principalContacts } from './principal-rules.ts';
import {
  individualSiteNamePlace,
  mailingAddressInDivision,
  outOfProvinceIndividual,
} from './province-rules.ts';
import type { Rule } from './report.ts';
import { divisionChain, documentTypeForNature } from './sponsor-rules.ts';
import { preApprovals, serverProvince, siteNames, uniqueDomains } from './website-rules.ts';

export type { Report, Rule } from './report.ts';

export const rules: readonly Rule[] = [
  documentTypeForNature,
  divisionChain,
  individualRules,
  personalIdTypes,
  principalContacts,
  siteNames,
  preApprovals,
  uniqueDomains,
  serverProvince,
  outOfProvinceIndividual,
  individualSiteNamePlace,
  mailingAddressInDivision,
  ...orderRules,
  residentIdNames,
  addresses,
];

/** Codes emitted by the catalog, the schema and the rules; each has a text in locales/<lang>/errors.rules.json. */
export const RULE_PROBLEM_CODES = [
  // catalog and schema
  'required',
  'type.invalid',
  'choice.invalid',
  'unknown_field',
  'value.not_canonical',
  'text.too_long',
  'list.duplicate',
  'list.too_long',
  'date.invalid',
  'division.not_found',
  'division.ambiguous',
  'id_validity.expired',
  'id_validity.too_soon',
  'pre_approval.count',
  'pre_approval.licence_number',
  'id_type.not_personal',
  // rules
  'document_type.not_for_nature',
  'individual.name_mismatch',
  'individual.investor_mismatch',
  'individual.id_mismatch',
  'individual.under_18',
  'individual.service_not_personal',
  'individual.too_many_services',
  'individual.pre_approval',
  'individual.site_name_word',
  'principal.emergency_same_as_mobile',
  'name.not_chinese',
  'address.implausible',
  'principal.shared_mobile',
  'principal.shared_email',
  'site_name.is_domain',
  'site_name.latin_only',
  'site_name.too_short',
  'site_name.reserved_word',
  'pre_approval.missing',
  'pre_approval.duplicate',
  'domain.other_website',
  'individual.out_of_province_refused',
  'individual.site_name_place',
  'sponsor.mailing_address_outside',
] as const;

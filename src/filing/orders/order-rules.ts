/** Rules only orders on an existing number have: ICP numbers against the document, and a change's sections. */
import { strings } from '../catalog/draft.ts';
import type { Rule } from '../rules/report.ts';
import { sponsorNumberProvince, websiteNumbersOfSponsor } from './icp-numbers.ts';
import { changeableSections } from './order-fields.ts';

/** A change names sections this document has (a website index past the end is a mistake, not a new website). */
export const changedSectionsExist: Rule = (doc, now, report) => {
  if (!Array.isArray(doc.changedSections)) return;
  const known = new Set(changeableSections({ filing: doc, now }).map((o) => o.value));
  strings(doc.changedSections).forEach((value, i) => {
    if (!known.has(value)) report(`changedSections.${i}`, 'changed_sections.unknown', { value });
  });
};

export const orderRules: readonly Rule[] = [
  sponsorNumberProvince,
  websiteNumbersOfSponsor,
  changedSectionsExist,
];

/** Codes the order model emits; texts in locales/<lang>/errors.orders.json (icp_number.format and the
 * abbreviation codes are the review's, in errors.review.json: one text for one mistake). */
export const ORDER_PROBLEM_CODES = [
  'icp_number.format',
  'icp_number.wrong_abbreviation',
  'icp_number.province_mismatch',
  'icp_number.sponsor_expected',
  'icp_number.website_expected',
  'icp_number.other_sponsor',
  'icp_number.duplicate',
  'changed_sections.unknown',
] as const;

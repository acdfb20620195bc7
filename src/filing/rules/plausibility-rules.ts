/**
 * Checks a real applicant expects (issue 17): the name of a resident-ID holder is written in
 * Chinese characters, as on the card (ethnic-minority names join their parts with a middle dot:
 * 买买提·艾力); an address names a place or carries a number, so a person's name typed into it is
 * caught at once rather than by the reviewers.
 */
import { obj, ownPrincipalOf, str, websitesOf } from '../catalog/draft.ts';
import type { Report, Rule } from './report.ts';

/** Han characters, optionally parts joined by a middle dot (·, ・, •, ．as typed on various keyboards). */
const CHINESE_NAME = /^\p{Script=Han}+(?:[·・•．.]\p{Script=Han}+)*$/u;

export function isChineseName(name: string): boolean {
  return CHINESE_NAME.test(name.trim().replace(/\s+/g, ''));
}

/** Outside the rule: a closure named inside it would be named again on every validation (tsx). */
function checkName(report: Report, path: string, name: unknown, idType: unknown): void {
  const value = str(name);
  if (idType === 'resident_id' && value !== undefined && value.trim() !== '' && !isChineseName(value)) {
    report(path, 'name.not_chinese');
  }
}

export const residentIdNames: Rule = (doc, _now, report) => {
  const sponsor = obj(doc.sponsor);
  if (sponsor?.nature === 'individual') checkName(report, 'sponsor.name', sponsor.name, sponsor.documentType);
  const principal = obj(doc.sponsorPrincipal);
  checkName(report, 'sponsorPrincipal.name', principal?.name, principal?.idType);
  websitesOf(doc).forEach((website, i) => {
    const own = ownPrincipalOf(obj(website));
    checkName(report, `websites.${i}.principal.name`, own?.name, own?.idType);
  });
};

/** Words that name a place or a part of an address, in Chinese and in English. */
const PLACE_WORDS =
  /[省市区县镇乡村路街道巷弄号楼栋室层幢座院园里屯旗盟州]|\b(?:road|rd|street|st|avenue|ave|lane|district|city|county|province|town|village|building|bldg|floor|room|no)\b/iu;

export function looksLikeAddress(value: string): boolean {
  return /\d/.test(value) || PLACE_WORDS.test(value);
}

export const addresses: Rule = (doc, _now, report) => {
  const sponsor = obj(doc.sponsor);
  for (const key of ['documentAddress', 'mailingAddress'] as const) {
    const value = str(sponsor?.[key]);
    if (value !== undefined && value.trim() !== '' && !looksLikeAddress(value)) {
      report(`sponsor.${key}`, 'address.implausible');
    }
  }
};

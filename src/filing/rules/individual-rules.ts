/**
 * Individuals (个人) file for themselves: the sponsor is the principal, content is personal, the
 * site name must not suggest a business or an organisation, and the applicant is an adult
 * (icp-domain.md §1.1, §2.5).
 */
import { obj, ownPrincipalOf, str, strings, websitesOf } from '../catalog/draft.ts';
import { INDIVIDUAL_MAX_SERVICES, INDIVIDUAL_SERVICES, SERVICES, type Service } from '../enums.ts';
import { birthDateOf } from '../validators/index.ts';
import type { Rule } from './report.ts';

/** Words that make a personal site name look commercial or organisational (§2.5 plus common rejections). */
export const INDIVIDUAL_FORBIDDEN_NAME_WORDS = [
  '购买',
  '交易',
  '电子商务',
  '商城',
  '商贸',
  '公司',
  '企业',
  '集团',
  '俱乐部',
  '社区',
  '论坛',
  '协会',
  '工作室',
  '官方',
] as const;

export const ADULT_AGE = 18;
const KNOWN_SERVICES = new Set<string>(SERVICES.map((s) => s.key));
/** Only these carry the birth date in the number (GB 11643 layout). */
const BIRTH_DATE_ID_TYPES = new Set(['resident_id', 'hk_macao_residence_permit', 'taiwan_residence_permit']);

function ageAt(birth: { year: number; month: number; day: number }, now: Date): number {
  const china = new Date(now.getTime() + 8 * 3_600_000);
  const y = china.getUTCFullYear();
  const md = (china.getUTCMonth() + 1) * 100 + china.getUTCDate();
  return y - birth.year - (md < birth.month * 100 + birth.day ? 1 : 0);
}

export const individualRules: Rule = (doc, now, report) => {
  const sponsor = obj(doc.sponsor);
  if (sponsor?.nature !== 'individual') return;
  const name = str(sponsor.name)?.trim();
  const principal = obj(doc.sponsorPrincipal);

  const principalName = str(principal?.name)?.trim();
  if (name && principalName !== undefined && principalName !== name) {
    report('sponsorPrincipal.name', 'individual.name_mismatch', { name });
  }
  const investor = str(sponsor.investor)?.trim();
  if (name && investor !== undefined && investor !== name) {
    report('sponsor.investor', 'individual.investor_mismatch', { name });
  }

  // The individual's certificate is the principal's own ID.
  const docType = str(sponsor.documentType);
  const idType = str(principal?.idType);
  if (docType !== undefined && idType !== undefined && docType !== idType) {
    report('sponsorPrincipal.idType', 'individual.id_mismatch');
  } else {
    const docNumber = str(sponsor.documentNumber)?.toUpperCase();
    const idNumber = str(principal?.idNumber)?.toUpperCase();
    if (docNumber !== undefined && idNumber !== undefined && docNumber !== idNumber) {
      report('sponsorPrincipal.idNumber', 'individual.id_mismatch');
    }
  }

  const idNumber = str(principal?.idNumber);
  if (idType !== undefined && idNumber !== undefined && BIRTH_DATE_ID_TYPES.has(idType)) {
    const birth = birthDateOf(idNumber);
    if (birth && ageAt(birth, now) < ADULT_AGE) {
      report('sponsorPrincipal.idNumber', 'individual.under_18', { age: ageAt(birth, now), min: ADULT_AGE });
    }
  }

  websitesOf(doc).forEach((raw, i) => {
    const website = obj(raw);
    if (!website) return;
    const services = strings(website.services);
    services.forEach((service, j) => {
      if (KNOWN_SERVICES.has(service) && !INDIVIDUAL_SERVICES.includes(service as Service)) {
        report(`websites.${i}.services.${j}`, 'individual.service_not_personal', { service });
      }
    });
    if (services.length > INDIVIDUAL_MAX_SERVICES) {
      report(`websites.${i}.services`, 'individual.too_many_services', { max: INDIVIDUAL_MAX_SERVICES });
    }
    if (Array.isArray(website.preApprovals) && website.preApprovals.length > 0) {
      report(`websites.${i}.preApprovals`, 'individual.pre_approval');
    }
    const siteName = str(website.name);
    const word = siteName && INDIVIDUAL_FORBIDDEN_NAME_WORDS.find((w) => siteName.includes(w));
    if (word) report(`websites.${i}.name`, 'individual.site_name_word', { word });
    const own = ownPrincipalOf(website);
    const ownName = str(own?.name)?.trim();
    if (name && ownName !== undefined && ownName !== name) {
      report(`websites.${i}.principal.name`, 'individual.name_mismatch', { name });
    }
  });
};

/**
 * A filing document (filing-format.md) read for printing: every field as text, lists as arrays,
 * `same_as_sponsor_principal` resolved. Lenient on purpose: the chat may print a form before
 * every optional answer exists, so a missing value is an empty string, never an exception.
 */

import { objOrEmpty, websitesOf } from '../../filing/catalog/draft.ts';
import type { DraftFiling } from '../../filing/catalog-types.ts';
import { divisionByCode } from '../../filing/divisions/index.ts';
import type { Lang } from '../../i18n/index.ts';

export interface PrincipalView {
  name: string;
  idType: string;
  idNumber: string;
  idValidUntil: string;
  officePhone: string;
  mobiles: string[];
  emergencyPhone: string;
  emails: string[];
}

export interface WebsiteView {
  index: number;
  name: string;
  icpNumber: string;
  domains: string[];
  homepageUrl: string;
  services: string[];
  preApprovals: { type: string; licenceNumber: string }[];
  languages: string[];
  /** True when the website names its own principal object (who may still be the same person). */
  ownPrincipal: boolean;
  principal: PrincipalView;
  ips: string[];
  accessMethod: string;
  serverProvince: string;
  remarks: string;
}

export interface FilingView {
  filingType: string;
  icpNumber: string;
  sponsor: {
    name: string;
    nature: string;
    documentType: string;
    documentNumber: string;
    province: string;
    city: string;
    county: string;
    documentAddress: string;
    mailingAddress: string;
    investor: string;
  };
  individual: boolean;
  sponsorPrincipal: PrincipalView;
  websites: WebsiteView[];
}

export function viewFiling(filing: DraftFiling): FilingView {
  const sponsor = objOrEmpty(filing.sponsor);
  const sponsorPrincipal = principalView(objOrEmpty(filing.sponsorPrincipal));
  const websites = websitesOf(filing).map((raw, index): WebsiteView => {
    const site = objOrEmpty(raw);
    const own = objOrEmpty(site.principal);
    const access = objOrEmpty(site.access);
    return {
      index,
      name: text(site.name),
      icpNumber: text(site.icpNumber),
      domains: strings(site.domains),
      homepageUrl: text(site.homepageUrl),
      services: strings(site.services),
      preApprovals: list(site.preApprovals).map((p) => ({
        type: text(objOrEmpty(p).type),
        licenceNumber: text(objOrEmpty(p).licenceNumber),
      })),
      languages: strings(site.languages),
      ownPrincipal: Object.keys(own).length > 0,
      principal: Object.keys(own).length > 0 ? principalView(own) : sponsorPrincipal,
      ips: strings(access.ips),
      accessMethod: text(access.method),
      serverProvince: text(access.serverProvince),
      remarks: text(site.remarks),
    };
  });
  return {
    filingType: text(filing.filingType),
    icpNumber: text(filing.icpNumber),
    sponsor: {
      name: text(sponsor.name),
      nature: text(sponsor.nature),
      documentType: text(sponsor.documentType),
      documentNumber: text(sponsor.documentNumber),
      province: text(sponsor.province),
      city: text(sponsor.city),
      county: text(sponsor.county),
      documentAddress: text(sponsor.documentAddress),
      mailingAddress: text(sponsor.mailingAddress),
      investor: text(sponsor.investor),
    },
    individual: text(sponsor.nature) === 'individual',
    sponsorPrincipal,
    websites,
  };
}

/** Names of a chain of division codes, e.g. 福建省 福州市 鼓楼区 (Fujian, Fuzhou, Gulou). */
export function divisionNames(codes: string[], lang: Lang): string {
  const names = codes
    .filter((code) => code !== '')
    .map((code) => {
      const division = divisionByCode(code);
      if (!division) return code;
      return lang === 'zh' ? division.nameZh : `${division.nameEn} ${division.nameZh}`;
    });
  return names.join(lang === 'zh' ? '' : ', ');
}

function principalView(p: Record<string, unknown>): PrincipalView {
  return {
    name: text(p.name),
    idType: text(p.idType),
    idNumber: text(p.idNumber),
    idValidUntil: text(p.idValidUntil),
    officePhone: text(p.officePhone),
    mobiles: strings(p.mobiles),
    emergencyPhone: text(p.emergencyPhone),
    emails: strings(p.emails),
  };
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function strings(value: unknown): string[] {
  return list(value).filter((v): v is string => typeof v === 'string' && v.trim() !== '');
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/**
 * Province rules (icp-domain.md §2.5, §5.4) as data plus three small rules: where an out-of-province
 * individual may file, that an individual's site name carries no place name, and that the mailing
 * address lies in the chosen division. Provinces change these often: edit the table, not the code.
 */
import { obj, str, websitesOf } from '../catalog/draft.ts';
import {
  checkDivisionChain,
  citiesOf,
  countiesOf,
  type Division,
  divisionByCode,
  provinces,
} from '../divisions/index.ts';
import { splitName } from '../divisions/names.ts';
import type { Rule } from './report.ts';

/** What a province does with an individual whose resident ID was issued in another province. */
export type OutOfProvincePolicy = 'residence_permit' | 'refused';

/** By the first two digits of the GB/T 2260 code (§5.4; unlisted provinces accept them as they are). */
export const OUT_OF_PROVINCE_INDIVIDUALS: Readonly<Record<string, OutOfProvincePolicy>> = {
  '31': 'residence_permit', // Shanghai
  '32': 'residence_permit', // Jiangsu
  '44': 'residence_permit', // Guangdong
  '51': 'residence_permit', // Sichuan
  '42': 'residence_permit', // Hubei
  '35': 'residence_permit', // Fujian
  '52': 'residence_permit', // Guizhou
  '22': 'residence_permit', // Jilin
  '15': 'residence_permit', // Inner Mongolia
  '36': 'residence_permit', // Jiangxi
  '41': 'refused', // Henan
  '23': 'refused', // Heilongjiang
  '62': 'refused', // Gansu
  '64': 'refused', // Ningxia
  '63': 'refused', // Qinghai
  '14': 'refused', // Shanxi
  '50': 'refused', // Chongqing
  '65': 'refused', // Xinjiang
  '53': 'refused', // Yunnan
};

/** The province (2-digit prefix) of an individual's resident ID, when it differs from the filing province. */
export function outOfProvincePrefix(
  sponsor: Record<string, unknown> | undefined,
  principal: Record<string, unknown> | undefined,
): string | undefined {
  const province = str(sponsor?.province)?.slice(0, 2);
  const idType = str(principal?.idType) ?? str(sponsor?.documentType);
  const idNumber = str(principal?.idNumber) ?? str(sponsor?.documentNumber);
  if (sponsor?.nature !== 'individual' || idType !== 'resident_id' || !province || !idNumber)
    return undefined;
  const issued = idNumber.slice(0, 2);
  return /^\d{2}$/.test(issued) && issued !== province ? issued : undefined;
}

/** Short and full names of a division, longest first (`鼓楼区`, `鼓楼`); fillers such as 市辖区 have none. */
function divisionNames(division: Division | undefined): readonly string[] {
  if (!division || /直辖|^市辖区$|^县$/.test(division.nameZh)) return [];
  const short = splitName(division.nameZh).short;
  return short.length >= 2 && short !== division.nameZh ? [division.nameZh, short] : [division.nameZh];
}

// Every validated document asks for these names (the mailing-address rule for each order type):
// splitting names per document cost a quarter of a validation, so they are split once per division.
const namesByCode = new Map<string, readonly string[]>();
function namesOf(division: Division | undefined): readonly string[] {
  if (!division) return [];
  let names = namesByCode.get(division.code);
  if (!names) {
    names = divisionNames(division);
    namesByCode.set(division.code, names);
  }
  return names;
}

let provinceNames: readonly { code: string; names: readonly string[] }[] | undefined;
/** The 34 provinces with their names, built on first use (the mailing-address rule scans them all). */
function provincesWithNames(): readonly { code: string; names: readonly string[] }[] {
  provinceNames ??= provinces().map((p) => ({ code: p.code, names: namesOf(p) }));
  return provinceNames;
}

let placeNames: string[] | undefined;
/** Province and city names (full and short), built once: what a personal site name must not carry. */
function provinceAndCityNames(): string[] {
  if (!placeNames) {
    const names = new Set<string>();
    for (const p of provinces()) {
      for (const n of namesOf(p)) names.add(n);
      for (const c of citiesOf(p.code)) for (const n of namesOf(c)) names.add(n);
    }
    placeNames = [...names].sort((a, b) => b.length - a.length);
  }
  return placeNames;
}

export const outOfProvinceIndividual: Rule = (doc, _now, report) => {
  const sponsor = obj(doc.sponsor);
  const issued = outOfProvincePrefix(sponsor, obj(doc.sponsorPrincipal));
  const province = str(sponsor?.province);
  if (!issued || !province || OUT_OF_PROVINCE_INDIVIDUALS[province.slice(0, 2)] !== 'refused') return;
  report('sponsor.province', 'individual.out_of_province_refused', {
    province: divisionByCode(`${province.slice(0, 2)}0000`)?.nameZh ?? province,
    issued: divisionByCode(`${issued}0000`)?.nameZh ?? issued,
  });
};

export const individualSiteNamePlace: Rule = (doc, _now, report) => {
  const sponsor = obj(doc.sponsor);
  if (sponsor?.nature !== 'individual') return;
  const county = str(sponsor.county);
  const local = county ? namesOf(divisionByCode(county)) : [];
  websitesOf(doc).forEach((raw, i) => {
    const name = str(obj(raw)?.name);
    if (!name) return;
    const place = local.find((p) => name.includes(p)) ?? provinceAndCityNames().find((p) => name.includes(p));
    if (place) report(`websites.${i}.name`, 'individual.site_name_place', { place });
  });
};

/** The deepest chosen division (county, else city) is named in the address, and no other province leads it. */
export const mailingAddressInDivision: Rule = (doc, _now, report) => {
  const sponsor = obj(doc.sponsor);
  const address = str(sponsor?.mailingAddress)?.replace(/\s+/g, '');
  const province = str(sponsor?.province);
  const city = str(sponsor?.city);
  if (!address || !province || !city) return;
  const county = str(sponsor?.county);
  if (county === undefined && countiesOf(city).length > 0) return; // not answered yet
  if (!checkDivisionChain(province, city, county).ok) return; // the division itself is reported
  const deepest = divisionByCode(county ?? city);
  if (!deepest) return;
  const otherProvince = provincesWithNames().find(
    (p) => p.code !== province && p.names.some((n) => address.startsWith(n)),
  );
  const named = namesOf(deepest).some((n) => address.includes(n));
  if (!otherProvince && named) return;
  const chain = [province, city, county]
    .map((code) => (code ? divisionByCode(code) : undefined))
    .flatMap((d) => (d && namesOf(d).length > 0 ? [d.nameZh] : []))
    .join('');
  report('sponsor.mailingAddress', 'sponsor.mailing_address_outside', { division: chain });
};

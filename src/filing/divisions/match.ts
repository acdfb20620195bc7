/**
 * Finding a division from what an applicant typed: a code, the full or short Chinese name (上海市,
 * 上海, 浦东), pinyin or an English form (shanghai, Pudong, "Pudong New Area", Inner Mongolia), or
 * the start of one of them. Keys are built once per division, on first use.
 */
import { type DivisionNode, divisionIndex } from './data.ts';
import { englishName, matchKeys, provinceEnglishName, splitName, syllables } from './names.ts';
import type { Division } from './types.ts';

/** Lower rank is better: exact official forms, exact short or romanised forms, then prefixes. */
const Rank = { ExactFull: 0, ExactShort: 1, PrefixZh: 2, PrefixLatin: 3 } as const;
type Rank = (typeof Rank)[keyof typeof Rank];

interface Keys {
  full: Set<string>;
  short: Set<string>;
  zh: string[];
  latin: string[];
}

const keyCache = new Map<string, Keys>();

type Names = { full: string[]; short: string[]; zh: string[]; latin: string[] };

function namesOf(node: DivisionNode): Names {
  const shortZh = splitName(node.nameZh).short;
  const pinyinShort = syllables(shortZh).join('');
  const romanised = [englishName(node.nameZh, true), englishName(node.nameZh, false)];
  const proper = provinceEnglishName(node.code) ?? node.synthetic?.nameEn;
  // A proper English name outranks pinyin: "Shanxi" is 山西 first, 陕西 ("Shaanxi") second.
  const full = proper ? [node.nameZh, proper] : [node.nameZh, ...romanised];
  const short = proper ? romanised : [];
  return {
    full,
    short: [...short, shortZh, pinyinShort, syllables(node.nameZh).join('')],
    zh: [node.nameZh, shortZh],
    latin: [...full.slice(1), ...short, pinyinShort],
  };
}

function keysOf(node: DivisionNode): Keys {
  let keys = keyCache.get(node.code);
  if (keys) return keys;
  const own = namesOf(node);
  // 北京 → 110100 市辖区: applicants name a municipality's only city level by the municipality.
  const aliasOf = node.synthetic?.aliasesOf;
  const aliasNode = aliasOf ? divisionIndex().get(aliasOf) : undefined;
  const alias = aliasNode ? namesOf(aliasNode) : undefined;
  const norm = (list: string[]) => list.flatMap(matchKeys);
  keys = {
    full: new Set(norm(own.full)),
    short: new Set(norm([...own.short, ...(alias ? [...alias.full, ...alias.short] : [])])),
    zh: norm([...own.zh, ...(alias?.zh ?? [])]),
    latin: norm([...own.latin, ...(alias?.latin ?? [])]),
  };
  keyCache.set(node.code, keys);
  return keys;
}

function rankOf(input: string, division: Division): Rank | undefined {
  if (input === division.code) return Rank.ExactFull;
  const node = divisionIndex().get(division.code);
  if (!node) return undefined;
  const keys = keysOf(node);
  if (keys.full.has(input)) return Rank.ExactFull;
  if (keys.short.has(input)) return Rank.ExactShort;
  const cjk = /[\u4e00-\u9fff]/.test(input);
  if (cjk && keys.zh.some((k) => k.startsWith(input))) return Rank.PrefixZh;
  if (!cjk && input.length >= 3 && keys.latin.some((k) => k.startsWith(input))) return Rank.PrefixLatin;
  return undefined;
}

function ranked(input: string, candidates: readonly Division[]): { division: Division; rank: Rank }[] {
  const key = matchKeys(input.trim())[0] ?? '';
  if (key === '') return [];
  const found: { division: Division; rank: Rank }[] = [];
  for (const division of candidates) {
    const rank = rankOf(key, division);
    if (rank !== undefined) found.push({ division, rank });
  }
  return found.sort((a, b) => a.rank - b.rank || a.division.code.localeCompare(b.division.code));
}

/** Every candidate matching `input`, best first (exact names before short names before prefixes). */
export function matchDivision(input: string, candidates: readonly Division[]): Division[] {
  return ranked(input, candidates).map((m) => m.division);
}

/**
 * Only the best-ranked matches: "浦东" gives 浦东新区 alone even if another name starts with 浦东.
 * One result means the input is unambiguous; several mean the applicant should choose.
 */
export function bestDivisionMatches(input: string, candidates: readonly Division[]): Division[] {
  const all = ranked(input, candidates);
  const best = all[0]?.rank;
  return all.filter((m) => m.rank === best).map((m) => m.division);
}

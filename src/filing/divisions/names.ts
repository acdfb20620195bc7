/**
 * Short names and romanised names of divisions: 浦东新区 → 浦东 → "Pudong New Area". Applicants type
 * short names and pinyin, and English-speaking applicants need a readable form of every name.
 */
import { pinyin } from 'pinyin-pro';
import provinceNamesEn from '../../../locales/en/divisions.json' with { type: 'json' };

const PROVINCE_NAMES_EN: Record<string, string> = provinceNamesEn;

/**
 * The usual English names of the 34 provincial divisions (Inner Mongolia, Tibet, Shaanxi), kept in
 * the locale files because they are shown to users; pinyin alone would make 陕西 and 山西 both Shanxi.
 */
export function provinceEnglishName(code: string): string | undefined {
  return PROVINCE_NAMES_EN[code];
}

/** Administrative suffixes, longest first, with the English word used after the pinyin. */
const SUFFIXES: readonly (readonly [zh: string, en: string])[] = [
  ['特别行政区', 'SAR'],
  ['自治区', 'Autonomous Region'],
  ['自治州', 'Autonomous Prefecture'],
  ['自治县', 'Autonomous County'],
  ['自治旗', 'Autonomous Banner'],
  ['新区', 'New Area'],
  ['特区', 'Special District'],
  ['地区', 'Prefecture'],
  ['省', ''],
  ['市', ''],
  ['区', 'District'],
  ['县', 'County'],
  ['旗', 'Banner'],
  ['盟', 'League'],
];

/** Ethnic groups named in autonomous divisions (广西壮族自治区, 伊犁哈萨克自治州, 恩施土家族苗族自治州). */
const ETHNIC_GROUPS = [
  '维吾尔',
  '哈萨克',
  '柯尔克孜',
  '蒙古',
  '土家',
  '布依',
  '朝鲜',
  '哈尼',
  '傈僳',
  '东乡',
  '仡佬',
  '拉祜',
  '纳西',
  '仫佬',
  '锡伯',
  '景颇',
  '达斡尔',
  '撒拉',
  '布朗',
  '毛南',
  '塔吉克',
  '普米',
  '阿昌',
  '鄂温克',
  '基诺',
  '德昂',
  '保安',
  '裕固',
  '乌孜别克',
  '鄂伦春',
  '独龙',
  '塔塔尔',
  '赫哲',
  '门巴',
  '珞巴',
  '壮',
  '回',
  '满',
  '苗',
  '彝',
  '藏',
  '侗',
  '瑶',
  '白',
  '黎',
  '傣',
  '畲',
  '佤',
  '水',
  '羌',
  '土',
  '怒',
  '京',
];
const ETHNIC_TAIL = new RegExp(`(?:${ETHNIC_GROUPS.join('|')})族?$`);

/**
 * English names of the groups in autonomous division names, as the official English names write
 * them ("Xiushan Tujia and Miao Autonomous County", "Yili Kazak Autonomous Prefecture").
 */
const ETHNIC_EN: Readonly<Record<string, string>> = {
  维吾尔: 'Uyghur',
  哈萨克: 'Kazak',
  柯尔克孜: 'Kirgiz',
  蒙古: 'Mongol',
  土家: 'Tujia',
  布依: 'Bouyei',
  朝鲜: 'Korean',
  哈尼: 'Hani',
  傈僳: 'Lisu',
  东乡: 'Dongxiang',
  仡佬: 'Gelao',
  拉祜: 'Lahu',
  纳西: 'Naxi',
  仫佬: 'Mulao',
  锡伯: 'Xibe',
  景颇: 'Jingpo',
  达斡尔: 'Daur',
  撒拉: 'Salar',
  布朗: 'Blang',
  毛南: 'Maonan',
  塔吉克: 'Tajik',
  普米: 'Pumi',
  阿昌: 'Achang',
  鄂温克: 'Ewenki',
  基诺: 'Jino',
  德昂: "De'ang",
  保安: 'Bonan',
  裕固: 'Yugur',
  乌孜别克: 'Uzbek',
  鄂伦春: 'Oroqen',
  独龙: 'Derung',
  塔塔尔: 'Tatar',
  赫哲: 'Hezhen',
  门巴: 'Monba',
  珞巴: 'Lhoba',
  壮: 'Zhuang',
  回: 'Hui',
  满: 'Manchu',
  苗: 'Miao',
  彝: 'Yi',
  藏: 'Tibetan',
  侗: 'Dong',
  瑶: 'Yao',
  白: 'Bai',
  黎: 'Li',
  傣: 'Dai',
  畲: 'She',
  佤: 'Va',
  水: 'Shui',
  羌: 'Qiang',
  土: 'Tu',
  怒: 'Nu',
  京: 'Gin',
};

export interface NameParts {
  short: string;
  suffixEn: string;
  /** Ethnic groups named before 自治…, in the order of the name (土家, 苗). */
  groups: string[];
}

/** Splits off the administrative suffix, and for autonomous divisions the ethnic groups before it. */
export function splitName(name: string): NameParts {
  for (const [zh, en] of SUFFIXES) {
    if (!name.endsWith(zh) || name.length - zh.length < 2) continue;
    let short = name.slice(0, -zh.length);
    const groups: string[] = [];
    if (zh.startsWith('自治') || zh === '特别行政区') {
      for (
        let m = ETHNIC_TAIL.exec(short);
        m && short.length - m[0].length >= 2;
        m = ETHNIC_TAIL.exec(short)
      ) {
        groups.unshift(m[0].replace(/族$/, ''));
        short = short.slice(0, -m[0].length);
      }
    }
    return { short, suffixEn: en, groups };
  }
  return { short: name, suffixEn: '', groups: [] };
}

function groupsEnglish(groups: readonly string[]): string {
  const names = groups.map((g) => ETHNIC_EN[g] ?? g);
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/**
 * Place names pinyin-pro reads as the common word: 闵行 is Minhang (not xing), 六合 Luhe, 黄陂
 * Huangpi. Checked against the official romanisation of every district of the municipalities and
 * the provincial capitals (tests/filing/divisions/romanisation.test.ts).
 */
const PLACE_READINGS: Readonly<Record<string, readonly string[]>> = {
  闵行: ['min', 'hang'],
  六合: ['lu', 'he'],
  黄陂: ['huang', 'pi'],
  万柏林: ['wan', 'bai', 'lin'],
  神农架: ['shen', 'nong', 'jia'],
};
/** Characters with one reading in every place name: 都 is du (成都, 花都, 丰都, 郫都), never dou. */
const PLACE_CHARS: Readonly<Record<string, string>> = { 都: 'du' };
/** Stems whose English name is not their pinyin (Mongolian, Uyghur, Tibetan names). */
const CONVENTIONAL_STEMS: Readonly<Record<string, string>> = {
  呼和浩特: 'Hohhot',
  乌鲁木齐: 'Urumqi',
  拉萨: 'Lhasa',
};
/** Named whole, because 林区 as a suffix would also cut 万柏林区 (Wanbailin District). */
const WHOLE_NAMES: Readonly<Record<string, string>> = { 神农架林区: 'Shennongjia Forestry District' };
/** Development zones listed as county-level units: their English names translate the zone type. */
const ZONE_SUFFIXES: readonly (readonly [zh: string, en: string])[] = [
  ['高新技术产业开发区', 'High-tech Industrial Development Zone'],
  ['经济技术开发区', 'Economic and Technological Development Zone'],
  ['工业园区', 'Industrial Park'],
  ['开发区', 'Development Zone'],
  ['示范区', 'Demonstration Zone'],
  ['实验区', 'Experimental Zone'],
  ['园区', 'Park'],
];
/** Single-character stems keep the suffix in Chinese matching (赵县), but English still translates it. */
const ONE_CHAR_SUFFIXES: Readonly<Record<string, string>> = { 县: 'County', 区: 'District', 市: 'City' };

/** Syllables without tones; ü is kept for display (Lüliang). */
export function syllables(name: string): string[] {
  const out = pinyin(name, { toneType: 'none', type: 'array' }).map((s) => s.toLowerCase());
  // pinyin-pro gives one syllable per Han character, so a word found at index i covers out[i...].
  if (out.length !== name.length) return out;
  for (const [i, char] of [...name].entries()) {
    const reading = PLACE_CHARS[char];
    if (reading) out[i] = reading;
  }
  for (const [word, reading] of Object.entries(PLACE_READINGS)) {
    for (let i = name.indexOf(word); i >= 0; i = name.indexOf(word, i + 1)) {
      out.splice(i, reading.length, ...reading);
    }
  }
  return out;
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Pinyin orthography: an apostrophe before a syllable starting with a, o or e (Jing'an, Chang'an). */
function joinSyllables(parts: readonly string[]): string {
  return parts.map((s, i) => (i > 0 && /^[aoe]/.test(s) ? `'${s}` : s)).join('');
}

/**
 * 浦东新区 → "Pudong New Area", 福州市 → "Fuzhou", 海淀区 → "Haidian District", 闵行区 →
 * "Minhang District", 赵县 → "Zhao County". `withSuffix` false gives the bare romanised stem.
 */
export function englishName(name: string, withSuffix: boolean): string {
  const whole = WHOLE_NAMES[name];
  if (whole && withSuffix) return whole;
  if (withSuffix) {
    // A stem of one character is no zone: 绿园区 is Lüyuan District, not "Lü Park".
    const zone = ZONE_SUFFIXES.find(([zh]) => name.endsWith(zh) && name.length >= zh.length + 2);
    if (zone) {
      const stem = name.slice(0, -zone[0].length);
      return `${CONVENTIONAL_STEMS[stem] ?? capitalise(joinSyllables(syllables(stem)))} ${zone[1]}`;
    }
  }
  let { short, suffixEn, groups } = splitName(name);
  const oneChar = ONE_CHAR_SUFFIXES[name.slice(-1)];
  if (!suffixEn && name.length === 2 && oneChar) {
    short = name.slice(0, 1);
    suffixEn = oneChar;
  }
  const romanised = CONVENTIONAL_STEMS[short] ?? capitalise(joinSyllables(syllables(short)));
  if (!withSuffix || !suffixEn) return romanised;
  return groups.length > 0 ? `${romanised} ${groupsEnglish(groups)} ${suffixEn}` : `${romanised} ${suffixEn}`;
}

/** Lower case, no blanks or punctuation, ü written three ways: what matching compares. */
export function matchKeys(text: string): string[] {
  const base = text.toLowerCase().replace(/[\s'’\-_.·]/g, '');
  if (!base.includes('ü')) return [base];
  return [base, base.replace(/ü/g, 'v'), base.replace(/ü/g, 'u'), base.replace(/ü/g, 'yu')];
}

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
  ['林区', 'Forestry District'],
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

export interface NameParts {
  short: string;
  suffixEn: string;
}

/** Splits off the administrative suffix, and for autonomous divisions the ethnic groups before it. */
export function splitName(name: string): NameParts {
  for (const [zh, en] of SUFFIXES) {
    if (!name.endsWith(zh) || name.length - zh.length < 2) continue;
    let short = name.slice(0, -zh.length);
    if (zh.startsWith('自治') || zh === '特别行政区') {
      for (
        let m = ETHNIC_TAIL.exec(short);
        m && short.length - m[0].length >= 2;
        m = ETHNIC_TAIL.exec(short)
      ) {
        short = short.slice(0, -m[0].length);
      }
    }
    return { short, suffixEn: en };
  }
  return { short: name, suffixEn: '' };
}

/** Syllables without tones; ü is kept for display (Lüliang). */
export function syllables(name: string): string[] {
  return pinyin(name, { toneType: 'none', type: 'array' }).map((s) => s.toLowerCase());
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** 浦东新区 → "Pudong New Area", 福州市 → "Fuzhou", 海淀区 → "Haidian District". */
export function englishName(name: string, withSuffix: boolean): string {
  const { short, suffixEn } = splitName(name);
  const romanised = capitalise(syllables(short).join(''));
  return withSuffix && suffixEn ? `${romanised} ${suffixEn}` : romanised;
}

/** Lower case, no blanks or punctuation, ü written three ways: what matching compares. */
export function matchKeys(text: string): string[] {
  const base = text.toLowerCase().replace(/[\s'’\-_.·]/g, '');
  if (!base.includes('ü')) return [base];
  return [base, base.replace(/ü/g, 'v'), base.replace(/ü/g, 'u'), base.replace(/ü/g, 'yu')];
}

/**
 * English names of divisions against the official romanisation (Hanyu Pinyin without tones, the
 * stem written as one word with an apostrophe before a, o, e; 区/县/市 as District/County/City,
 * 新区 New Area, 自治县 "<groups> Autonomous County"). The four municipalities are listed in full
 * by hand from their governments' district lists; for the provincial capitals the names pinyin
 * gets wrong are listed by hand and every other district is checked against the rule.
 */
import { describe, expect, it } from 'vitest';
import { citiesOf, countiesOf, divisionByCode, matchDivision } from '../../../src/filing/divisions/index.ts';

const MUNICIPALITIES: Record<string, Record<string, string>> = {
  '110000': {
    东城区: 'Dongcheng District',
    西城区: 'Xicheng District',
    朝阳区: 'Chaoyang District',
    丰台区: 'Fengtai District',
    石景山区: 'Shijingshan District',
    海淀区: 'Haidian District',
    门头沟区: 'Mentougou District',
    房山区: 'Fangshan District',
    通州区: 'Tongzhou District',
    顺义区: 'Shunyi District',
    昌平区: 'Changping District',
    大兴区: 'Daxing District',
    怀柔区: 'Huairou District',
    平谷区: 'Pinggu District',
    密云区: 'Miyun District',
    延庆区: 'Yanqing District',
  },
  '120000': {
    和平区: 'Heping District',
    河东区: 'Hedong District',
    河西区: 'Hexi District',
    南开区: 'Nankai District',
    河北区: 'Hebei District',
    红桥区: 'Hongqiao District',
    东丽区: 'Dongli District',
    西青区: 'Xiqing District',
    津南区: 'Jinnan District',
    北辰区: 'Beichen District',
    武清区: 'Wuqing District',
    宝坻区: 'Baodi District',
    滨海新区: 'Binhai New Area',
    宁河区: 'Ninghe District',
    静海区: 'Jinghai District',
    蓟州区: 'Jizhou District',
  },
  '310000': {
    黄浦区: 'Huangpu District',
    徐汇区: 'Xuhui District',
    长宁区: 'Changning District',
    静安区: "Jing'an District",
    普陀区: 'Putuo District',
    虹口区: 'Hongkou District',
    杨浦区: 'Yangpu District',
    闵行区: 'Minhang District',
    宝山区: 'Baoshan District',
    嘉定区: 'Jiading District',
    浦东新区: 'Pudong New Area',
    金山区: 'Jinshan District',
    松江区: 'Songjiang District',
    青浦区: 'Qingpu District',
    奉贤区: 'Fengxian District',
    崇明区: 'Chongming District',
  },
  '500000': {
    万州区: 'Wanzhou District',
    涪陵区: 'Fuling District',
    渝中区: 'Yuzhong District',
    大渡口区: 'Dadukou District',
    江北区: 'Jiangbei District',
    沙坪坝区: 'Shapingba District',
    九龙坡区: 'Jiulongpo District',
    南岸区: "Nan'an District",
    北碚区: 'Beibei District',
    綦江区: 'Qijiang District',
    大足区: 'Dazu District',
    渝北区: 'Yubei District',
    巴南区: 'Banan District',
    黔江区: 'Qianjiang District',
    长寿区: 'Changshou District',
    江津区: 'Jiangjin District',
    合川区: 'Hechuan District',
    永川区: 'Yongchuan District',
    南川区: 'Nanchuan District',
    璧山区: 'Bishan District',
    铜梁区: 'Tongliang District',
    潼南区: 'Tongnan District',
    荣昌区: 'Rongchang District',
    开州区: 'Kaizhou District',
    梁平区: 'Liangping District',
    武隆区: 'Wulong District',
    城口县: 'Chengkou County',
    丰都县: 'Fengdu County',
    垫江县: 'Dianjiang County',
    忠县: 'Zhong County',
    云阳县: 'Yunyang County',
    奉节县: 'Fengjie County',
    巫山县: 'Wushan County',
    巫溪县: 'Wuxi County',
    石柱土家族自治县: 'Shizhu Tujia Autonomous County',
    秀山土家族苗族自治县: 'Xiushan Tujia and Miao Autonomous County',
    酉阳土家族苗族自治县: 'Youyang Tujia and Miao Autonomous County',
    彭水苗族土家族自治县: 'Pengshui Miao and Tujia Autonomous County',
  },
};

/** Capitals, and the districts of theirs that plain pinyin (or a naive suffix split) gets wrong. */
const CAPITALS = [
  '130100',
  '140100',
  '150100',
  '210100',
  '220100',
  '230100',
  '320100',
  '330100',
  '340100',
  '350100',
  '360100',
  '370100',
  '410100',
  '420100',
  '430100',
  '440100',
  '450100',
  '460100',
  '510100',
  '520100',
  '530100',
  '540100',
  '610100',
  '620100',
  '630100',
  '640100',
  '650100',
];
const CAPITAL_SPECIAL_CASES: Record<string, string> = {
  '130102': "Chang'an District", // 长安区, 石家庄
  '130133': 'Zhao County', // 赵县
  '130181': 'Xinji City', // 辛集市
  '140109': 'Wanbailin District', // 万柏林区: not "Wanbo…" (柏林 Berlin), not a 林区
  '150100': 'Hohhot',
  '220106': 'Lüyuan District', // 绿园区: not a 园区
  '320116': 'Luhe District', // 六合区
  '350111': "Jin'an District", // 晋安区
  '420102': "Jiang'an District", // 江岸区
  '420116': 'Huangpi District', // 黄陂区
  '440114': 'Huadu District', // 花都区
  '510114': 'Xindu District', // 新都区
  '510117': 'Pidu District', // 郫都区
  '510181': 'Dujiangyan City', // 都江堰市
  '530126': 'Shilin Yi Autonomous County', // 石林彝族自治县
  '540100': 'Lhasa',
  '610116': "Chang'an District", // 长安区, 西安
  '650100': 'Urumqi',
  '650121': 'Urumqi County',
};

const SUFFIX_EN: [zh: string, en: RegExp][] = [
  ['新区', / New Area$/],
  ['自治县', / Autonomous County$/],
  ['开发区', / Development Zone$/],
  ['园区', / Park$/],
  ['示范区', / Demonstration Zone$/],
  ['实验区', / Experimental Zone$/],
  ['区', / District$/],
  ['县', / County$/],
  ['旗', / Banner$/],
  ['市', / City$/],
];

describe('division names in English', () => {
  for (const [province, expected] of Object.entries(MUNICIPALITIES)) {
    it(`every district of ${divisionByCode(province)?.nameZh}`, () => {
      const districts = citiesOf(province).flatMap((city) => countiesOf(city.code));
      const actual = Object.fromEntries(districts.map((d) => [d.nameZh, d.nameEn]));
      expect(actual).toEqual(expected);
    });
  }

  it('the special cases of the provincial capitals', () => {
    for (const [code, name] of Object.entries(CAPITAL_SPECIAL_CASES)) {
      expect({ code, name: divisionByCode(code)?.nameEn }).toEqual({ code, name });
    }
  });

  it('every district of every provincial capital follows the rule', () => {
    let checked = 0;
    for (const capital of CAPITALS) {
      const districts = countiesOf(capital);
      expect(districts.length).toBeGreaterThan(0);
      for (const d of districts) {
        // A zone word needs a stem of two characters (绿园区 is a district named 绿园).
        const suffix = SUFFIX_EN.find(
          ([zh]) => d.nameZh.endsWith(zh) && (zh.length === 1 || d.nameZh.length >= zh.length + 2),
        );
        expect(suffix, d.nameZh).toBeDefined();
        expect(d.nameEn, d.nameZh).toMatch(suffix![1]);
        // The stem: one capitalised word, pinyin letters only, no tone marks, no "dou" for 都.
        const stem = d.nameEn.split(' ')[0]!;
        expect(stem, d.nameZh).toMatch(/^[A-Z][a-zü']+$/);
        expect(stem, d.nameZh).not.toMatch(/'(?![aoe])/);
        if (d.nameZh.includes('都')) expect(stem.toLowerCase(), d.nameZh).toContain('du');
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(250);
  });

  it('finds a district by its official romanisation, typed with or without the apostrophe', () => {
    const shanghai = countiesOf('310100');
    expect(matchDivision('Minhang', shanghai).map((d) => d.code)).toEqual(['310112']);
    expect(matchDivision("Jing'an", shanghai).map((d) => d.code)).toEqual(['310106']);
    expect(matchDivision('jingan', shanghai).map((d) => d.code)).toEqual(['310106']);
    expect(matchDivision('Pudong New Area', shanghai).map((d) => d.code)).toEqual(['310115']);
  });
});

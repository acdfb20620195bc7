import { describe, expect, it } from 'vitest';
import {
  bestDivisionMatches,
  citiesOf,
  countiesOf,
  matchDivision,
  provinces,
} from '../../../src/filing/divisions/index.ts';

const codes = (list: { code: string }[]) => list.map((d) => d.code);

describe('matchDivision', () => {
  it('matches a code', () => {
    expect(codes(matchDivision('310000', provinces()))).toEqual(['310000']);
  });

  it('matches full and short Chinese names', () => {
    expect(codes(matchDivision('上海市', provinces()))).toEqual(['310000']);
    expect(codes(matchDivision('上海', provinces()))).toEqual(['310000']);
    expect(codes(matchDivision('浦东', countiesOf('310100')))).toEqual(['310115']);
    expect(codes(matchDivision('浦东新区', countiesOf('310100')))).toEqual(['310115']);
    expect(codes(matchDivision('广西', provinces()))).toEqual(['450000']);
    expect(codes(matchDivision('新疆', provinces()))).toEqual(['650000']);
  });

  it('matches pinyin and English without regard to case and blanks', () => {
    expect(codes(matchDivision('Shanghai', provinces()))).toEqual(['310000']);
    expect(codes(matchDivision('shang hai', provinces()))).toEqual(['310000']);
    expect(codes(matchDivision('pudong', countiesOf('310100')))).toEqual(['310115']);
    expect(codes(matchDivision('Pudong New Area', countiesOf('310100')))).toEqual(['310115']);
    expect(codes(matchDivision('Inner Mongolia', provinces()))).toEqual(['150000']);
    expect(codes(matchDivision('neimenggu', provinces()))).toEqual(['150000']);
    expect(codes(matchDivision('Hong Kong', provinces()))).toEqual(['810000']);
    expect(codes(matchDivision('fuzhou', citiesOf('350000')))).toEqual(['350100']);
  });

  it('accepts the ways ü is typed', () => {
    const shanxi = citiesOf('140000');
    for (const input of ['吕梁', 'lvliang', 'luliang', 'lüliang']) {
      expect(codes(matchDivision(input, shanxi)), input).toEqual(['141100']);
    }
  });

  it('puts exact matches before weaker ones', () => {
    // 山西 is Shanxi in English; 陕西 (Shaanxi) only sounds the same.
    expect(codes(matchDivision('shanxi', provinces()))).toEqual(['140000', '610000']);
    expect(codes(matchDivision('shaanxi', provinces()))).toEqual(['610000']);
    expect(codes(bestDivisionMatches('shanxi', provinces()))).toEqual(['140000']);
  });

  it('matches prefixes after exact names', () => {
    const guangdong = citiesOf('440000');
    expect(codes(matchDivision('广', provinces()))).toEqual(['440000', '450000']);
    expect(codes(matchDivision('zhan', guangdong))).toEqual(['440800']);
    // "黑" is a prefix of 黑龙江省 only; "he" is too short for a Latin prefix.
    expect(codes(matchDivision('黑', provinces()))).toEqual(['230000']);
    expect(matchDivision('he', provinces())).toEqual([]);
  });

  it('lets a municipality name its own city level', () => {
    expect(codes(matchDivision('北京', citiesOf('110000')))).toEqual(['110100']);
    expect(codes(matchDivision('Beijing', citiesOf('110000')))).toEqual(['110100']);
    expect(codes(matchDivision('市辖区', citiesOf('500000')))).toEqual(['500100']);
  });

  it('only looks among the candidates and returns nothing for nonsense', () => {
    expect(matchDivision('浦东', countiesOf('350100'))).toEqual([]);
    expect(matchDivision('', provinces())).toEqual([]);
    expect(matchDivision('xyz', provinces())).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  checkDivisionChain,
  citiesOf,
  countiesOf,
  divisionByCode,
  parentCode,
  provinces,
} from '../../../src/filing/divisions/index.ts';
import { hasText } from '../../../src/i18n/index.ts';

describe('division lists', () => {
  it('has the 34 provincial divisions, each with its English name in the locales', () => {
    const all = provinces();
    expect(all).toHaveLength(34);
    expect(all.every((p) => p.level === 'province' && /^\d{2}0000$/.test(p.code))).toBe(true);
    for (const p of all) {
      expect(hasText('en', `divisions:${p.code}`), p.code).toBe(true);
      expect(hasText('zh', `divisions:${p.code}`), p.code).toBe(true);
    }
    expect(divisionByCode('150000')).toEqual({
      code: '150000',
      nameZh: '内蒙古自治区',
      nameEn: 'Inner Mongolia',
      level: 'province',
    });
    expect(divisionByCode('610000')?.nameEn).toBe('Shaanxi');
  });

  it('gives the municipalities the city level of GB/T 2260', () => {
    expect(citiesOf('110000').map((c) => c.code)).toEqual(['110100']);
    expect(citiesOf('120000').map((c) => c.code)).toEqual(['120100']);
    expect(citiesOf('310000').map((c) => c.code)).toEqual(['310100']);
    expect(citiesOf('500000').map((c) => [c.code, c.nameZh])).toEqual([
      ['500100', '市辖区'],
      ['500200', '县'],
    ]);
    expect(countiesOf('310100').map((c) => c.code)).toContain('310115');
    expect(countiesOf('500100').every((c) => c.code.startsWith('5001'))).toBe(true);
    expect(countiesOf('500200').map((c) => c.code)).toContain('500229');
    expect(countiesOf('500200').every((c) => c.code.startsWith('5002'))).toBe(true);
    expect(parentCode('110105')).toBe('110100');
    expect(parentCode('110100')).toBe('110000');
  });

  it('keeps ordinary provinces as they are and cleans the county-level groupings', () => {
    expect(citiesOf('350000').map((c) => c.code)).toContain('350100');
    expect(countiesOf('350100').map((c) => c.nameZh)).toContain('鼓楼区');
    // Statistical 市辖区 placeholders are no county.
    expect(countiesOf('350100').map((c) => c.code)).not.toContain('350101');
    expect(divisionByCode('419000')?.nameZh).toBe('省直辖县级行政区划');
    expect(divisionByCode('659000')?.nameZh).toBe('自治区直辖县级行政区划');
    expect(countiesOf('419000').map((c) => c.nameZh)).toEqual(['济源市']);
  });

  it('has no cities under Hong Kong, Macao and Taiwan', () => {
    for (const code of ['810000', '820000', '710000']) expect(citiesOf(code)).toEqual([]);
    expect(divisionByCode('810001')).toBeUndefined();
  });

  it('returns the same list for the same parent and nothing for a wrong level', () => {
    expect(citiesOf('350000')).toBe(citiesOf('350000'));
    expect(provinces()).toBe(provinces());
    expect(citiesOf('350100')).toEqual([]);
    expect(countiesOf('350000')).toEqual([]);
    expect(citiesOf('999999')).toEqual([]);
  });

  it('names divisions in English from their pinyin', () => {
    expect(divisionByCode('310115')?.nameEn).toBe('Pudong New Area');
    expect(divisionByCode('350100')?.nameEn).toBe('Fuzhou');
    expect(divisionByCode('350102')?.nameEn).toBe('Gulou District');
    expect(divisionByCode('350121')?.nameEn).toBe('Minhou County');
    expect(divisionByCode('654000')?.nameEn).toBe('Yili Kazak Autonomous Prefecture');
  });

  it('links every county to a city and every city to a province', () => {
    for (const province of provinces()) {
      for (const city of citiesOf(province.code)) {
        expect(city.level).toBe('city');
        expect(city.code.slice(0, 2)).toBe(province.code.slice(0, 2));
        for (const county of countiesOf(city.code)) {
          expect(county.code.slice(0, 2)).toBe(province.code.slice(0, 2));
          expect(checkDivisionChain(province.code, city.code, county.code).ok, county.code).toBe(true);
        }
      }
    }
  });
});

describe('checkDivisionChain', () => {
  it('accepts consistent chains', () => {
    expect(checkDivisionChain('310000', '310100', '310115')).toEqual({
      ok: true,
      value: { province: '310000', city: '310100', county: '310115' },
    });
    expect(checkDivisionChain('350000', '350100', '350102').ok).toBe(true);
    expect(checkDivisionChain('440000', '441900')).toEqual({
      ok: true,
      value: { province: '440000', city: '441900' },
    });
    expect(checkDivisionChain('810000')).toEqual({ ok: true, value: { province: '810000' } });
  });

  it('rejects a county of another city', () => {
    expect(checkDivisionChain('350000', '350100', '310115')).toEqual({
      ok: false,
      problems: [
        { code: 'division.not_in_parent', params: { code: '310115', name: '浦东新区', parent: '350100' } },
      ],
    });
  });

  it('rejects a city of another province and reports every broken link', () => {
    const result = checkDivisionChain('350000', '310100', '350102');
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems.map((p) => [p.code, p.params?.code])).toEqual([
      ['division.not_in_parent', '310100'],
      ['division.not_in_parent', '350102'],
    ]);
  });

  it('rejects unknown codes and codes at the wrong level', () => {
    expect(checkDivisionChain('990000')).toMatchObject({
      ok: false,
      problems: [{ code: 'division.unknown', params: { code: '990000' } }],
    });
    expect(checkDivisionChain('310100')).toMatchObject({
      ok: false,
      problems: [{ code: 'division.unknown' }],
    });
    expect(checkDivisionChain('310000', '310115')).toMatchObject({
      ok: false,
      problems: [{ code: 'division.unknown' }],
    });
    // The package's district directly under the municipality is not a city.
    expect(checkDivisionChain('310000', undefined, '310115')).toMatchObject({
      ok: false,
      problems: [{ code: 'division.not_in_parent' }],
    });
  });
});

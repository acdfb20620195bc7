/** Province rules (icp-domain.md §2.5, §5.4): each a row of data and a rule, with its text in zh and en. */
import { describe, expect, it } from 'vitest';
import type { DocumentProblem } from '../../src/filing/catalog-types.ts';
import { requiredMaterials } from '../../src/filing/materials.ts';
import { validateFiling } from '../../src/filing/validate-filing.ts';
import { t } from '../../src/i18n/index.ts';
import { type Doc, example, NOW } from './helpers.ts';

/** A resident ID issued in the division `prefix6` (valid check character). */
function residentId(prefix6: string): string {
  const first17 = `${prefix6}19900307123`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * weights[i]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}

function individualIn(
  province: string,
  city: string,
  county: string,
  address: string,
  idPrefix: string,
): Doc {
  const doc: Doc = example('individual');
  Object.assign(doc.sponsor, { province, city, county, mailingAddress: address, documentAddress: address });
  const id = residentId(idPrefix);
  doc.sponsor.documentNumber = id;
  doc.sponsorPrincipal.idNumber = id;
  return doc;
}

const found = (doc: Doc): DocumentProblem[] => validateFiling(doc, { now: NOW }).errors;
const codes = (doc: Doc) => found(doc).map((e) => `${e.path} ${e.code}`);
const texts = (p: DocumentProblem) => ({
  zh: t('zh', `errors:${p.code}`, p.params),
  en: t('en', `errors:${p.code}`, p.params),
});

describe('province rules', () => {
  it('refuses an out-of-province individual where the province does not accept them, naming both answers', () => {
    // Henan (豫) refuses; the ID was issued in Fujian (350102).
    const doc = individualIn('410000', '410100', '410102', '河南省郑州市中原区某某路1号', '350102');
    const problems = found(doc);
    expect(problems.map((p) => `${p.path} ${p.code}`)).toEqual([
      'sponsor.province individual.out_of_province_refused',
    ]);
    const { zh, en } = texts(problems[0]!);
    expect(zh).toContain('河南省');
    expect(zh).toContain('福建省');
    expect(en).toContain('河南省 does not accept individuals');
    expect(en).toContain('(福建省)');
    // A local ID is fine.
    expect(
      codes(individualIn('410000', '410100', '410102', '河南省郑州市中原区某某路1号', '410102')),
    ).toEqual([]);
  });

  it('asks a residence permit (not a refusal) where the province demands one', () => {
    const doc = individualIn('310000', '310100', '310115', '上海市浦东新区某某路1号', '350102');
    expect(codes(doc)).toEqual([]);
    expect(requiredMaterials(doc).some((m) => m.reason.key.endsWith('residence_permit'))).toBe(true);
    const local = individualIn('310000', '310100', '310115', '上海市浦东新区某某路1号', '310115');
    expect(requiredMaterials(local).some((m) => m.reason.key.endsWith('residence_permit'))).toBe(false);
  });

  it('refuses a place name in an individual’s site name, in both languages', () => {
    const doc: Doc = example('individual');
    doc.websites[0].name = '福州摄影日记';
    const problems = found(doc);
    expect(problems.map((p) => `${p.path} ${p.code}`)).toEqual([
      'websites.0.name individual.site_name_place',
    ]);
    expect(texts(problems[0]!).zh).toContain('“福州”');
    expect(texts(problems[0]!).en).toContain('place name (“福州”)');
    doc.websites[0].name = '张三的广东美食笔记';
    expect(codes(doc)).toEqual(['websites.0.name individual.site_name_place']);
    doc.websites[0].name = '张三的鼓楼生活';
    expect(codes(doc)).toEqual(['websites.0.name individual.site_name_place']);
  });

  it('lets an organisation name a place in its site name', () => {
    const doc: Doc = example('enterprise-two-websites');
    doc.websites[0].name = '福州某某科技官网';
    expect(codes(doc)).toEqual([]);
  });

  it('wants the mailing address inside the chosen division', () => {
    const doc: Doc = example('enterprise-two-websites');
    doc.sponsor.mailingAddress = '福建省福州市台江区某某路1号';
    const problems = found(doc);
    expect(problems.map((p) => `${p.path} ${p.code}`)).toEqual([
      'sponsor.mailingAddress sponsor.mailing_address_outside',
    ]);
    expect(texts(problems[0]!).zh).toContain('福建省福州市鼓楼区');
    expect(texts(problems[0]!).en).toContain('(福建省福州市鼓楼区)');
    doc.sponsor.mailingAddress = '浙江省杭州市鼓楼区某某路1号';
    expect(codes(doc)).toEqual(['sponsor.mailingAddress sponsor.mailing_address_outside']);
    doc.sponsor.mailingAddress = '福州市鼓楼区某某路1号';
    expect(codes(doc)).toEqual([]);
  });

  it('reads a municipality without its 市辖区 filler', () => {
    const doc = individualIn('310000', '310100', '310115', '上海市浦东新区某某路1号', '310115');
    expect(codes(doc)).toEqual([]);
    doc.sponsor.mailingAddress = '上海市徐汇区某某路1号';
    expect(codes(doc)).toEqual(['sponsor.mailingAddress sponsor.mailing_address_outside']);
  });
});

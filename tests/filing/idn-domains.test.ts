/** Chinese domain names: taken as typed, stored once as punycode, shown in Chinese. */
import { describe, expect, it } from 'vitest';
import { displayValue } from '../../src/conversation/display.ts';
import { fieldById } from '../../src/filing/catalog.ts';
import { validateFiling, validateFilingThroughZod } from '../../src/filing/validate-filing.ts';
import { detailLines } from '../../src/services/staff-view.ts';
import { type Doc, example, NOW } from './helpers.ts';

const PUNY = 'xn--fsqu00a.xn--fiqs8s';

function withDomain(domain: string, homepage: string): Doc {
  const doc: Doc = example('individual');
  doc.websites[0].domains = [domain];
  doc.websites[0].homepageUrl = homepage;
  return doc;
}

const problems = (doc: Doc) => {
  const fast = validateFiling(doc, { now: NOW });
  expect(validateFilingThroughZod(doc, { now: NOW })).toEqual(fast);
  return fast.errors.map((e) => `${e.path} ${e.code}`);
};

describe('IDN domains', () => {
  it('accepts a file with the domain and homepage in Chinese or in punycode', () => {
    expect(problems(withDomain('例子.中国', 'www.例子.中国/index.html'))).toEqual([]);
    expect(problems(withDomain(PUNY, `www.${PUNY}/index.html`))).toEqual([]);
  });

  it('still reports forms that are neither (upper case, www.)', () => {
    expect(problems(withDomain('例子.中国'.replace('例子', 'WWW.例子'), 'www.例子.中国'))).toContain(
      'websites.0.domains.0 domain.www',
    );
    expect(problems(withDomain('Example.cn', 'www.example.cn'))).toContain(
      'websites.0.domains.0 value.not_canonical',
    );
  });

  it('parses a typed Chinese domain to one canonical form', () => {
    const field = fieldById('websites.*.domains')!;
    const ctx = { filing: {}, now: NOW, websiteIndex: 0 };
    expect(field.parse('例子。中国', ctx)).toEqual({ ok: true, value: [PUNY] });
    expect(field.parse(PUNY, ctx)).toEqual({ ok: true, value: [PUNY] });
  });

  it('sees the two forms as one domain across websites', () => {
    const doc: Doc = example('enterprise-two-websites');
    doc.websites[0].domains = ['例子.中国'];
    doc.websites[0].homepageUrl = 'www.例子.中国';
    doc.websites[1].domains = [PUNY];
    doc.websites[1].homepageUrl = `video.${PUNY}`;
    expect(problems(doc)).toEqual(['websites.1.domains.0 domain.other_website']);
  });

  it('shows the stored punycode in Chinese to applicants and staff', () => {
    const stored = withDomain(PUNY, `www.${PUNY}/a`);
    const ctx = { filing: stored, now: NOW, websiteIndex: 0 };
    expect(displayValue(fieldById('websites.*.domains')!, [PUNY, 'example.cn'], ctx)).toBe(
      '例子.中国; example.cn',
    );
    expect(displayValue(fieldById('websites.*.homepageUrl')!, `www.${PUNY}/a`, ctx)).toBe('www.例子.中国/a');
    const lines = detailLines(stored, NOW, false);
    expect(lines.find((l) => l.path === 'websites.0.domains')?.value).toBe('例子.中国');
    expect(lines.find((l) => l.path === 'websites.0.homepageUrl')?.value).toBe('www.例子.中国/a');
  });
});

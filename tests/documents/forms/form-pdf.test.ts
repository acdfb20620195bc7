/** The printable forms as real PDFs: parsed back with PDF.js, the filing's data must be on them. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formPdf } from '../../../src/documents/forms/form-pdf.ts';
import { formsFor } from '../../../src/filing/printable-forms.ts';
import { pdfPages, squeeze } from './pdf-text.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const example = (name: string) =>
  JSON.parse(readFileSync(join(ROOT, 'examples', `${name}.json`), 'utf8')) as Record<string, unknown>;
const enterprise = example('enterprise-two-websites');
const individual = example('individual');
const now = new Date('2026-12-04T17:00:00Z');
const options = { lang: 'zh' as const, providerName: '某某云计算有限公司', now };

describe('verification form (网站备案信息真实性核验单)', () => {
  it('has one page per website, each with the sponsor, its own domains, IPs and the provider', async () => {
    const form = (await formPdf(enterprise, 'verification_form', options))!;
    expect(form.pages).toBe(2);
    const pages = (await pdfPages(form.bytes)).map(squeeze);
    expect(pages).toHaveLength(2);
    for (const page of pages) {
      expect(page).toContain('网站备案信息真实性核验单');
      expect(page).toContain('福州某某科技有限公司');
      expect(page).toContain('91350100M000100Y43');
      expect(page).toContain('某某云计算有限公司');
      expect(page).toContain('2026-12-05'); // the Shanghai date of `now`
      expect(page).toContain('主办单位负责人签字');
      expect(page).toContain('单位盖章');
    }
    // The domains row itself (example.cn also appears in the homepage and an email address).
    expect(pages[0]).toContain('网站域名example.cn');
    expect(pages[0]).toContain('211.68.0.100-211.68.0.102');
    expect(pages[0]).not.toContain('example-video.cn');
    expect(pages[1]).toContain('网站域名example-video.cn');
    expect(pages[1]).toContain('2400:da00::6666');
    expect(pages[1]).toContain('李四');
  });

  it('prints ID numbers in full (the form is compared digit by digit with the ID photo)', async () => {
    const form = (await formPdf(enterprise, 'verification_form', options))!;
    const [first, second] = (await pdfPages(form.bytes)).map(squeeze);
    expect(first).toContain('350102198801010001');
    expect(second).toContain('310115198506124561');
  });

  it('stays under 300 KB with the Chinese font embedded', async () => {
    for (const kind of formsFor(enterprise)) {
      for (const lang of ['zh', 'en'] as const) {
        const form = (await formPdf(enterprise, kind, { ...options, lang }))!;
        expect(form.bytes.length, `${kind} ${lang}`).toBeLessThan(300 * 1024);
        expect(form.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      }
    }
  });

  it('tells an individual to sign without a seal', async () => {
    const form = (await formPdf(individual, 'verification_form', options))!;
    const page = squeeze((await pdfPages(form.bytes))[0]!);
    expect(page).toContain('主办人签字');
    expect(page).not.toContain('单位盖章');
    expect(page).toContain('彩色拍照或彩色扫描');
  });

  it('in English keeps the Chinese labels next to the English ones', async () => {
    const form = (await formPdf(enterprise, 'verification_form', { ...options, lang: 'en' }))!;
    const page = (await pdfPages(form.bytes))[0]!;
    expect(page).toContain('Website filing information verification form');
    expect(squeeze(page)).toContain('网站备案信息真实性核验单');
    expect(page).toMatch(/Sponsor name\s*主办单位名称/);
    expect(squeeze(page)).toContain('福州某某科技有限公司');
    expect(page).toContain('Print this document');
  });
});

describe('letters', () => {
  it('the commitment letter names the sponsor and every website with its domains', async () => {
    const form = (await formPdf(enterprise, 'commitment_letter', options))!;
    expect(form.pages).toBe(1);
    const page = squeeze((await pdfPages(form.bytes))[0]!);
    expect(page).toContain('网站备案信息安全承诺书');
    expect(page).toContain('福州某某科技有限公司');
    expect(page).toContain('example.cn');
    expect(page).toContain('example-video.cn');
    expect(page).toContain('beian.miit.gov.cn');
  });

  it('the authorisation letter has a page for the website with its own principal only', async () => {
    const form = (await formPdf(enterprise, 'authorisation_letter', options))!;
    expect(form.pages).toBe(1);
    const page = squeeze((await pdfPages(form.bytes))[0]!);
    expect(page).toContain('李四');
    expect(page).toContain('310115198506124561');
    expect(page).toContain('某某科技视频课堂');
    expect(page).toContain('王五');
    expect(page).toContain('被授权人');
  });

  it('no authorisation letter when every website principal is the sponsor principal', async () => {
    const same = structuredClone(enterprise) as { websites: { principal: unknown }[] };
    same.websites[1]!.principal = 'same_as_sponsor_principal';
    expect(await formPdf(same, 'authorisation_letter', options)).toBeUndefined();
    expect(formsFor(same)).toEqual(['verification_form', 'commitment_letter']);
  });
});

describe('formsFor', () => {
  it('follows the materials list', () => {
    expect(formsFor(enterprise)).toEqual(['verification_form', 'commitment_letter', 'authorisation_letter']);
    expect(formsFor(individual)).toEqual(['verification_form', 'commitment_letter']);
  });
});

import { describe, expect, it } from 'vitest';
import { crossCheck, OCR_CONFIDENT } from '../../../src/documents/reading/cross-check.ts';
import { ocrStatus, qrStatus } from '../../../src/documents/reading/document-reading.ts';
import { readingTexts } from '../../../src/documents/reading/reading-messages.ts';
import { readingSummary } from '../../../src/documents/reading/staff-summary.ts';
import { render } from '../../../src/i18n/index.ts';
import { USCC_A, USCC_B } from '../../support/document-fixtures.ts';

const filing = {
  sponsor: { documentNumber: USCC_A, name: '福州某某科技有限公司' },
  sponsorPrincipal: { name: '张三丰', idNumber: '11010519491231002X' },
  websites: [
    { principal: 'same_as_sponsor_principal' },
    { principal: { name: '李四', idNumber: '110105194912310021' } },
  ],
};
const qr = (uscc: string | null, licence = true) => ({ text: 'http://www.gsxt.gov.cn/…', uscc, licence });
const en = (t: { key: string; params?: Record<string, string | number> }) => render('en', t);

describe('crossCheck: licence QR', () => {
  it('match → "QR checked" for the staff, a short confirmation for the applicant', () => {
    const reading = crossCheck({ kind: 'sponsor_certificate', qr: qr(USCC_A) }, filing);
    expect(reading.checks).toEqual([
      { source: 'qr', fieldId: 'sponsor.documentNumber', read: USCC_A, answer: USCC_A, outcome: 'match' },
    ]);
    expect(qrStatus(reading)).toBe('checked');
    expect(readingSummary(reading, en)).toEqual(['QR checked']);
    expect(readingTexts(reading).map((t) => t.key)).toEqual(['documents:reading.applicant.matched']);
  });

  it('mismatch → the applicant is told both numbers and how to fix, in their language; staff see it', () => {
    const reading = crossCheck({ kind: 'sponsor_certificate', qr: qr(USCC_B) }, filing);
    expect(qrStatus(reading)).toBe('mismatch');
    const texts = readingTexts(reading);
    expect(render('en', texts[0]!)).toContain(USCC_B);
    expect(render('en', texts[0]!)).toContain(USCC_A);
    expect(render('zh', texts[0]!)).toContain('二维码');
    expect(render('zh', texts[1]!)).toContain('/edit');
    expect(readingSummary(reading, en)[0]).toContain(USCC_B);
  });

  it('no QR → nothing refused, staff see "no QR"; a non-licence QR is said so', () => {
    const none = crossCheck({ kind: 'sponsor_certificate', qr: null }, filing);
    expect(none.checks).toEqual([]);
    expect(readingTexts(none)).toEqual([]);
    expect(readingSummary(none, en)).toEqual(['no QR']);
    expect(qrStatus(crossCheck({ kind: 'sponsor_certificate', qr: qr(null, false) }, filing))).toBe(
      'not_licence',
    );
  });

  it('before the number is answered: compared with nothing, nothing told', () => {
    const reading = crossCheck({ kind: 'sponsor_certificate', qr: qr(USCC_A) }, {});
    expect(reading.checks[0]?.outcome).toBe('unanswered');
    expect(readingTexts(reading)).toEqual([]);
  });
});

describe('crossCheck: OCR', () => {
  const idFront = (name: string, idNumber: string, confidence = 0.98) => ({
    layout: 'id_front' as const,
    fields: { name: { value: name, confidence }, idNumber: { value: idNumber, confidence } },
  });

  it("an ID front of a website sharing the sponsor's principal is compared with the sponsor principal", () => {
    const reading = crossCheck(
      { kind: 'website_principal_id_front', websiteIndex: 0, ocr: idFront('张三丰', '11010519491231002X') },
      filing,
    );
    expect(reading.checks.map((c) => [c.fieldId, c.outcome])).toEqual([
      ['sponsorPrincipal.name', 'match'],
      ['sponsorPrincipal.idNumber', 'match'],
    ]);
    expect(ocrStatus(reading)).toBe('matches');
    expect(readingSummary(reading, en)).toEqual(['OCR matches']);
  });

  it("a website's own principal: a different name is shown with the value read; the ID number is never spelled out to staff", () => {
    const reading = crossCheck(
      { kind: 'website_principal_id_front', websiteIndex: 1, ocr: idFront('李司', '11010519491231002X') },
      filing,
    );
    expect(reading.checks.map((c) => [c.fieldId, c.websiteIndex, c.outcome])).toEqual([
      ['websites.*.principal.name', 1, 'mismatch'],
      ['websites.*.principal.idNumber', 1, 'mismatch'],
    ]);
    const staff = readingSummary(reading, en).join(' ');
    expect(staff).toContain('李司');
    expect(staff).not.toContain('11010519491231002X');
    expect(render('en', readingTexts(reading)[0]!)).toContain('李司');
  });

  it('an unconfident read is not compared (a misread must not accuse the applicant)', () => {
    const reading = crossCheck(
      {
        kind: 'sponsor_principal_id_front',
        ocr: idFront('张二丰', '11010519491231002X', OCR_CONFIDENT - 0.01),
      },
      filing,
    );
    expect(reading.checks).toEqual([]);
    expect(ocrStatus(reading)).toBe('unsure');
  });

  it('a licence: company name (brackets folded) and USCC', () => {
    const reading = crossCheck(
      {
        kind: 'sponsor_certificate',
        ocr: {
          layout: 'licence',
          fields: {
            companyName: { value: '福州某某(科技)有限公司', confidence: 0.99 },
            uscc: { value: USCC_A, confidence: 0.99 },
          },
        },
      },
      { sponsor: { documentNumber: USCC_A.toLowerCase(), name: '福州某某（科技）有限公司 ' } },
    );
    expect(reading.checks.map((c) => c.outcome)).toEqual(['match', 'match']);
  });
});

import { describe, expect, it } from 'vitest';
import {
  DEFAULT_UPLOAD_LIMITS,
  uploadProblem,
  uploadProblemText,
} from '../../src/documents/upload-problems.ts';
import { DOCUMENT_KINDS, documentKindLabel, isDocumentKind } from '../../src/filing/document-kinds.ts';
import { LANGS, render } from '../../src/i18n/index.ts';

const codes = [
  'upload.empty',
  'upload.too_large',
  'upload.unsupported_type',
  'upload.unreadable',
  'upload.too_many_pixels',
  'upload.too_small',
  'upload.grayscale',
] as const;

describe('upload problem texts', () => {
  it.each(LANGS)('every code has a %s text with every value filled in', (lang) => {
    for (const code of codes) {
      const problem = uploadProblem(code, DEFAULT_UPLOAD_LIMITS, {
        sizeMb: 12.5,
        detected: 'exe',
        width: 300,
        height: 200,
        maxMegapixels: 268,
      });
      const text = render(lang, uploadProblemText(problem));
      expect(text, code).not.toContain('documents:');
      expect(text, code).not.toMatch(/\{\{|\}\}/);
    }
  });

  it('says what to send instead, with the configured limits', () => {
    const text = render(
      'zh',
      uploadProblemText(uploadProblem('upload.unsupported_type', DEFAULT_UPLOAD_LIMITS)),
    );
    expect(text).toContain('JPG、PNG 或 PDF');
    expect(text).toContain('10 MB');
    const small = uploadProblem(
      'upload.too_small',
      { maxBytes: 4 * 1024 * 1024, minSidePx: 720 },
      { width: 1, height: 2 },
    );
    expect(render('en', uploadProblemText(small))).toContain('720 pixels');
  });
});

describe('document kinds', () => {
  it('lists the kinds of the filing format, each with a label in both languages', () => {
    expect(DOCUMENT_KINDS).toHaveLength(11);
    for (const kind of DOCUMENT_KINDS) {
      for (const lang of LANGS) expect(render(lang, documentKindLabel(kind))).not.toContain('documents:');
    }
  });

  it('recognises only known kinds', () => {
    expect(isDocumentKind('domain_certificate')).toBe(true);
    expect(isDocumentKind('passport_scan')).toBe(false);
    expect(isDocumentKind(undefined)).toBe(false);
  });
});

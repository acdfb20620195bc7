import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The pure part of document reading (DESIGN.md: a pure part and thin adapters): what a QR text
 * means, fields from OCR lines, the comparison with the answers and the texts about it. The
 * decoder, the workers and the PDF renderer are the adapters.
 */
const PURE = [
  'documents/qr/licence-qr.ts',
  'documents/ocr/ocr-fields.ts',
  'documents/reading/document-reading.ts',
  'documents/reading/cross-check.ts',
  'documents/reading/reading-messages.ts',
  'documents/reading/staff-summary.ts',
];
const SRC = resolve(import.meta.dirname, '../../src');
const ALLOWED = /^(\.\.?\/)/;
const ADAPTERS =
  /(decode-qr|ocr-reader|ocr-worker|page-reader|page-worker|read-document|pdf-first-page|worker-client)\.ts$/;

describe('document reading: pure part', () => {
  it.each(PURE)('%s imports only relative, pure modules', (file) => {
    const source = readFileSync(resolve(SRC, file), 'utf8');
    const specs = [...source.matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1]!);
    expect(specs.filter((s) => !ALLOWED.test(s) || ADAPTERS.test(s) || s.includes('/db/'))).toEqual([]);
  });
});

/**
 * From the text read on a photo sent instead of typing to the answers it offers (pure): each field
 * read confidently, on the layout the photo's kind has, under the document path it would answer.
 * The applicant taps to use a value; the engine checks it like typed text.
 */
import type { PhotoField } from '../../filing/catalog-types.ts';
import { ocrLayoutOf } from '../ocr/ocr-fields.ts';
import { OCR_CONFIDENT } from './cross-check.ts';
import type { OcrRead } from './document-reading.ts';

export function prefillValues(
  kind: string,
  ocr: OcrRead | undefined,
  paths: Partial<Record<PhotoField, string>>,
): Record<string, string> {
  if (!ocr || ocr.layout !== ocrLayoutOf(kind)) return {};
  const values: Record<string, string> = {};
  for (const [field, path] of Object.entries(paths)) {
    const read = ocr.fields[field];
    // A doubtful read is not offered: one careless tap would put a misread name on the filing.
    if (path && read && read.confidence >= OCR_CONFIDENT) values[path] = read.value;
  }
  return values;
}

/**
 * What was read on one uploaded document (its QR code, its text) and how it compares with the
 * applicant's answers. Stored as JSON with the document row, shown to the staff, and, for a
 * mismatch, to the applicant. Pure types.
 */
import type { OcrLayout, ReadValue } from '../ocr/ocr-fields.ts';

export interface QrFound {
  /** The decoded text, cut to KEPT_QR_TEXT characters. */
  text: string;
  /** The USCC in a licence link; null when the QR is not a licence link or carries none. */
  uscc: string | null;
  /** A government (gov.cn) link: a licence QR, whether or not it carries the USCC. */
  licence: boolean;
}

export interface OcrRead {
  layout: OcrLayout;
  /** For an ID front `name` and `idNumber`; for a licence `companyName` and `uscc`. */
  fields: Record<string, ReadValue>;
}

export type CheckOutcome = 'match' | 'mismatch' | 'unanswered';

export interface FieldCheck {
  source: 'qr' | 'ocr';
  /** The catalog field compared, e.g. `sponsor.documentNumber` or `websites.*.principal.name`. */
  fieldId: string;
  websiteIndex?: number;
  read: string;
  /** The applicant's answer when there is one. */
  answer?: string;
  outcome: CheckOutcome;
}

export interface DocumentReading {
  /** Absent: not looked for (not a licence, or unreadable); null: looked for, none found. */
  qr?: QrFound | null;
  /** Absent: OCR off, its model missing, or a kind it does not read. */
  ocr?: OcrRead;
  checks: FieldCheck[];
}

/** One line per document for the staff: how the QR and OCR checks came out. */
export type QrStatus = 'checked' | 'mismatch' | 'no_qr' | 'not_licence' | 'no_uscc' | 'unanswered';
export type OcrStatus = 'matches' | 'mismatch' | 'unsure';

export function qrStatus(reading: DocumentReading): QrStatus | undefined {
  if (reading.qr === undefined) return undefined;
  if (reading.qr === null) return 'no_qr';
  if (!reading.qr.licence) return 'not_licence';
  if (reading.qr.uscc === null) return 'no_uscc';
  const check = reading.checks.find((c) => c.source === 'qr');
  if (!check || check.outcome === 'unanswered') return 'unanswered';
  return check.outcome === 'match' ? 'checked' : 'mismatch';
}

export function ocrStatus(reading: DocumentReading): OcrStatus | undefined {
  if (!reading.ocr) return undefined;
  const checks = reading.checks.filter((c) => c.source === 'ocr' && c.outcome !== 'unanswered');
  if (checks.some((c) => c.outcome === 'mismatch')) return 'mismatch';
  return checks.length > 0 ? 'matches' : 'unsure';
}

export function mismatches(reading: DocumentReading): FieldCheck[] {
  return reading.checks.filter((c) => c.outcome === 'mismatch');
}

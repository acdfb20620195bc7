/**
 * Compares what was read on a document with the applicant's answers (pure). The most common
 * rejection at real providers is a name, USCC or ID number typed differently from the document,
 * so a difference is worth telling at once; but a misread must not accuse the applicant, so OCR
 * values count only when the model was confident, and numbers only with a valid check character
 * (ocr-fields.ts guarantees that).
 */

import { objOrEmpty, websitesOf } from '../../filing/catalog/draft.ts';
import type { DraftFiling } from '../../filing/catalog-types.ts';
import { SAME_AS_SPONSOR_PRINCIPAL } from '../../filing/enums.ts';
import type { ReadValue } from '../ocr/ocr-fields.ts';
import { compact } from '../ocr/ocr-fields.ts';
import type { DocumentReading, FieldCheck, OcrRead, QrFound } from './document-reading.ts';

/**
 * Below this mean line confidence an OCR value is not compared. PaddleOCR's recogniser scores
 * clean printed text 0.95–1.0 and garbled or partly hidden lines well under 0.9.
 */
export const OCR_CONFIDENT = 0.9;

export interface ReadingInput {
  kind: string;
  websiteIndex?: number;
  qr?: QrFound | null;
  ocr?: OcrRead;
}

export function crossCheck(input: ReadingInput, filing: DraftFiling): DocumentReading {
  const checks: FieldCheck[] = [];
  const sponsor = objOrEmpty(filing.sponsor);
  if (input.qr?.uscc) {
    checks.push(
      compare('qr', 'sponsor.documentNumber', input.qr.uscc, sponsor.documentNumber, normaliseCode),
    );
  }
  const ocr = input.ocr;
  if (ocr?.layout === 'licence') {
    pushConfident(checks, ocr.fields.uscc, 'sponsor.documentNumber', sponsor.documentNumber, normaliseCode);
    pushConfident(checks, ocr.fields.companyName, 'sponsor.name', sponsor.name, normaliseName);
  }
  if (ocr?.layout === 'id_front') {
    const target = principalOf(input, filing);
    if (target) {
      pushConfident(
        checks,
        ocr.fields.name,
        `${target.fieldPrefix}.name`,
        target.answers.name,
        normaliseName,
        target.websiteIndex,
      );
      pushConfident(
        checks,
        ocr.fields.idNumber,
        `${target.fieldPrefix}.idNumber`,
        target.answers.idNumber,
        normaliseCode,
        target.websiteIndex,
      );
    }
  }
  return {
    ...(input.qr !== undefined ? { qr: input.qr } : {}),
    ...(input.ocr ? { ocr: input.ocr } : {}),
    checks,
  };
}

/** The principal whose ID this is: a website's own, or the sponsor's when the website shares it. */
function principalOf(input: ReadingInput, filing: DraftFiling) {
  if (input.kind === 'sponsor_principal_id_front') {
    return { fieldPrefix: 'sponsorPrincipal', answers: objOrEmpty(filing.sponsorPrincipal) };
  }
  if (input.kind !== 'website_principal_id_front' || input.websiteIndex === undefined) return undefined;
  const principal = objOrEmpty(websitesOf(filing)[input.websiteIndex]).principal;
  if (principal === SAME_AS_SPONSOR_PRINCIPAL) {
    return { fieldPrefix: 'sponsorPrincipal', answers: objOrEmpty(filing.sponsorPrincipal) };
  }
  return {
    fieldPrefix: 'websites.*.principal',
    answers: objOrEmpty(principal),
    websiteIndex: input.websiteIndex,
  };
}

function pushConfident(
  checks: FieldCheck[],
  read: ReadValue | undefined,
  fieldId: string,
  answer: unknown,
  normalise: (v: string) => string,
  websiteIndex?: number,
) {
  if (!read || read.confidence < OCR_CONFIDENT) return;
  checks.push(compare('ocr', fieldId, read.value, answer, normalise, websiteIndex));
}

function compare(
  source: FieldCheck['source'],
  fieldId: string,
  read: string,
  answer: unknown,
  normalise: (v: string) => string,
  websiteIndex?: number,
): FieldCheck {
  const base = { source, fieldId, read, ...(websiteIndex !== undefined ? { websiteIndex } : {}) };
  if (typeof answer !== 'string' || answer.trim() === '') return { ...base, outcome: 'unanswered' };
  return { ...base, answer, outcome: normalise(read) === normalise(answer) ? 'match' : 'mismatch' };
}

function normaliseCode(value: string): string {
  return compact(value).toUpperCase();
}

/** NFKC folds the full-width brackets common in names typed on a phone into the licence's half-width ones. */
function normaliseName(value: string): string {
  return compact(value);
}

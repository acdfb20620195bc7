/**
 * What the applicant is told about a document's reading (pure): each difference between the
 * document and the answers, with the value read, and how to fix it; a short line when everything
 * compared matched. Texts: `documents:reading.applicant.*`.
 */
import type { Text } from '../../i18n/index.ts';
import type { DocumentReading, FieldCheck } from './document-reading.ts';

export function readingTexts(reading: DocumentReading): Text[] {
  const compared = reading.checks.filter((c) => c.outcome !== 'unanswered');
  if (compared.length === 0) return [];
  const differences = compared.filter((c) => c.outcome === 'mismatch');
  if (differences.length === 0) return [{ key: 'documents:reading.applicant.matched' }];
  return [
    ...differences.map((c) => ({
      key: `documents:reading.applicant.mismatch.${checkName(c)}`,
      params: { read: c.read, answer: c.answer ?? '' },
    })),
    { key: 'documents:reading.applicant.how_to_fix' },
  ];
}

/** qr_uscc, ocr_uscc, ocr_company_name, ocr_principal_name, ocr_id_number. */
export function checkName(check: FieldCheck): string {
  const field = check.fieldId;
  const what =
    field === 'sponsor.documentNumber'
      ? 'uscc'
      : field === 'sponsor.name'
        ? 'company_name'
        : field.endsWith('.idNumber')
          ? 'id_number'
          : 'principal_name';
  return `${check.source}_${what}`;
}

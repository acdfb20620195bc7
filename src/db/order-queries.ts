/**
 * What the chat needs to know about other orders (issue 15): the applicant's filings approved here
 * (reused by a new website or a change), and the orders with the staff, by sponsor document number
 * (one at a time per sponsor). Plain SQL on the step's session, so it runs inside the step's
 * transaction on every backend.
 */

import { objOrEmpty } from '../filing/catalog/draft.ts';
import { sponsorNumberKey } from '../filing/orders/sponsor-number-key.ts';
import { TERMINAL_STATUSES } from '../review/stages.ts';
import { sponsorNumberLookupHashes } from './filing-search-keys.ts';
import type { PiiCipher } from './pii-cipher.ts';
import type { SqlSession } from './sql-session.ts';

interface Row {
  id: string;
  status: string;
  icp_number: string | null;
  document: unknown;
}

/** The applicant's approved filings that kept their data (not erased), newest first. */
export async function approvedFilingsOf(
  sql: SqlSession,
  pii: PiiCipher,
  applicantId: string,
): Promise<{ icpNumber: string; filing: Record<string, unknown> }[]> {
  const rows = await sql.query<Row>(
    `SELECT id::text AS id, status, icp_number, document FROM filings
     WHERE applicant_id = $1::uuid AND status = 'approved' AND icp_number IS NOT NULL AND erased_at IS NULL
     ORDER BY updated_at DESC`,
    [applicantId],
  );
  return rows.map((row) => ({
    icpNumber: row.icp_number!,
    filing: objOrEmpty(pii.decryptPii(row.document)),
  }));
}

/** Not with the staff: a draft, or an order whose review is over. */
const NOT_IN_PROGRESS: readonly string[] = ['draft', ...TERMINAL_STATUSES];

/**
 * The orders with the staff (any applicant; submitted, in review or waiting for corrections) for
 * these sponsor document numbers, but `exceptFilingId` (the conversation's own), as their sponsor's
 * document number, type and status. Found by the number's keyed hash (indexed), under every
 * readable key, so the work does not grow with the filings in review; rows from before the hash
 * column are read too until they are hashed. The few rows found are decrypted and their number
 * compared again: a hash says nothing certain (a stale key's, a placeholder).
 */
export async function ordersInProgress(
  sql: SqlSession,
  pii: PiiCipher,
  exceptFilingId: string | null,
  documentNumbers: readonly string[],
): Promise<{ documentNumber: string; filingType: string; status: string }[]> {
  const keys = new Set(documentNumbers.map(sponsorNumberKey).filter((key) => key !== ''));
  if (keys.size === 0) return [];
  const statuses = NOT_IN_PROGRESS.map((_, i) => `$${i + 3}`).join(', ');
  const rows = await sql.query<Row>(
    `SELECT id::text AS id, status, icp_number, document FROM filings
     WHERE sponsor_number_hash = ANY(ARRAY(SELECT jsonb_array_elements_text($2::jsonb)))
       AND ($1::text IS NULL OR id <> $1::uuid) AND status NOT IN (${statuses}) AND erased_at IS NULL`,
    [exceptFilingId, JSON.stringify(sponsorNumberLookupHashes(pii, documentNumbers)), ...NOT_IN_PROGRESS],
  );
  return rows.flatMap((row) => {
    const document = objOrEmpty(pii.decryptPii(row.document));
    const documentNumber = objOrEmpty(document.sponsor).documentNumber;
    if (typeof documentNumber !== 'string' || !keys.has(sponsorNumberKey(documentNumber))) return [];
    const type = typeof document.filingType === 'string' ? document.filingType : 'first_filing';
    return [{ documentNumber, filingType: type, status: row.status }];
  });
}

/**
 * The filing approved here that an order on an existing number refers to (a change compares with
 * it). Found by the ICP number the order names, confirmed by the sponsor's document number so a
 * mistyped number never shows another sponsor's record as "before"; failing that, among the same
 * applicant's approved filings by the sponsor's document number.
 */
import type { Tx } from '../db/database.ts';
import { type FilingRecord, findFilings } from '../db/filings.ts';
import type { PrismaClient } from '../db/generated/client.ts';
import type { PiiCipher } from '../db/pii-cipher.ts';
import { orderOf } from '../filing/orders/descriptions.ts';
import { getAt } from '../filing/paths.ts';
import { parseIcpNumber } from '../review/icp-number.ts';
import { documentOf, orderIcpNumberOf, reviewOf } from './staff-view.ts';

/** Enough for every filing of one sponsor number; approved changes of the same number add up slowly. */
const MAX_CANDIDATES = 50;

function documentNumberOf(doc: Record<string, unknown>): string | undefined {
  const value = getAt(doc, 'sponsor.documentNumber');
  return typeof value === 'string' && value.trim() ? value.trim().toUpperCase() : undefined;
}

/** When it was approved: its last stage's start. The latest approval is what is on record now. */
function approvedAt(filing: FilingRecord): string {
  return reviewOf(filing).history.at(-1)?.startedAt ?? '';
}

export async function approvedFilingOf(
  client: PrismaClient | Tx,
  pii: PiiCipher,
  order: FilingRecord,
): Promise<{ id: string; document: Record<string, unknown> } | null> {
  const doc = documentOf(order);
  const documentNumber = documentNumberOf(doc);
  if (documentNumber === undefined) return null;
  const sponsorNumber = parseIcpNumber(orderIcpNumberOf(doc) ?? '')?.sponsorNumber;
  // Only a whole record can be compared with: a first filing or an earlier change (not a
  // cancellation or a new website, which carry the sponsor's identity only).
  const sameSponsor = (row: FilingRecord) =>
    row.id !== order.id &&
    documentNumberOf(documentOf(row)) === documentNumber &&
    orderOf(documentOf(row)).sponsor === 'full';

  // The database narrows by the number's keyed hash; `sameSponsor` compares the decrypted numbers.
  let candidates: FilingRecord[] = [];
  if (sponsorNumber) {
    const rows = await findFilings(client, pii, {
      icpNumber: sponsorNumber,
      sponsorDocumentNumber: documentNumber,
      status: 'approved',
      limit: MAX_CANDIDATES,
    });
    candidates = rows.filter((row) => row.icpNumber === sponsorNumber && sameSponsor(row));
  }
  if (candidates.length === 0) {
    const rows = await findFilings(client, pii, {
      applicantId: order.applicantId,
      sponsorDocumentNumber: documentNumber,
      status: 'approved',
      limit: MAX_CANDIDATES,
    });
    candidates = rows.filter(sameSponsor);
  }
  const latest = candidates.sort((a, b) => approvedAt(b).localeCompare(approvedAt(a)))[0];
  return latest ? { id: latest.id, document: documentOf(latest) } : null;
}

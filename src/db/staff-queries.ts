/**
 * Staff-side queries B's repositories do not have: the review queue, name search inside the
 * document, and remembering where a filing's Slack message is without bumping its version.
 */
import type { Tx } from './database.ts';
import type { FilingRecord } from './filings.ts';
import type { Prisma, PrismaClient } from './generated/client.ts';
import type { PiiCipher } from './pii-cipher.ts';

type Client = PrismaClient | Tx;

function decrypt(pii: PiiCipher, row: Prisma.FilingGetPayload<object>): FilingRecord {
  return { ...row, document: pii.decryptPii(row.document), review: row.review };
}

/** Filings in the given statuses, optionally only one staff member's or only unclaimed ones. */
export async function queueFilings(
  client: Client,
  pii: PiiCipher,
  query: { statuses: readonly string[]; claimedBy?: string | null; limit?: number },
): Promise<FilingRecord[]> {
  const where: Prisma.FilingWhereInput = { status: { in: [...query.statuses] } };
  if (query.claimedBy !== undefined) where.claimedBy = query.claimedBy;
  const rows = await client.filing.findMany({
    where,
    orderBy: [{ stageDueAt: { sort: 'asc', nulls: 'last' } }, { createdAt: 'asc' }],
    take: query.limit ?? 200,
  });
  return rows.map((row) => decrypt(pii, row));
}

/** Part of the sponsor's name or of a principal's name (the sponsor's or the first website's). */
export async function findFilingsByName(
  client: Client,
  pii: PiiCipher,
  name: string,
  limit = 20,
): Promise<FilingRecord[]> {
  const term = name.trim();
  const rows = await client.filing.findMany({
    where: {
      status: { not: 'draft' },
      OR: [
        { sponsorName: { contains: term, mode: 'insensitive' } },
        { document: { path: ['sponsorPrincipal', 'name'], string_contains: term } },
        { document: { path: ['websites', '0', 'principal', 'name'], string_contains: term } },
      ],
    },
    orderBy: { createdAt: 'desc' },
    take: limit,
  });
  return rows.map((row) => decrypt(pii, row));
}

/**
 * Where the triage message lives. Not a change of the filing: the version stays, so the buttons
 * of the message just posted remain valid.
 */
export async function setSlackMessageRef(
  client: Client,
  filingId: string,
  ref: { channel: string; ts: string },
): Promise<void> {
  await client.filing.update({
    where: { id: filingId },
    data: { slackChannel: ref.channel, slackTs: ref.ts },
  });
}

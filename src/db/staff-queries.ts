/**
 * Staff-side queries the filing repository does not have: name search inside the document, and
 * remembering where a filing's Slack message is without bumping its version.
 */
import type { Tx } from './database.ts';
import { decryptFiling, type FilingRecord } from './filings.ts';
import type { PrismaClient } from './generated/client.ts';
import type { PiiCipher } from './pii-cipher.ts';

type Client = PrismaClient | Tx;

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
  return rows.map((row) => decryptFiling(pii, row));
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

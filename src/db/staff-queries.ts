/**
 * Staff-side queries the filing repository does not have: name search inside the document, and
 * remembering where a filing's Slack message is without bumping its version.
 */
import type { Tx } from './database.ts';
import { nameSearchKey } from './filing-search-keys.ts';
import { decryptFiling, type FilingRecord } from './filings.ts';
import type { PrismaClient } from './generated/client.ts';
import type { PiiCipher } from './pii-cipher.ts';

type Client = PrismaClient | Tx;

/**
 * The sponsor's or a principal's full name. Names are stored only as keyed hashes (personal data),
 * so the match is exact, ignoring case, width and spaces; a part of a name finds nothing.
 */
export async function findFilingsByName(
  client: Client,
  pii: PiiCipher,
  name: string,
  limit = 20,
): Promise<FilingRecord[]> {
  const key = nameSearchKey(name);
  if (!key) return [];
  const rows = await client.filing.findMany({
    where: { status: { not: 'draft' }, nameHashes: { hasSome: pii.searchHashes(key) } },
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

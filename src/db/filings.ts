import { checkDomain } from '../filing/validators/domain.ts';
import type { Tx } from './database.ts';
import { VersionConflict } from './errors.ts';
import { filingSearchColumns, nameSearchKey, sponsorNumberLookupHashes } from './filing-search-keys.ts';
import type { Filing, Prisma, PrismaClient } from './generated/client.ts';
import { toJson } from './json.ts';
import type { PiiCipher } from './pii-cipher.ts';
import { sealDocument } from './sealed-rows.ts';

type Client = PrismaClient | Tx;

/** A filing row with its document decrypted (`document` and `review` as plain JSON). */
export type FilingRecord = Omit<Filing, 'document' | 'review'> & { document: unknown; review: unknown };

/** Fields a caller may change; `document` also refreshes the search keys (domains, names, sponsor number). */
export interface FilingChanges {
  document?: unknown;
  status?: string;
  icpNumber?: string | null;
  claimedBy?: string | null;
  stageStartedAt?: Date | null;
  stageDueAt?: Date | null;
  review?: unknown;
  slackChannel?: string | null;
  slackTs?: string | null;
  submittedAt?: Date | null;
}

/** A filing row with its document decrypted. */
export function decryptFiling(pii: PiiCipher, row: Filing): FilingRecord {
  return { ...row, document: pii.decryptPii(row.document), review: row.review };
}

function toData(pii: PiiCipher, changes: FilingChanges): Prisma.FilingUpdateInput {
  const { document, review, ...rest } = changes;
  const data: Prisma.FilingUpdateInput = { ...rest };
  if (document !== undefined) {
    Object.assign(data, filingSearchColumns(pii, document));
    data.document = toJson(sealDocument(pii, document));
    data.sponsorName = null;
  }
  if (review !== undefined) data.review = toJson(review);
  return data;
}

export async function createFiling(
  client: Client,
  pii: PiiCipher,
  input: { applicantId: string; document: unknown; status?: string },
): Promise<FilingRecord> {
  const row = await client.filing.create({
    data: {
      applicantId: input.applicantId,
      status: input.status ?? 'draft',
      document: toJson(sealDocument(pii, input.document)),
      ...filingSearchColumns(pii, input.document),
    },
  });
  return decryptFiling(pii, row);
}

export async function getFiling(client: Client, pii: PiiCipher, id: string): Promise<FilingRecord | null> {
  const row = await client.filing.findUnique({ where: { id } });
  return row ? decryptFiling(pii, row) : null;
}

/** Locks the filing row for the rest of the transaction (staff actions that must not interleave). */
export async function getFilingForUpdate(tx: Tx, pii: PiiCipher, id: string): Promise<FilingRecord | null> {
  await tx.$queryRaw`SELECT id FROM filings WHERE id = ${id}::uuid FOR UPDATE`;
  return getFiling(tx, pii, id);
}

/**
 * Applies `changes` only if the filing is still at `expectedVersion` (two staff clicking at once:
 * the second gets VersionConflict), and bumps the version. Returns the updated filing.
 */
export async function updateFiling(
  client: Client,
  pii: PiiCipher,
  id: string,
  expectedVersion: number,
  changes: FilingChanges,
): Promise<FilingRecord> {
  try {
    const row = await client.filing.update({
      where: { id, version: expectedVersion },
      data: { ...toData(pii, changes), version: { increment: 1 } },
    });
    return decryptFiling(pii, row);
  } catch (error) {
    // P2025: no row with this id at this version.
    if ((error as { code?: unknown }).code === 'P2025')
      throw new VersionConflict('filing', id, expectedVersion);
    throw error;
  }
}

export interface FilingQuery {
  /** Exact domain (case-insensitive): uses the GIN index on `domains`. */
  domain?: string;
  icpNumber?: string;
  /** A sponsor's or principal's full name (exact, ignoring case and spaces: only its keyed hash is stored). */
  sponsorName?: string;
  /**
   * The sponsor's document number, by its keyed hash (indexed): rows not yet hashed are included,
   * so the caller compares the decrypted numbers of what is found.
   */
  sponsorDocumentNumber?: string;
  status?: string | readonly string[];
  applicantId?: string;
  /** One staff member's filings; null: only unclaimed ones. */
  claimedBy?: string | null;
  limit?: number;
}

function searchDomain(typed: string): string {
  const checked = checkDomain(typed);
  return checked.ok ? checked.value : typed.trim().toLowerCase();
}

/** Staff search (`/icp`, App Home, `icp staff list`): most urgent stage first. */
export async function findFilings(
  client: Client,
  pii: PiiCipher,
  query: FilingQuery,
): Promise<FilingRecord[]> {
  const where: Prisma.FilingWhereInput = {};
  // Staff may type a Chinese domain (例子.中国); the search key is the stored punycode.
  if (query.domain) where.domains = { has: searchDomain(query.domain) };
  if (query.icpNumber) where.icpNumber = { startsWith: query.icpNumber.trim() };
  if (query.sponsorName) where.nameHashes = { hasSome: pii.searchHashes(nameSearchKey(query.sponsorName)) };
  if (query.sponsorDocumentNumber !== undefined) {
    where.sponsorNumberHash = { in: sponsorNumberLookupHashes(pii, [query.sponsorDocumentNumber]) };
  }
  if (query.status)
    where.status = typeof query.status === 'string' ? query.status : { in: [...query.status] };
  if (query.applicantId) where.applicantId = query.applicantId;
  if (query.claimedBy !== undefined) where.claimedBy = query.claimedBy;
  const rows = await client.filing.findMany({
    where,
    orderBy: [{ stageDueAt: { sort: 'asc', nulls: 'last' } }, { createdAt: 'asc' }],
    take: query.limit ?? 50,
  });
  return rows.map((row) => decryptFiling(pii, row));
}

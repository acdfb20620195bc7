/**
 * Hashes the sponsor document numbers of filings written before `sponsor_number_hash` existed
 * (migration 20261207053158 marked them `pending`: SQL has no key to compute the HMAC with). Run at
 * start-up, after the migrations; once every row is hashed it costs one indexed probe. Until then
 * the order lookup still finds these rows (it reads `pending` ones and compares their decrypted
 * numbers), so the app may serve meanwhile, and `icp keys rotate` hashes them too.
 */
import type { Database } from './database.ts';
import { filingSearchKeys, PENDING_SPONSOR_NUMBER_HASH, sponsorNumberHash } from './filing-search-keys.ts';

const SELECT_PENDING = `SELECT id::text AS id, document FROM filings
  WHERE sponsor_number_hash = '${PENDING_SPONSOR_NUMBER_HASH}' AND id > $1::uuid ORDER BY id LIMIT $2`;

// Only where the row still holds the document read: a row the app rewrote meanwhile got its hash then.
const SET_HASHES = `UPDATE filings t SET sponsor_number_hash = x.hash
  FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, old jsonb, hash text)
  WHERE t.id = x.id AND t.document = x.old AND t.sponsor_number_hash = '${PENDING_SPONSOR_NUMBER_HASH}'`;

const FIRST_UUID = '00000000-0000-0000-0000-000000000000';

/** Returns how many rows were read (0 once every filing is hashed). */
export async function hashPendingSponsorNumbers(
  db: Pick<Database, 'prisma' | 'pii'>,
  { batchSize = 500 }: { batchSize?: number } = {},
): Promise<number> {
  const { prisma, pii } = db;
  let after = FIRST_UUID;
  let total = 0;
  for (;;) {
    const rows = await prisma.$queryRawUnsafe<{ id: string; document: unknown }[]>(
      SELECT_PENDING,
      after,
      batchSize,
    );
    if (rows.length === 0) return total;
    const changes = rows.map((row) => ({
      id: row.id,
      old: row.document,
      hash: sponsorNumberHash(pii, filingSearchKeys(pii.decryptPii(row.document)).sponsorNumber),
    }));
    await prisma.$executeRawUnsafe(SET_HASHES, JSON.stringify(changes));
    total += rows.length;
    after = rows[rows.length - 1]!.id;
  }
}

/**
 * Key rotation, the database part (issue 13): every stored value not under the current PII key is
 * decrypted with the key it was written with and written again under the current one, table by
 * table, in small batches, each its own statement. The app keeps running meanwhile: it reads both
 * keys and writes only the current one, and a batch's update applies only where the row still holds
 * the value the batch read (a row the app rewrote meanwhile is already current).
 *
 * A crash between batches loses nothing: which rows still need work is decided from the rows
 * themselves (an `enc:v1:` value, an `enc:v2:` value of another key id, a document or state not yet
 * sealed whole, an email in clear), so a rerun simply continues. Tables covered: filings,
 * conversations, applicants (email), email_verifications (email), documents (blob data keys),
 * events, outbox. Search hashes (names, email, the sponsor's document number) are keyed by the
 * current key too, and are recomputed with the values.
 */
import type { Database } from '../db/database.ts';
import { filingSearchColumns, PENDING_SPONSOR_NUMBER_HASH } from '../db/filing-search-keys.ts';
import { isEncrypted, type PiiCipher } from '../db/pii-cipher.ts';
import { sealDocument, sealState } from '../db/sealed-rows.ts';

export interface RewrapOptions {
  /** Rows per batch (default 500). */
  batchSize?: number;
  /** Called after each committed batch (progress; tests inject a crash here). */
  afterBatch?: (progress: { table: string; rows: number; total: number }) => void | Promise<void>;
}

export interface RewrapReport {
  /** Rows rewritten per table. */
  rewritten: Record<string, number>;
  /** Rows still not under the current key (0 after a complete run). */
  remaining: number;
}

type Row = { id: string; value: unknown };

interface TableJob {
  name: string;
  /** SQL selecting `id::text AS id, <column> AS value` of rows that still need work, after a cursor. */
  select: string;
  /** SQL applying one batch given `$1` = JSON array of {id, old, ...new columns}. */
  update: string;
  /** The new column values of one row, or undefined to skip (nothing to change). */
  rewrite(pii: PiiCipher, value: unknown): Record<string, unknown> | undefined;
  /** Count of rows still needing work (for the final check). */
  remaining: string;
}

/** `enc:v1:` anywhere, or `enc:v2:` of a key id other than the current one ($1). */
const STALE_JSON = (column: string) => `${column}::text ~ ('enc:v(1:|2:(?!' || $1 || ':))')`;

/** Every `enc:` string in a JSON value re-encrypted under the current key (the rest shared). */
function rewrapJson(pii: PiiCipher, value: unknown): unknown {
  if (typeof value === 'string') {
    return pii.needsRewrap(value) ? pii.encryptValue(pii.decryptValue(value)) : value;
  }
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => rewrapJson(pii, item));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = rewrapJson(pii, v);
  return out;
}

/** An email address column and its search hash, under the current key. */
function rewrapAddress(pii: PiiCipher, value: unknown): Record<string, unknown> {
  // An address stored in clear by the version before encryption at rest is taken as it is.
  const stored = String(value);
  const address = isEncrypted(stored) ? pii.decryptValue(stored) : stored.toLowerCase();
  return { email: pii.encryptValue(address), email_hash: pii.searchHash(address) };
}

/** A table with an encrypted `email` and its `email_hash` (`where`: rows to leave out, as a prefix). */
function addressJob(table: string, where = ''): TableJob {
  const needsWork = `${where}email NOT LIKE ('enc:v2:' || $1 || ':%')`;
  return {
    name: table,
    select: `SELECT id::text AS id, email AS value FROM ${table}
      WHERE id > $2::uuid AND ${needsWork} ORDER BY id LIMIT $3`,
    update: `UPDATE ${table} t SET email = x.email, email_hash = x.email_hash
      FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, old text, email text, email_hash text)
      WHERE t.id = x.id AND t.email = x.old`,
    rewrite: rewrapAddress,
    remaining: `SELECT count(*)::int AS n FROM ${table} WHERE ${needsWork}`,
  };
}

/** A filing not all under the current key, or whose sponsor number was never hashed (a row from before the column). */
const FILING_NEEDS_WORK = `NOT (document ? '$enc') OR ${STALE_JSON('document')} OR sponsor_name IS NOT NULL
  OR sponsor_number_hash = '${PENDING_SPONSOR_NUMBER_HASH}'`;

const JOBS: TableJob[] = [
  {
    name: 'filings',
    select: `SELECT id::text AS id, document AS value FROM filings
      WHERE id > $2::uuid AND (${FILING_NEEDS_WORK}) ORDER BY id LIMIT $3`,
    update: `UPDATE filings t SET document = x.document, sponsor_name = NULL,
        name_hashes = ARRAY(SELECT jsonb_array_elements_text(x.name_hashes)),
        sponsor_number_hash = x.sponsor_number_hash
      FROM jsonb_to_recordset($1::jsonb)
        AS x(id uuid, old jsonb, document jsonb, name_hashes jsonb, sponsor_number_hash text)
      WHERE t.id = x.id AND t.document = x.old`,
    rewrite(pii, value) {
      const plain = pii.decryptPii(value);
      const columns = filingSearchColumns(pii, plain);
      return {
        document: sealDocument(pii, plain),
        name_hashes: columns.nameHashes,
        sponsor_number_hash: columns.sponsorNumberHash,
      };
    },
    remaining: `SELECT count(*)::int AS n FROM filings WHERE ${FILING_NEEDS_WORK}`,
  },
  {
    name: 'conversations',
    select: `SELECT id::text AS id, state AS value FROM conversations
      WHERE id > $2::uuid AND (NOT (state ? '$enc') OR ${STALE_JSON('state')})
      ORDER BY id LIMIT $3`,
    update: `UPDATE conversations t SET state = x.state
      FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, old jsonb, state jsonb)
      WHERE t.id = x.id AND t.state = x.old`,
    // The version stays: the state means the same, so a cached copy of it in the app is still right.
    rewrite: (pii, value) => ({ state: sealState(pii, pii.decryptPii(value)) }),
    remaining: `SELECT count(*)::int AS n FROM conversations WHERE NOT (state ? '$enc') OR ${STALE_JSON('state')}`,
  },
  addressJob('applicants', 'email IS NOT NULL AND '),
  // The addresses codes were sent to: encrypted and hashed as the account's address is.
  addressJob('email_verifications'),
  {
    name: 'documents',
    select: `SELECT id::text AS id, wrapped_key AS value FROM documents
      WHERE id > $2::uuid AND wrapped_key IS NOT NULL AND wrapped_key NOT LIKE ('enc:v2:' || $1 || ':%')
      ORDER BY id LIMIT $3`,
    update: `UPDATE documents t SET wrapped_key = x.wrapped_key
      FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, old text, wrapped_key text)
      WHERE t.id = x.id AND t.wrapped_key = x.old`,
    // Only the small data key is re-wrapped; the object in storage does not change.
    rewrite: (pii, value) => ({ wrapped_key: pii.encryptValue(pii.decryptValue(String(value))) }),
    remaining: `SELECT count(*)::int AS n FROM documents
      WHERE wrapped_key IS NOT NULL AND wrapped_key NOT LIKE ('enc:v2:' || $1 || ':%')`,
  },
  ...(['events', 'outbox'] as const).map(
    (table): TableJob => ({
      name: table,
      select: `SELECT id::text AS id, ${table === 'events' ? 'data' : 'payload'} AS value FROM ${table}
        WHERE id > $2::bigint AND ${STALE_JSON(table === 'events' ? 'data' : 'payload')}
        ORDER BY id LIMIT $3`,
      update: `UPDATE ${table} t SET ${table === 'events' ? 'data' : 'payload'} = x.value
        FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, old jsonb, value jsonb)
        WHERE t.id = x.id AND t.${table === 'events' ? 'data' : 'payload'} = x.old`,
      rewrite: (pii, value) => ({ value: rewrapJson(pii, value) }),
      remaining: `SELECT count(*)::int AS n FROM ${table} WHERE ${STALE_JSON(table === 'events' ? 'data' : 'payload')}`,
    }),
  ),
];

const FIRST_ID: Record<string, string> = {
  events: '0',
  outbox: '0',
};
const FIRST_UUID = '00000000-0000-0000-0000-000000000000';

/** Re-encrypts every row not under the current key; safe to run again after a crash, and alongside the app. */
export async function rewrapRows(
  db: Pick<Database, 'prisma' | 'pii'>,
  options: RewrapOptions = {},
): Promise<RewrapReport> {
  const { prisma, pii } = db;
  const batchSize = options.batchSize ?? 500;
  const current = pii.currentKeyId;
  const rewritten: Record<string, number> = {};
  for (const job of JOBS) {
    let after = FIRST_ID[job.name] ?? FIRST_UUID;
    let total = 0;
    for (;;) {
      const rows = await prisma.$queryRawUnsafe<Row[]>(job.select, current, after, batchSize);
      if (rows.length === 0) break;
      const changes: Record<string, unknown>[] = [];
      for (const row of rows) {
        const next = job.rewrite(pii, row.value);
        if (next) changes.push({ id: row.id, old: row.value, ...next });
      }
      if (changes.length > 0) await prisma.$executeRawUnsafe(job.update, JSON.stringify(changes));
      total += rows.length;
      after = rows[rows.length - 1]!.id;
      await options.afterBatch?.({ table: job.name, rows: rows.length, total });
    }
    rewritten[job.name] = total;
  }
  return { rewritten, remaining: await remainingRows(db) };
}

/** Rows still holding a value the current key did not write (0: the old keys can be retired). */
export async function remainingRows(db: Pick<Database, 'prisma' | 'pii'>): Promise<number> {
  let remaining = 0;
  for (const job of JOBS) {
    const rows = await db.prisma.$queryRawUnsafe<{ n: number }[]>(job.remaining, db.pii.currentKeyId);
    remaining += rows[0]?.n ?? 0;
  }
  return remaining;
}

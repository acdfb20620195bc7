import { type Database, runInTransaction, type Tx } from './database.ts';
import { VersionConflict } from './errors.ts';
import { toJson } from './json.ts';
import type { PiiCipher } from './pii-cipher.ts';
import { sealState } from './sealed-rows.ts';

/** A conversation row held under `SELECT ... FOR UPDATE` until the transaction ends. */
export interface LockedConversation {
  id: string;
  applicantId: string;
  filingId: string | null;
  /** Decrypted engine state; undefined until the first commit (version 0). */
  state: unknown;
  version: number;
  /** Writes the new state (ID numbers encrypted) and bumps the version; returns the new version. */
  save(state: unknown, changes?: { filingId?: string | null }): Promise<number>;
}

interface ConversationRow {
  id: string;
  filing_id: string | null;
  state: unknown;
  version: number;
}

/**
 * Creates the applicant's conversation if missing, then locks it: a second transaction for the
 * same applicant waits here until this one commits, so inputs apply one after the other.
 */
export async function lockConversation(
  tx: Tx,
  pii: PiiCipher,
  applicantId: string,
): Promise<LockedConversation> {
  const select = () => tx.$queryRaw<ConversationRow[]>`
    SELECT id::text AS id, filing_id::text AS filing_id, state, version
    FROM conversations WHERE applicant_id = ${applicantId}::uuid FOR UPDATE`;
  let rows = await select();
  if (rows.length === 0) {
    // First input: create the row (a racing first input may win; either way we then lock it).
    await tx.$executeRaw`
      INSERT INTO conversations (id, applicant_id, state, version, updated_at)
      VALUES (gen_random_uuid(), ${applicantId}::uuid, '{}'::jsonb, 0, now())
      ON CONFLICT (applicant_id) DO NOTHING`;
    rows = await select();
  }
  const row = rows[0];
  if (!row) throw new Error(`conversation of applicant ${applicantId} vanished while locking`);
  const locked: LockedConversation = {
    id: row.id,
    applicantId,
    filingId: row.filing_id,
    state: row.version === 0 ? undefined : pii.decryptPii(row.state),
    version: row.version,
    save: async (state, changes = {}) => {
      const updated = await tx.conversation.updateMany({
        where: { id: locked.id, version: locked.version },
        data: {
          state: toJson(sealState(pii, state)),
          version: { increment: 1 },
          ...(changes.filingId !== undefined ? { filingId: changes.filingId } : {}),
        },
      });
      if (updated.count !== 1) throw new VersionConflict('conversation', locked.id, locked.version);
      locked.version += 1;
      locked.state = state;
      if (changes.filingId !== undefined) locked.filingId = changes.filingId;
      return locked.version;
    },
  };
  return locked;
}

/**
 * Runs `fn` with the applicant's conversation locked, in one transaction with everything `fn`
 * writes through `tx` (filing, events, outbox): all committed together, or nothing.
 */
export function withConversationLock<T>(
  db: Pick<Database, 'prisma' | 'pii'>,
  applicantId: string,
  fn: (conversation: LockedConversation, tx: Tx) => Promise<T>,
): Promise<T> {
  return runInTransaction(db, async (tx) => fn(await lockConversation(tx, db.pii, applicantId), tx));
}

/** Read-only view (no lock), for status screens and tests. */
export async function readConversation(
  client: Pick<Tx, 'conversation'>,
  pii: PiiCipher,
  applicantId: string,
): Promise<{ id: string; filingId: string | null; state: unknown; version: number } | null> {
  const row = await client.conversation.findUnique({ where: { applicantId } });
  if (!row) return null;
  return {
    id: row.id,
    filingId: row.filingId,
    state: row.version === 0 ? undefined : pii.decryptPii(row.state),
    version: row.version,
  };
}

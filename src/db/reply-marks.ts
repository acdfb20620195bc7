/**
 * "This reply row was delivered by the channel itself": the flag that keeps the notify worker
 * from sending a live reply a second time. Marks of replies finishing together are written in
 * one statement, one after the other batch, so a burst of chats costs a few statements, not
 * one each. On PostgreSQL the batch commits without waiting for the WAL flush: the flag carries
 * nothing the applicant sent, and if a crash loses it the worker sends that reply again after
 * the grace period (the same at-least-once outcome as a crash between sending and marking).
 */
import type { Database } from './database.ts';
import { runSqlStatement } from './sql-session.ts';

export interface ReplyMarks {
  /** Resolves once the row is marked (with the other marks of its batch). */
  mark(id: bigint, at: Date): Promise<void>;
}

type MarkDb = Pick<Database, 'prisma'> & Partial<Pick<Database, 'pool' | 'pglite'>>;

interface Waiting {
  id: bigint;
  at: Date;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export function createReplyMarks(db: MarkDb): ReplyMarks {
  let waiting: Waiting[] = [];
  let flushing = false;

  async function flush(): Promise<void> {
    flushing = true;
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      try {
        await markSent(db, batch);
        for (const w of batch) w.resolve();
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    flushing = false;
  }

  return {
    mark(id, at) {
      return new Promise<void>((resolve, reject) => {
        waiting.push({ id, at, resolve, reject });
        if (!flushing) void flush();
      });
    },
  };
}

async function markSent(db: MarkDb, batch: readonly Waiting[]): Promise<void> {
  // One time for the batch: the latest (the rows were all sent by then).
  const at = new Date(Math.max(...batch.map((w) => w.at.getTime()))).toISOString();
  const ids = batch.map((w) => w.id.toString());
  const update = (list: string) =>
    `UPDATE outbox SET sent_at = '${at}'::timestamptz, last_error = NULL WHERE id IN (${list}) AND sent_at IS NULL`;
  if (db.pool) {
    // Literals only (bigints and an ISO time we made), so the simple protocol can carry both
    // statements in one round trip; they run as one implicit transaction, which SET LOCAL covers.
    await db.pool.query(`SET LOCAL synchronous_commit TO OFF; ${update(ids.join(','))}`);
    return;
  }
  await runSqlStatement(
    db,
    'UPDATE outbox SET sent_at = $2::timestamptz, last_error = NULL WHERE id = ANY($1::bigint[]) AND sent_at IS NULL',
    [`{${ids.join(',')}}`, at],
  );
}

/**
 * "This reply row was delivered by the channel itself": the flag that keeps the notify worker
 * from sending a live reply a second time, after the reply's grace period (30 s). Marks are
 * queued and written together a moment later (100 ms), so answering costs no round trip for them
 * and a busy minute a few hundred statements instead of one per reply. On PostgreSQL a batch
 * commits without waiting for the WAL flush: the flag carries nothing the applicant sent, and if
 * a crash loses it the worker sends those replies again after the grace period (the same
 * at-least-once outcome as a crash between sending and marking).
 */
import type { Database } from './database.ts';
import { runSqlStatement } from './sql-session.ts';

export interface ReplyMarks {
  /** Queues the mark; it is written with the others of its batch within `delayMs`. */
  mark(id: bigint, at: Date): void;
  /** Writes the queued marks now (shutdown; tests). */
  flush(): Promise<void>;
}

type MarkDb = Pick<Database, 'prisma'> & Partial<Pick<Database, 'pool' | 'pglite'>>;

export interface ReplyMarksOptions {
  /** How long a mark may wait for others: far below the reply grace period (30 s by default). */
  delayMs?: number;
  /** A batch could not be written; its marks are tried again with the next one. */
  onError?: (error: unknown) => void;
}

/** A batch this big is written at once, without waiting for the delay. */
const MAX_BATCH = 500;

export function createReplyMarks(db: MarkDb, options: ReplyMarksOptions = {}): ReplyMarks {
  const delayMs = options.delayMs ?? 100;
  let queued = new Map<bigint, Date>();
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    // One batch at a time, in order; each takes what is queued when its turn comes.
    writing = writing.then(async () => {
      if (queued.size === 0) return;
      const batch = queued;
      queued = new Map();
      try {
        await markSent(db, batch);
      } catch (error) {
        for (const [id, at] of batch) if (!queued.has(id)) queued.set(id, at);
        options.onError?.(error);
      }
    });
    return writing;
  }

  return {
    mark(id, at) {
      queued.set(id, at);
      if (queued.size >= MAX_BATCH) void flush();
      else if (!timer) {
        timer = setTimeout(() => void flush(), delayMs);
        // Pending marks never keep the process alive: close() flushes them on shutdown.
        timer.unref();
      }
    },
    flush,
  };
}

async function markSent(db: MarkDb, batch: ReadonlyMap<bigint, Date>): Promise<void> {
  // One time for the batch: the latest (the rows were all sent by then).
  const at = new Date(Math.max(...[...batch.values()].map((d) => d.getTime()))).toISOString();
  const ids = [...batch.keys()].map((id) => id.toString());
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

import type { Database } from '../../src/db/database.ts';
import { enqueueOutbox } from '../../src/db/outbox.ts';
import type { NotifyLogger } from '../../src/notify/notify-logger.ts';

/**
 * A frozen clock a minute ahead of real time: rows enqueued during the test (stamped with the real
 * time by the db layer) are due for it, and it only moves when the test says so.
 */
export function frozenClock(start = new Date(Date.now() + 60_000)) {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance(ms: number) {
      current += ms;
    },
    set(at: Date) {
      current = at.getTime();
    },
  };
}

let seq = 0;
/** A name no other test in the run uses (topics, order keys, chat ids). */
export function unique(prefix: string): string {
  seq += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${seq}`;
}

export async function enqueue(
  db: Database,
  rows: { topic: string; orderKey: string; payload: unknown; dedupeKey?: string }[],
  notBefore?: Date,
): Promise<bigint[]> {
  const ids: bigint[] = [];
  for (const row of rows) {
    const id = await db.prisma.$transaction((tx) =>
      enqueueOutbox(tx, db.pii, { ...row, ...(notBefore ? { notBefore } : {}) }),
    );
    if (id !== null) ids.push(id);
  }
  return ids;
}

export interface LogRecord {
  level: string;
  obj: Record<string, unknown>;
  msg: string;
}

export function recordingLogger(): NotifyLogger & { records: LogRecord[] } {
  const records: LogRecord[] = [];
  const at = (level: string) => (obj: Record<string, unknown>, msg: string) => {
    records.push({ level, obj, msg });
  };
  return { records, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

import type { Tx } from './database.ts';
import type { Outbox, PrismaClient } from './generated/client.ts';
import type { PiiCipher } from './pii-cipher.ts';
import { prismaSession } from './sql-session.ts';
import { StepStatement } from './step-sql.ts';

type Client = PrismaClient | Tx;

export type OutboxTopic = 'chat_reply' | 'status_ping' | 'email' | 'slack_triage' | (string & {});

export interface NewOutboxMessage {
  topic: OutboxTopic;
  /** Messages sharing it are delivered in id order, one at a time (e.g. `telegram:<chat id>`). */
  orderKey: string;
  payload: unknown;
  /** Enqueueing the same key again is a no-op (exactly once per transition). */
  dedupeKey?: string;
  /** Not before this time (reminders, or a grace period for replies the caller sends itself). */
  notBefore?: Date;
  /** Store the whole payload encrypted (chat replies can quote ID numbers in summaries). */
  seal?: boolean;
}

export interface OutboxMessage {
  id: bigint;
  topic: string;
  orderKey: string;
  payload: unknown;
  dedupeKey: string | null;
  /** Including the current one. */
  attempts: number;
  createdAt: Date;
}

const SEALED = '$sealed';

/** The payload as stored: sealed whole, or with its ID numbers encrypted. */
export function storedOutboxPayload(
  pii: PiiCipher,
  message: Pick<NewOutboxMessage, 'payload' | 'seal'>,
): unknown {
  return message.seal
    ? { [SEALED]: pii.encryptValue(JSON.stringify(message.payload)) }
    : pii.encryptPii(message.payload);
}

/** The row's values as the step statements take them (payload as stored, due time now by default). */
export function outboxRowJson(pii: PiiCipher, outbox: NewOutboxMessage) {
  return {
    topic: outbox.topic,
    orderKey: outbox.orderKey,
    payload: storedOutboxPayload(pii, outbox),
    dedupeKey: outbox.dedupeKey ?? null,
    notBefore: (outbox.notBefore ?? new Date()).toISOString(),
  };
}

/** The reply (or ping) row as a statement part; nothing when its dedupe key was used before. Returns its id. */
export function outboxInsert(q: StepStatement, pii: PiiCipher, outbox: NewOutboxMessage): string {
  const row = outboxRowJson(pii, outbox);
  return `INSERT INTO outbox (topic, order_key, payload, dedupe_key, next_attempt_at)
    VALUES (${q.p(row.topic)}::text, ${q.p(row.orderKey)}::text, ${q.p(JSON.stringify(row.payload))}::jsonb,
            ${q.p(row.dedupeKey)}::text, ${q.p(row.notBefore)}::timestamptz)
    ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`;
}

/**
 * Adds a message in the caller's transaction, so it exists exactly when the change that caused
 * it commits. Returns the row id, or null when `dedupeKey` was already used.
 */
export async function enqueueOutbox(
  tx: Tx,
  pii: PiiCipher,
  message: NewOutboxMessage,
): Promise<bigint | null> {
  const q = new StepStatement();
  const rows = await prismaSession(tx).query<{ id: bigint | string }>(
    outboxInsert(q, pii, message),
    q.params,
  );
  const id = rows[0]?.id;
  return id === undefined ? null : BigInt(id);
}

function openPayload(pii: PiiCipher, stored: unknown): unknown {
  if (stored && typeof stored === 'object' && SEALED in stored) {
    return JSON.parse(pii.decryptValue(String((stored as Record<string, unknown>)[SEALED])));
  }
  return pii.decryptPii(stored);
}

interface ClaimedRow {
  id: bigint;
  topic: string;
  order_key: string;
  payload: unknown;
  dedupe_key: string | null;
  attempts: number;
  created_at: Date;
}

/**
 * Takes up to `limit` due messages for this worker: the oldest unsent one of each order key,
 * skipping rows another worker holds (`FOR UPDATE SKIP LOCKED`). Claiming pushes their due
 * time `leaseMs` ahead, so a worker that dies mid-delivery leaves them to be claimed again.
 * Call outside any other transaction; then `markOutboxSent` or `retryOutboxLater` each one.
 */
export async function claimOutbox(
  client: PrismaClient,
  pii: PiiCipher,
  opts: { now: Date; limit?: number; leaseMs?: number; topics?: string[] },
): Promise<OutboxMessage[]> {
  const leaseUntil = new Date(opts.now.getTime() + (opts.leaseMs ?? 60_000));
  const topics = opts.topics ?? null;
  const rows = await client.$queryRaw<ClaimedRow[]>`
    UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ${leaseUntil}
    WHERE id IN (
      SELECT o.id FROM outbox o
      WHERE o.sent_at IS NULL AND o.failed_at IS NULL AND o.next_attempt_at <= ${opts.now}
        AND (${topics}::text[] IS NULL OR o.topic = ANY(${topics}::text[]))
        AND NOT EXISTS (
          SELECT 1 FROM outbox p
          WHERE p.order_key = o.order_key AND p.id < o.id AND p.sent_at IS NULL AND p.failed_at IS NULL)
      ORDER BY o.id
      LIMIT ${opts.limit ?? 10}
      FOR UPDATE SKIP LOCKED)
    RETURNING id, topic, order_key, payload, dedupe_key, attempts, created_at`;
  return rows
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((row) => ({
      id: BigInt(row.id),
      topic: row.topic,
      orderKey: row.order_key,
      payload: openPayload(pii, row.payload),
      dedupeKey: row.dedupe_key,
      attempts: Number(row.attempts),
      createdAt: new Date(row.created_at),
    }));
}

export async function markOutboxSent(client: Client, id: bigint, now: Date): Promise<void> {
  await client.outbox.updateMany({ where: { id, sentAt: null }, data: { sentAt: now, lastError: null } });
}

/** Delivery failed for now (429, 5xx, network): try again at `at`. */
export async function retryOutboxLater(client: Client, id: bigint, error: string, at: Date): Promise<void> {
  await client.outbox.updateMany({
    where: { id, sentAt: null },
    data: { nextAttemptAt: at, lastError: error.slice(0, 1000) },
  });
}

/** Gives up (permanent error); later messages of the same order key are no longer held back. */
export async function failOutbox(client: Client, id: bigint, error: string, now: Date): Promise<void> {
  await client.outbox.updateMany({
    where: { id, sentAt: null },
    data: { failedAt: now, lastError: error.slice(0, 1000) },
  });
}

/** Rows not yet sent nor given up, oldest first (status screens, tests). */
export function pendingOutbox(
  client: Client,
  where: { topic?: string; orderKey?: string } = {},
): Promise<Outbox[]> {
  return client.outbox.findMany({
    where: { sentAt: null, failedAt: null, ...where },
    orderBy: { id: 'asc' },
  });
}

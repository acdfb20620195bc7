/**
 * Delivers the outbox: claims due rows (the oldest unsent one of each order key, FOR UPDATE SKIP
 * LOCKED, under a lease), hands each to its topic's handler, then marks it sent, schedules a retry
 * with backoff, or gives it up.
 *
 * - Order: the claim query only offers the head of each order key, so one chat's messages go out
 *   one after the other; different keys run side by side.
 * - Exactly once: a row is marked sent right after its handler succeeds, and the dedupe key on
 *   enqueue keeps one row per transition. The one window left is a crash between a successful send
 *   and that mark: the lease then expires and the message goes again (at least once, never lost).
 * - Several workers (processes or instances) may run on one database: SKIP LOCKED and the lease
 *   keep them off each other's rows.
 * - Timing: a poll every `pollMs` (default 1 s: a ping is a human-scale event, and the query is
 *   one indexed scan) plus `wake()`, which callers invoke right after committing a transaction
 *   that enqueued something, so a ping leaves within milliseconds in the same process.
 */
import type { Database } from '../db/database.ts';
import {
  claimOutbox,
  failOutbox,
  markOutboxSent,
  type OutboxMessage,
  retryOutboxLater,
} from '../db/outbox.ts';
import { metrics } from '../ops/metrics.ts';
import { type BackoffPolicy, DEFAULT_BACKOFF, retryDelayMs } from './backoff.ts';
import { classifyDeliveryError, type DeliveryFailure } from './delivery-failure.ts';
import { type NotifyLogger, silentLogger } from './notify-logger.ts';

export type OutboxHandler = (message: OutboxMessage) => Promise<void>;

export interface OutboxWorkerOptions {
  db: Pick<Database, 'prisma' | 'pii'>;
  /** One per topic this worker delivers; rows of other topics are left to whoever handles them. */
  handlers: Record<string, OutboxHandler>;
  now?: () => Date;
  /** Default 1000 ms. 0 = no timer (tests call `drain()`). */
  pollMs?: number;
  /** Rows claimed per round (at most one per order key). Default 20. */
  batchSize?: number;
  /** How long a claimed row stays reserved; a worker that dies loses it back after this. Default 2 min. */
  leaseMs?: number;
  backoff?: BackoffPolicy;
  /** A transient failure this many times over gives the row up. Default 30 (~2 h at a 5-min cap). */
  maxAttempts?: number;
  classify?: (error: unknown) => DeliveryFailure;
  logger?: NotifyLogger;
}

export interface OutboxWorker {
  /** Something was just committed: look now instead of at the next poll. */
  wake(): void;
  /** Delivers until nothing is due at `now()`; resolves with the number of rows handled. */
  drain(): Promise<number>;
  /** Stops polling and waits for the round in progress. */
  stop(): Promise<void>;
}

export function startOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const now = options.now ?? (() => new Date());
  const pollMs = options.pollMs ?? 1_000;
  const batchSize = options.batchSize ?? 20;
  const leaseMs = options.leaseMs ?? 120_000;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const maxAttempts = options.maxAttempts ?? 30;
  const classify = options.classify ?? classifyDeliveryError;
  const log = options.logger ?? silentLogger;
  const topics = Object.keys(options.handlers);
  const { prisma, pii } = options.db;

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  /** Rounds of one worker run one at a time; `drain` and the timer share this chain. */
  let chain: Promise<unknown> = Promise.resolve();
  let wakeRequested = false;

  async function deliver(message: OutboxMessage): Promise<void> {
    const handler = options.handlers[message.topic];
    const meta = { outboxId: String(message.id), topic: message.topic, attempt: message.attempts };
    try {
      if (!handler) throw new Error(`no handler for topic ${message.topic}`);
      await handler(message);
      await markOutboxSent(prisma, message.id, now());
      metrics.deliveries.inc({ topic: message.topic, outcome: 'sent' });
      log.debug(meta, 'outbox message delivered');
    } catch (error) {
      const failure = classify(error);
      if (failure.code === 'telegram_429') metrics.telegram429.inc({ path: 'outbox' });
      if (!failure.transient || message.attempts >= maxAttempts) {
        metrics.deliveries.inc({ topic: message.topic, outcome: 'failed' });
        await failOutbox(prisma, message.id, failure.code, now());
        log.error({ ...meta, code: failure.code, transient: failure.transient }, 'outbox message given up');
        return;
      }
      metrics.deliveries.inc({ topic: message.topic, outcome: 'retried' });
      const delay = retryDelayMs(message.attempts, backoff, failure.retryAfterMs);
      await retryOutboxLater(prisma, message.id, failure.code, new Date(now().getTime() + delay));
      log.warn({ ...meta, code: failure.code, delayMs: delay }, 'outbox delivery failed, will retry');
    }
  }

  async function round(): Promise<number> {
    if (topics.length === 0) return 0;
    const claimed = await claimOutbox(prisma, pii, { now: now(), limit: batchSize, leaseMs, topics });
    // One row per order key at most: different chats go out side by side.
    await Promise.all(claimed.map(deliver));
    return claimed.length;
  }

  function serialized<T>(work: () => Promise<T>): Promise<T> {
    const next = chain.then(work, work);
    chain = next.catch(() => undefined);
    return next;
  }

  async function drainNow(): Promise<number> {
    let total = 0;
    for (;;) {
      const handled = await round();
      total += handled;
      if (handled === 0 || stopped) return total;
    }
  }

  function schedule(ms: number): void {
    if (stopped || pollMs <= 0) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      void serialized(drainNow)
        .catch((error: unknown) => {
          // The database is unreachable or similar: keep polling, it may come back.
          log.error({ err: error instanceof Error ? error.name : 'unknown' }, 'outbox round failed');
        })
        .finally(() => {
          const again = wakeRequested;
          wakeRequested = false;
          schedule(again ? 0 : pollMs);
        });
    }, ms);
    timer.unref?.();
  }

  schedule(0);

  return {
    wake() {
      if (stopped) return;
      if (pollMs <= 0) return;
      wakeRequested = true;
      schedule(0);
    },
    drain: () => serialized(drainNow),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await chain;
    },
  };
}

import { TelegramError } from 'telegraf';
import { describe, expect, it } from 'vitest';
import type { OutboxMessage } from '../../src/db/outbox.ts';
import { claimOutbox } from '../../src/db/outbox.ts';
import { retryDelayMs } from '../../src/notify/backoff.ts';
import { startOutboxWorker } from '../../src/notify/outbox-worker.ts';
import { describeEachBackend } from '../support/db.ts';
import { enqueue, frozenClock, recordingLogger, unique } from './helpers.ts';

const tooMany = (seconds: number) =>
  new TelegramError({
    error_code: 429,
    description: 'Too Many Requests',
    parameters: { retry_after: seconds },
  });
const badGateway = () => new TelegramError({ error_code: 502, description: 'Bad Gateway' });
const blocked = () =>
  new TelegramError({ error_code: 403, description: 'Forbidden: bot was blocked by the user' });

describe('retry delay', () => {
  it('doubles from 1 s and stops at 5 minutes; a retry_after is obeyed as given', () => {
    const policy = { baseMs: 1_000, maxMs: 300_000 };
    expect([1, 2, 3, 4, 9, 10, 30].map((n) => retryDelayMs(n, policy))).toEqual([
      1_000, 2_000, 4_000, 8_000, 256_000, 300_000, 300_000,
    ]);
    expect(retryDelayMs(1, policy, 7_000)).toBe(7_000);
    expect(retryDelayMs(12, policy, 600_000)).toBe(600_000);
  });
});

describeEachBackend('outbox worker', (db) => {
  function payloadsOf(calls: OutboxMessage[]) {
    return calls.map((m) => m.payload);
  }

  it('delivers every row, one order key in id order, and marks each sent', async () => {
    const clock = frozenClock();
    const topic = unique('t');
    const [a, b] = [unique('key-a'), unique('key-b')];
    await enqueue(
      db(),
      [
        { topic, orderKey: a, payload: 'a1' },
        { topic, orderKey: b, payload: 'b1' },
        { topic, orderKey: a, payload: 'a2' },
        { topic, orderKey: a, payload: 'a3' },
        { topic, orderKey: b, payload: 'b2' },
      ],
      clock.now(),
    );
    const seen: OutboxMessage[] = [];
    const worker = startOutboxWorker({
      db: db(),
      handlers: { [topic]: async (m) => void seen.push(m) },
      now: clock.now,
      pollMs: 0,
    });
    expect(await worker.drain()).toBe(5);
    await worker.stop();
    expect(payloadsOf(seen.filter((m) => m.orderKey === a))).toEqual(['a1', 'a2', 'a3']);
    expect(payloadsOf(seen.filter((m) => m.orderKey === b))).toEqual(['b1', 'b2']);
    const rows = await db().prisma.outbox.findMany({ where: { topic } });
    expect(rows.every((r) => r.sentAt !== null && r.failedAt === null)).toBe(true);
  });

  it('on a 429 waits exactly retry_after, holding back the rows behind it', async () => {
    const clock = frozenClock();
    const topic = unique('t');
    const key = unique('chat');
    const [first] = await enqueue(
      db(),
      [
        { topic, orderKey: key, payload: 'first' },
        { topic, orderKey: key, payload: 'second' },
      ],
      clock.now(),
    );
    const delivered: unknown[] = [];
    let failures = 1;
    const worker = startOutboxWorker({
      db: db(),
      handlers: {
        [topic]: async (m) => {
          if (failures-- > 0) throw tooMany(7);
          delivered.push(m.payload);
        },
      },
      now: clock.now,
      pollMs: 0,
    });
    await worker.drain();
    expect(delivered).toEqual([]);
    const row = await db().prisma.outbox.findUniqueOrThrow({ where: { id: first! } });
    expect(row.nextAttemptAt.getTime()).toBe(clock.now().getTime() + 7_000);
    expect(row.lastError).toBe('telegram_429');

    clock.advance(6_999);
    await worker.drain();
    expect(delivered).toEqual([]);
    clock.advance(1);
    await worker.drain();
    expect(delivered).toEqual(['first', 'second']);
    await worker.stop();
  });

  it('retries 5xx with growing delays, then delivers once', async () => {
    const clock = frozenClock();
    const topic = unique('t');
    const [id] = await enqueue(db(), [{ topic, orderKey: unique('chat'), payload: 'x' }], clock.now());
    let failures = 3;
    let delivered = 0;
    const worker = startOutboxWorker({
      db: db(),
      handlers: {
        [topic]: async () => {
          if (failures-- > 0) throw badGateway();
          delivered += 1;
        },
      },
      now: clock.now,
      pollMs: 0,
    });
    const delays: number[] = [];
    for (let round = 0; round < 3; round++) {
      await worker.drain();
      const row = await db().prisma.outbox.findUniqueOrThrow({ where: { id: id! } });
      delays.push(row.nextAttemptAt.getTime() - clock.now().getTime());
      clock.set(row.nextAttemptAt);
    }
    expect(delays).toEqual([1_000, 2_000, 4_000]);
    await worker.drain();
    await worker.drain();
    expect(delivered).toBe(1);
    const row = await db().prisma.outbox.findUniqueOrThrow({ where: { id: id! } });
    expect(row.sentAt).not.toBeNull();
    expect(row.attempts).toBe(4);
    await worker.stop();
  });

  it('a permanent error gives the row up without holding back the next one; logs carry codes only', async () => {
    const clock = frozenClock();
    const topic = unique('t');
    const key = unique('chat');
    const [bad] = await enqueue(
      db(),
      [
        { topic, orderKey: key, payload: { to: 'zhang.san@example.cn', n: 1 } },
        { topic, orderKey: key, payload: { n: 2 } },
      ],
      clock.now(),
    );
    const delivered: unknown[] = [];
    const logger = recordingLogger();
    const worker = startOutboxWorker({
      db: db(),
      handlers: {
        [topic]: async (m) => {
          if ((m.payload as { n: number }).n === 1) throw blocked();
          delivered.push(m.payload);
        },
      },
      now: clock.now,
      pollMs: 0,
      logger,
    });
    await worker.drain();
    await worker.stop();
    expect(delivered).toEqual([{ n: 2 }]);
    const row = await db().prisma.outbox.findUniqueOrThrow({ where: { id: bad! } });
    expect(row.failedAt).not.toBeNull();
    expect(row.lastError).toBe('telegram_403');
    expect(JSON.stringify(logger.records)).not.toContain('example.cn');
    expect(logger.records.some((r) => r.level === 'error' && r.obj.code === 'telegram_403')).toBe(true);
  });

  it('a row failing transiently forever is given up after maxAttempts, then the key moves on', async () => {
    const clock = frozenClock();
    const topic = unique('t');
    const key = unique('chat');
    await enqueue(
      db(),
      [
        { topic, orderKey: key, payload: 'poison' },
        { topic, orderKey: key, payload: 'next' },
      ],
      clock.now(),
    );
    const delivered: unknown[] = [];
    const worker = startOutboxWorker({
      db: db(),
      handlers: {
        [topic]: async (m) => {
          if (m.payload === 'poison') throw Object.assign(new Error('connect'), { code: 'ECONNREFUSED' });
          delivered.push(m.payload);
        },
      },
      now: clock.now,
      pollMs: 0,
      maxAttempts: 3,
    });
    for (let i = 0; i < 4; i++) {
      await worker.drain();
      clock.advance(60_000);
    }
    await worker.stop();
    expect(delivered).toEqual(['next']);
    const rows = await db().prisma.outbox.findMany({ where: { topic }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.attempts, r.failedAt !== null, r.lastError])).toEqual([
      [3, true, 'network_ECONNREFUSED'],
      [1, false, null],
    ]);
  });

  it('two workers on one database deliver each row exactly once, in order per key', async () => {
    const clock = frozenClock();
    const topic = unique('t');
    const keys = [unique('k'), unique('k'), unique('k'), unique('k')];
    const rows = Array.from({ length: 24 }, (_, i) => ({ topic, orderKey: keys[i % 4]!, payload: i }));
    await enqueue(db(), rows, clock.now());
    const seen: OutboxMessage[] = [];
    const handler = async (m: OutboxMessage) => {
      seen.push(m);
      await new Promise((resolve) => setImmediate(resolve));
    };
    const options = { db: db(), handlers: { [topic]: handler }, now: clock.now, pollMs: 0, batchSize: 2 };
    const one = startOutboxWorker(options);
    const two = startOutboxWorker(options);
    await Promise.all([one.drain(), two.drain(), one.drain(), two.drain()]);
    await Promise.all([one.stop(), two.stop()]);
    expect(seen.map((m) => m.payload as number).sort((x, y) => x - y)).toEqual(rows.map((r) => r.payload));
    for (const key of keys) {
      const order = seen.filter((m) => m.orderKey === key).map((m) => m.payload as number);
      expect(order).toEqual([...order].sort((x, y) => x - y));
    }
  });

  it('after a restart nothing sent is sent again, and a row a dead worker held comes back after its lease', async () => {
    const clock = frozenClock();
    const topic = unique('t');
    const key = unique('chat');
    await enqueue(db(), [{ topic, orderKey: key, payload: 'before' }], clock.now());
    const seen: unknown[] = [];
    const handlers = { [topic]: async (m: OutboxMessage) => void seen.push(m.payload) };
    const first = startOutboxWorker({ db: db(), handlers, now: clock.now, pollMs: 0, leaseMs: 30_000 });
    await first.drain();
    await first.stop();

    // A worker claims the next row and dies before delivering it.
    await enqueue(db(), [{ topic, orderKey: key, payload: 'held' }], clock.now());
    const claimed = await claimOutbox(db().prisma, db().pii, {
      now: clock.now(),
      leaseMs: 30_000,
      topics: [topic],
    });
    expect(claimed.map((m) => m.payload)).toEqual(['held']);

    const second = startOutboxWorker({ db: db(), handlers, now: clock.now, pollMs: 0, leaseMs: 30_000 });
    await second.drain();
    expect(seen).toEqual(['before']);
    clock.advance(30_000);
    await second.drain();
    await second.drain();
    await second.stop();
    expect(seen).toEqual(['before', 'held']);
  });

  it('wake() delivers right away without waiting for the poll', async () => {
    const topic = unique('t');
    let resolveSeen: (value: unknown) => void = () => {};
    const seen = new Promise((resolve) => {
      resolveSeen = resolve;
    });
    const clock = frozenClock();
    const worker = startOutboxWorker({
      db: db(),
      handlers: { [topic]: async (m) => resolveSeen(m.payload) },
      now: clock.now,
      pollMs: 3_600_000,
    });
    // Let the start-up round find nothing first.
    await worker.drain();
    await enqueue(db(), [{ topic, orderKey: unique('chat'), payload: 'now' }], clock.now());
    worker.wake();
    expect(await seen).toBe('now');
    await worker.stop();
  });
});

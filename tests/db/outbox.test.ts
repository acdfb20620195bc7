import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { runInTransaction } from '../../src/db/database.ts';
import {
  claimOutbox,
  enqueueOutbox,
  failOutbox,
  markOutboxSent,
  pendingOutbox,
  retryOutboxLater,
} from '../../src/db/outbox.ts';
import { describeEachBackend } from '../support/db.ts';

describeEachBackend('outbox', (db) => {
  // Every test uses its own topic and order keys so the shared database's rows never mix (an
  // order key holds back later rows of every topic).
  const topicOf = () => `t_${randomBytes(4).toString('hex')}`;
  const t0 = new Date('2026-03-02T08:00:00Z');
  const later = (ms: number) => new Date(t0.getTime() + ms);

  async function enqueue(
    topic: string,
    orderKey: string,
    payload: unknown,
    extra: { dedupeKey?: string } = {},
  ) {
    return runInTransaction(db(), (tx) =>
      enqueueOutbox(tx, db().pii, {
        topic,
        orderKey: `${topic}:${orderKey}`,
        payload,
        notBefore: t0,
        ...extra,
      }),
    );
  }

  it('writes nothing when the enqueuing transaction rolls back', async () => {
    const topic = topicOf();
    await expect(
      runInTransaction(db(), async (tx) => {
        await enqueueOutbox(tx, db().pii, { topic, orderKey: topic, payload: {} });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await pendingOutbox(db().prisma, { topic })).toEqual([]);
  });

  it('keeps one row per dedupe key', async () => {
    const topic = topicOf();
    const first = await enqueue(topic, 'k', { n: 1 }, { dedupeKey: `${topic}:x` });
    const second = await enqueue(topic, 'k', { n: 2 }, { dedupeKey: `${topic}:x` });
    expect(first).not.toBeNull();
    expect(second).toBeNull();
    expect((await pendingOutbox(db().prisma, { topic })).map((r) => r.payload)).toEqual([{ n: 1 }]);
  });

  it('delivers one order key in order: the next row waits until the previous is sent or given up', async () => {
    const topic = topicOf();
    await enqueue(topic, 'chat-a', { n: 1 });
    await enqueue(topic, 'chat-a', { n: 2 });
    await enqueue(topic, 'chat-a', { n: 3 });
    await enqueue(topic, 'chat-b', { n: 9 });
    const claim = (now: Date) => claimOutbox(db().prisma, db().pii, { now, topics: [topic], leaseMs: 1000 });

    const first = await claim(later(0));
    expect(first.map((m) => m.payload)).toEqual([{ n: 1 }, { n: 9 }]);
    expect(first.every((m) => m.attempts === 1)).toBe(true);
    await markOutboxSent(db().prisma, first[1]!.id, later(1));
    // Leased and unsent: nothing of chat-a may overtake it.
    expect(await claim(later(10))).toEqual([]);

    await retryOutboxLater(db().prisma, first[0]!.id, '429 Too Many Requests', later(5000));
    expect(await claim(later(2000))).toEqual([]);
    const again = await claim(later(5000));
    expect(again.map((m) => [m.payload, m.attempts])).toEqual([[{ n: 1 }, 2]]);

    await markOutboxSent(db().prisma, again[0]!.id, later(5001));
    const next = await claim(later(5002));
    expect(next.map((m) => m.payload)).toEqual([{ n: 2 }]);
    await failOutbox(db().prisma, next[0]!.id, 'chat blocked the bot', later(5003));
    expect((await claim(later(5004))).map((m) => m.payload)).toEqual([{ n: 3 }]);
  });

  it('holds back later rows of the same order key in other topics too', async () => {
    const [a, b] = [topicOf(), topicOf()];
    await enqueue(a, 'chat', { n: 1 });
    await runInTransaction(db(), (tx) =>
      enqueueOutbox(tx, db().pii, { topic: b, orderKey: `${a}:chat`, payload: { n: 2 }, notBefore: t0 }),
    );
    expect(await claimOutbox(db().prisma, db().pii, { now: later(0), topics: [b] })).toEqual([]);
    const [first] = await claimOutbox(db().prisma, db().pii, { now: later(0), topics: [a] });
    await markOutboxSent(db().prisma, first!.id, later(1));
    expect(
      (await claimOutbox(db().prisma, db().pii, { now: later(2), topics: [b] })).map((m) => m.payload),
    ).toEqual([{ n: 2 }]);
  });

  it('gives a crashed worker’s rows to another worker once the lease ends', async () => {
    const topic = topicOf();
    await enqueue(topic, 'k', { n: 1 });
    const opts = { topics: [topic], leaseMs: 60_000 };
    expect(await claimOutbox(db().prisma, db().pii, { now: later(0), ...opts })).toHaveLength(1);
    expect(await claimOutbox(db().prisma, db().pii, { now: later(59_999), ...opts })).toHaveLength(0);
    expect(await claimOutbox(db().prisma, db().pii, { now: later(60_000), ...opts })).toHaveLength(1);
  });

  it('two claimers at once get different rows (SKIP LOCKED), together all of them', async () => {
    const topic = topicOf();
    for (let i = 0; i < 12; i++) await enqueue(topic, `chat-${i}`, { n: i });
    const claim = () => claimOutbox(db().prisma, db().pii, { now: later(0), topics: [topic], limit: 8 });
    const [a, b] = await Promise.all([claim(), claim()]);
    const ids = [...a, ...b].map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(12);
  });

  it('seals a payload: nothing readable in the row, the original on claim', async () => {
    const topic = topicOf();
    const payload = { messages: [{ type: 'summary', value: '11010519491231002X' }] };
    await runInTransaction(db(), (tx) =>
      enqueueOutbox(tx, db().pii, { topic, orderKey: topic, payload, notBefore: t0, seal: true }),
    );
    const raw = await db().prisma.$queryRaw<
      { p: string }[]
    >`SELECT payload::text AS p FROM outbox WHERE topic = ${topic}`;
    expect(raw[0]?.p).not.toContain('11010519491231002X');
    const claimed = await claimOutbox(db().prisma, db().pii, { now: later(0), topics: [topic] });
    expect(claimed[0]?.payload).toEqual(payload);
  });
});

import { afterAll, expect, it } from 'vitest';
import { runInTransaction } from '../../src/db/database.ts';
import { enqueueOutbox, pendingOutbox } from '../../src/db/outbox.ts';
import { createReplyMarks } from '../../src/db/reply-marks.ts';
import { describeEachBackend, dropTestSchemas } from '../support/db.ts';

afterAll(dropTestSchemas);

describeEachBackend('reply sent-marks', (db) => {
  async function replyRows(orderKey: string, n: number): Promise<bigint[]> {
    const ids: bigint[] = [];
    for (let i = 0; i < n; i++) {
      const id = await runInTransaction(db(), (tx) =>
        enqueueOutbox(tx, db().pii, { topic: 'chat_reply', orderKey, payload: { i }, seal: true }),
      );
      ids.push(id!);
    }
    return ids;
  }

  it('writes queued marks together after the delay, or at once on flush', async () => {
    const marks = createReplyMarks(db(), { delayMs: 60_000 });
    const ids = await replyRows('marks:a', 3);
    const at = new Date('2026-03-02T08:00:00Z');
    for (const id of ids) marks.mark(id, at);
    expect(await pendingOutbox(db().prisma, { orderKey: 'marks:a' })).toHaveLength(3);
    await marks.flush();
    expect(await pendingOutbox(db().prisma, { orderKey: 'marks:a' })).toEqual([]);
    const sentAt = await db().prisma.outbox.findMany({
      where: { orderKey: 'marks:a' },
      select: { sentAt: true },
    });
    expect(sentAt.map((r) => r.sentAt?.toISOString())).toEqual(Array(3).fill(at.toISOString()));
  });

  it('writes them by itself once the delay has passed', async () => {
    const marks = createReplyMarks(db(), { delayMs: 20 });
    const [id] = await replyRows('marks:b', 1);
    marks.mark(id!, new Date());
    await expect
      .poll(async () => (await pendingOutbox(db().prisma, { orderKey: 'marks:b' })).length, {
        timeout: 5_000,
      })
      .toBe(0);
  });
});

it('keeps marks whose batch failed and writes them with the next one', async () => {
  const statements: unknown[][] = [];
  let failures = 1;
  const errors: unknown[] = [];
  const fakeDb = {
    prisma: {
      $queryRawUnsafe: async (...args: unknown[]) => {
        if (failures-- > 0) throw new Error('database down');
        statements.push(args);
        return [];
      },
    },
  } as unknown as Parameters<typeof createReplyMarks>[0];
  const marks = createReplyMarks(fakeDb, { delayMs: 60_000, onError: (e) => errors.push(e) });
  const at = new Date('2026-03-02T08:00:00Z');
  marks.mark(1n, at);
  await marks.flush();
  expect(errors).toHaveLength(1);
  marks.mark(2n, at);
  await marks.flush();
  expect(statements).toHaveLength(1);
  expect(statements[0]?.[1]).toBe('{1,2}');
});

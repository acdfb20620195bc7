import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { runInTransaction } from '../../src/db/database.ts';
import { markProcessed, pruneProcessedUpdates } from '../../src/db/processed-updates.ts';
import { describeEachBackend } from '../support/db.ts';

describeEachBackend('processed updates', (db) => {
  it('is true the first time only, per channel', async () => {
    const id = randomBytes(4).toString('hex');
    expect(await markProcessed(db().prisma, 'telegram', id)).toBe(true);
    expect(await markProcessed(db().prisma, 'telegram', id)).toBe(false);
    expect(await markProcessed(db().prisma, 'console', id)).toBe(true);
  });

  it('is forgotten when the handling transaction rolls back, so a redelivery is handled', async () => {
    const id = randomBytes(4).toString('hex');
    await expect(
      runInTransaction(db(), async (tx) => {
        expect(await markProcessed(tx, 'telegram', id)).toBe(true);
        throw new Error('crash while handling');
      }),
    ).rejects.toThrow('crash while handling');
    expect(await markProcessed(db().prisma, 'telegram', id)).toBe(true);
  });

  it('two deliveries at once: exactly one is first', async () => {
    const id = randomBytes(4).toString('hex');
    const results = await Promise.all([
      runInTransaction(db(), (tx) => markProcessed(tx, 'telegram', id)),
      runInTransaction(db(), (tx) => markProcessed(tx, 'telegram', id)),
    ]);
    expect(results.sort()).toEqual([false, true]);
  });

  it('prunes old ids', async () => {
    const id = randomBytes(4).toString('hex');
    await markProcessed(db().prisma, 'prune-test', id);
    expect(await pruneProcessedUpdates(db().prisma, new Date(Date.now() + 60_000))).toBeGreaterThanOrEqual(1);
    expect(await markProcessed(db().prisma, 'prune-test', id)).toBe(true);
  });
});

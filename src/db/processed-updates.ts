import type { Tx } from './database.ts';
import type { PrismaClient } from './generated/client.ts';

/**
 * True the first time (channel, updateId) is seen, false for a redelivery. Call it inside the
 * transaction that handles the update, so a crash before commit leaves the update unmarked.
 */
export async function markProcessed(
  client: Tx | PrismaClient,
  channel: string,
  updateId: string,
): Promise<boolean> {
  const inserted = await client.$executeRaw`
    INSERT INTO processed_updates (channel, update_id) VALUES (${channel}, ${updateId})
    ON CONFLICT DO NOTHING`;
  return inserted === 1;
}

/** Forgets ids older than `before` (Telegram redelivers for at most a day). Returns the count. */
export async function pruneProcessedUpdates(client: Tx | PrismaClient, before: Date): Promise<number> {
  const { count } = await client.processedUpdate.deleteMany({ where: { createdAt: { lt: before } } });
  return count;
}

/** Thrown inside a transaction to undo its work: the update it handles was processed before. */
export class UpdateProcessedBefore extends Error {
  constructor() {
    super('update processed before');
    this.name = 'UpdateProcessedBefore';
  }
}

/**
 * Marks the update inside `tx`, or throws UpdateProcessedBefore so the transaction rolls back.
 * On PostgreSQL a second instance handling the same update waits here until the first commits,
 * then finds the mark: of two concurrent deliveries exactly one keeps its work.
 */
export async function claimUpdate(tx: Tx, channel: string, updateId: string): Promise<void> {
  if (!(await markProcessed(tx, channel, updateId))) throw new UpdateProcessedBefore();
}

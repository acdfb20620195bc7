/**
 * The rows behind the address limits (src/account/address-limits.ts): attempts, locks and pending
 * moves, all keyed by the address's keyed hash. Callers run these inside their transaction and
 * take `lockAddress` first, so two chats racing on one address are counted one after the other.
 */
import { type AddressCounts, WINDOWS } from '../account/address-limits.ts';
import type { Tx } from './database.ts';
import type { AddressMove } from './generated/client.ts';

export type AttemptKind = 'send' | 'wrong';

/** Serialises every counter and move of one address until the transaction ends. */
export async function lockAddress(tx: Tx, addressKey: string): Promise<void> {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${addressKey}::text, 12))::text AS locked`;
}

export async function addressCounts(tx: Tx, addressKey: string, now: Date): Promise<AddressCounts> {
  const hourAgo = new Date(now.getTime() - WINDOWS.hourMs);
  const dayAgo = new Date(now.getTime() - WINDOWS.dayMs);
  const count = (where: { addressKey?: string; kind: AttemptKind; since: Date }) =>
    tx.addressAttempt.count({
      where: {
        ...(where.addressKey ? { addressKey: where.addressKey } : {}),
        kind: where.kind,
        at: { gt: where.since, lte: now },
      },
    });
  const [sendsLastHour, sendsLastDay, wrongLastDay, overallSendsLastHour, overallWrongLastHour, lock] =
    await Promise.all([
      count({ addressKey, kind: 'send', since: hourAgo }),
      count({ addressKey, kind: 'send', since: dayAgo }),
      count({ addressKey, kind: 'wrong', since: dayAgo }),
      count({ kind: 'send', since: hourAgo }),
      count({ kind: 'wrong', since: hourAgo }),
      tx.addressLock.findUnique({ where: { addressKey } }),
    ]);
  return {
    sendsLastHour,
    sendsLastDay,
    wrongLastDay,
    overallSendsLastHour,
    overallWrongLastHour,
    ...(lock ? { lockedUntil: lock.lockedUntil } : {}),
  };
}

export async function recordAttempt(tx: Tx, addressKey: string, kind: AttemptKind, at: Date): Promise<void> {
  await tx.addressAttempt.create({ data: { addressKey, kind, at } });
}

export async function setAddressLock(tx: Tx, addressKey: string, until: Date, now: Date): Promise<void> {
  await tx.addressLock.upsert({
    where: { addressKey },
    create: { addressKey, lockedAt: now, lockedUntil: until },
    update: { lockedAt: now, lockedUntil: until },
  });
}

/**
 * Attempts older than a day and locks that ran out count for nothing. Called with every code
 * mail, so the tables hold about a day of traffic; each call removes only what expired since the
 * previous one (the `kind, at` index finds it).
 */
export async function pruneExpired(tx: Tx, now: Date): Promise<void> {
  await tx.addressAttempt.deleteMany({
    where: { kind: { in: ['send', 'wrong'] }, at: { lt: new Date(now.getTime() - WINDOWS.dayMs) } },
  });
  await tx.addressLock.deleteMany({ where: { lockedUntil: { lt: now } } });
}

export function pendingMoveOfAddress(tx: Tx, addressKey: string): Promise<AddressMove | null> {
  return tx.addressMove.findFirst({
    where: { addressKey, status: 'pending' },
    orderBy: { createdAt: 'desc' },
  });
}

export function pendingMoveOfChat(
  tx: Tx,
  chat: { channel: string; chatId: string },
): Promise<AddressMove | null> {
  return tx.addressMove.findFirst({
    where: { channel: chat.channel, chatId: chat.chatId, status: 'pending' },
    orderBy: { createdAt: 'desc' },
  });
}

export function pendingMoveOfHolder(tx: Tx, holderId: string): Promise<AddressMove | null> {
  return tx.addressMove.findFirst({ where: { holderId, status: 'pending' }, orderBy: { createdAt: 'desc' } });
}

export async function createMove(
  tx: Tx,
  input: Omit<AddressMove, 'id' | 'status' | 'resolvedAt'>,
): Promise<AddressMove> {
  return tx.addressMove.create({ data: input });
}

/** Ends a pending move; false when it was no longer pending (another input settled it first). */
export async function resolveMove(
  tx: Tx,
  id: string,
  status: 'done' | 'refused' | 'cancelled',
  now: Date,
): Promise<boolean> {
  const { count } = await tx.addressMove.updateMany({
    where: { id, status: 'pending' },
    data: { status, resolvedAt: now },
  });
  return count === 1;
}

export type { AddressMove };

/**
 * The per-chat "document tapped, file awaited" (or "file sent, document awaited") of the Telegram
 * channel, in the database so a tap and its file may reach different instances. The value is
 * sealed whole: a file's name may say whose document it is.
 */
import type { Tx } from './database.ts';
import type { Prisma, PrismaClient } from './generated/client.ts';
import type { PiiCipher } from './pii-cipher.ts';

type Client = PrismaClient | Tx;

export interface PendingChat {
  channel: string;
  chatId: string;
}

/** The chat's pending value written at or after `since`; an older one is removed and not returned. */
export async function readPendingUpload(
  client: Client,
  pii: PiiCipher,
  chat: PendingChat,
  since: Date,
): Promise<unknown> {
  const row = await client.pendingUpload.findUnique({
    where: { channel_chatId: { channel: chat.channel, chatId: chat.chatId } },
  });
  if (!row) return undefined;
  if (row.updatedAt < since) {
    // Only this stale value: a newer one written meanwhile stays.
    await client.pendingUpload.deleteMany({ where: { ...chat, updatedAt: row.updatedAt } });
    return undefined;
  }
  return pii.decryptPii(row.pending);
}

export async function writePendingUpload(
  client: Client,
  pii: PiiCipher,
  chat: PendingChat,
  pending: unknown,
  at: Date,
): Promise<void> {
  const sealed = pii.seal(pending) as Prisma.InputJsonValue;
  await client.pendingUpload.upsert({
    where: { channel_chatId: { channel: chat.channel, chatId: chat.chatId } },
    create: { ...chat, pending: sealed, updatedAt: at },
    update: { pending: sealed, updatedAt: at },
  });
}

export async function clearPendingUpload(client: Client, chat: PendingChat): Promise<void> {
  await client.pendingUpload.deleteMany({ where: { channel: chat.channel, chatId: chat.chatId } });
}

/** Removes the values written before `before` (chats that tapped and never sent). Returns the count. */
export async function prunePendingUploads(client: Client, before: Date): Promise<number> {
  const { count } = await client.pendingUpload.deleteMany({ where: { updatedAt: { lt: before } } });
  return count;
}

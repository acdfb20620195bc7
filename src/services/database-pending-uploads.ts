/**
 * PendingUploads in the database (issue 16): with several instances behind one webhook address,
 * the tap on "📎 ID card" and the photo that follows are often taken by different instances, so
 * what one remembers the other must see. Same contract and lifetime as the in-memory version.
 */
import {
  PENDING_UPLOAD_TTL_MS,
  type PendingUpload,
  type PendingUploads,
} from '../channels/telegram/pending-uploads.ts';
import type { Database } from '../db/database.ts';
import { clearPendingUpload, readPendingUpload, writePendingUpload } from '../db/pending-uploads.ts';

export interface DatabasePendingUploadsOptions {
  /** The chat ids' channel (the key's first half). */
  channel: 'telegram';
  /** A choice older than this is forgotten (the bot asks again); default 30 min, as in memory. */
  ttlMs?: number;
  now?: () => Date;
}

export function databasePendingUploads(
  db: Pick<Database, 'prisma' | 'pii'>,
  options: DatabasePendingUploadsOptions,
): PendingUploads {
  const ttlMs = options.ttlMs ?? PENDING_UPLOAD_TTL_MS;
  const now = options.now ?? (() => new Date());
  const key = (chatId: string) => ({ channel: options.channel, chatId });
  return {
    async get(chatId) {
      const since = new Date(now().getTime() - ttlMs);
      return (await readPendingUpload(db.prisma, db.pii, key(chatId), since)) as PendingUpload | undefined;
    },
    async set(chatId, pending) {
      await writePendingUpload(db.prisma, db.pii, key(chatId), pending, now());
    },
    async clear(chatId) {
      await clearPendingUpload(db.prisma, key(chatId));
    },
  };
}

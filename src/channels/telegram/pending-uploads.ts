/**
 * Which document an applicant is about to send, or a file waiting for the applicant to say which
 * document it is. Both orders work: tap a kind then send, or send then tap. Short-lived and
 * per-chat. The in-memory version suits one instance and the tests (a pending choice lost in a
 * restart only means the bot asks again); several instances share the database version
 * (src/services/database-pending-uploads.ts), since a tap and its file may reach different ones.
 */
import type { IncomingFile } from './incoming.ts';

export interface DocumentRef {
  kind: string;
  websiteIndex?: number;
}

export type PendingUpload = { expecting: DocumentRef } | { file: IncomingFile };

export interface PendingUploads {
  get(chatId: string): Promise<PendingUpload | undefined>;
  set(chatId: string, pending: PendingUpload): Promise<void>;
  clear(chatId: string): Promise<void>;
}

/** How long a tap on a document waits for its file: it is followed within minutes. */
export const PENDING_UPLOAD_TTL_MS = 30 * 60_000;

export function inMemoryPendingUploads(
  ttlMs = PENDING_UPLOAD_TTL_MS,
  now: () => number = Date.now,
): PendingUploads {
  const entries = new Map<string, { pending: PendingUpload; at: number }>();
  return {
    async get(chatId) {
      const entry = entries.get(chatId);
      if (!entry) return undefined;
      if (now() - entry.at > ttlMs) {
        entries.delete(chatId);
        return undefined;
      }
      return entry.pending;
    },
    async set(chatId, pending) {
      entries.set(chatId, { pending, at: now() });
    },
    async clear(chatId) {
      entries.delete(chatId);
    },
  };
}

/**
 * The console chat is a terminal on this machine, not a service the worker can call: a ping for a
 * console applicant may be produced by another process (`icp staff approve ...`) while the console
 * waits for a line, or when no console is running at all. So the worker parks such messages as
 * `console_inbox` rows (no worker claims that topic) and the console takes them when it prints its
 * next prompt, marking them sent once printed. A crash between printing and marking shows a
 * message twice; nothing is lost.
 */
import type { Outgoing } from '../conversation/types.ts';
import type { Database, Tx } from '../db/database.ts';
import { enqueueOutbox } from '../db/outbox.ts';
import type { PiiCipher } from '../db/pii-cipher.ts';
import { isLang, type Lang } from '../i18n/index.ts';

export const CONSOLE_INBOX_TOPIC = 'console_inbox';

export interface ConsoleInboxPayload {
  chatId: string;
  lang: Lang;
  messages: Outgoing[];
}

export interface ConsoleInboxEntry extends ConsoleInboxPayload {
  id: bigint;
}

/** Not `console:<chat id>` (the applicant service's replies): an unshown row must not hold those back. */
export function consoleOrderKey(chatId: string): string {
  return `console-inbox:${chatId}`;
}

export function enqueueConsoleInbox(
  tx: Tx,
  pii: PiiCipher,
  entry: ConsoleInboxPayload & { dedupeKey: string },
): Promise<bigint | null> {
  const { dedupeKey, ...payload } = entry;
  return enqueueOutbox(tx, pii, {
    topic: CONSOLE_INBOX_TOPIC,
    orderKey: consoleOrderKey(entry.chatId),
    payload,
    dedupeKey,
  });
}

/** Messages waiting for this console chat, oldest first (not yet marked: call `markConsoleShown`). */
export async function peekConsoleInbox(
  db: Pick<Database, 'prisma' | 'pii'>,
  chatId: string,
  now: Date,
): Promise<ConsoleInboxEntry[]> {
  const rows = await db.prisma.outbox.findMany({
    where: {
      topic: CONSOLE_INBOX_TOPIC,
      orderKey: consoleOrderKey(chatId),
      sentAt: null,
      failedAt: null,
      nextAttemptAt: { lte: now },
    },
    orderBy: { id: 'asc' },
  });
  return rows.map((row) => {
    const payload = db.pii.decryptPii(row.payload) as unknown as Partial<ConsoleInboxPayload>;
    return {
      id: row.id,
      chatId,
      lang: isLang(payload.lang) ? payload.lang : 'zh',
      messages: Array.isArray(payload.messages) ? payload.messages : [],
    };
  });
}

export async function markConsoleShown(db: Pick<Database, 'prisma'>, ids: readonly bigint[], now: Date) {
  if (ids.length === 0) return;
  await db.prisma.outbox.updateMany({ where: { id: { in: [...ids] }, sentAt: null }, data: { sentAt: now } });
}

/**
 * For the console loop: everything waiting, as messages to print in order; marked shown at once
 * (the console prints synchronously right after).
 */
export async function takeConsoleInbox(
  db: Pick<Database, 'prisma' | 'pii'>,
  chatId: string,
  now: Date,
): Promise<Outgoing[]> {
  const entries = await peekConsoleInbox(db, chatId, now);
  await markConsoleShown(
    db,
    entries.map((e) => e.id),
    now,
  );
  return entries.flatMap((e) => e.messages);
}

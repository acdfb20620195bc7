import type { Tx } from './database.ts';
import type { Event, PrismaClient } from './generated/client.ts';
import { toJson } from './json.ts';
import type { PiiCipher } from './pii-cipher.ts';

export interface NewEvent {
  filingId?: string | null;
  applicantId?: string | null;
  /** 'applicant', 'system', 'staff:<slack user id>', ... */
  actor: string;
  type: string;
  data?: Record<string, unknown>;
  at?: Date;
}

/** Appends to the log (never updated). ID numbers in `data`, if any, are encrypted like elsewhere. */
export async function appendEvent(tx: Tx | PrismaClient, pii: PiiCipher, event: NewEvent): Promise<Event> {
  return tx.event.create({ data: eventRow(pii, event) });
}

/** A filing's or an applicant's history, oldest first, `data` decrypted. */
export async function listEvents(
  client: Tx | PrismaClient,
  pii: PiiCipher,
  by: { filingId?: string; applicantId?: string; types?: string[]; limit?: number },
): Promise<Event[]> {
  const rows = await client.event.findMany({
    where: {
      ...(by.filingId ? { filingId: by.filingId } : {}),
      ...(by.applicantId ? { applicantId: by.applicantId } : {}),
      ...(by.types ? { type: { in: by.types } } : {}),
    },
    orderBy: { id: 'asc' },
    take: by.limit ?? 500,
  });
  return rows.map((row) => ({ ...row, data: pii.decryptPii(row.data) }));
}

export type { Event };

function eventRow(pii: PiiCipher, event: NewEvent) {
  return {
    filingId: event.filingId ?? null,
    applicantId: event.applicantId ?? null,
    actor: event.actor,
    type: event.type,
    data: toJson(pii.encryptPii(event.data ?? {})),
    ...(event.at ? { createdAt: event.at } : {}),
  };
}

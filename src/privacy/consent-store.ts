/** The `consents` table: a chat's decisions on the consent texts, oldest first. */
import type { ChatRef } from '../db/applicants.ts';
import type { Tx } from '../db/database.ts';
import type { PrismaClient } from '../db/generated/client.ts';
import type { Lang } from '../i18n/index.ts';
import {
  CONSENT_VERSION,
  type ConsentDecision,
  type ConsentRecord,
  type ConsentScope,
} from './rules/consent.ts';

type Client = PrismaClient | Tx;

export async function readConsents(client: Client, chat: ChatRef): Promise<ConsentRecord[]> {
  const rows = await client.consent.findMany({
    where: { channel: chat.channel, chatId: chat.chatId },
    orderBy: { id: 'asc' },
    select: { scope: true, decision: true, version: true },
  });
  return rows.map((row) => ({
    scope: row.scope as ConsentScope,
    decision: row.decision as ConsentDecision,
    version: row.version,
  }));
}

export async function recordConsent(
  client: Client,
  chat: ChatRef,
  decision: { scope: ConsentScope; decision: ConsentDecision; lang: Lang; at: Date },
): Promise<void> {
  await client.consent.create({
    data: {
      channel: chat.channel,
      chatId: chat.chatId,
      scope: decision.scope,
      decision: decision.decision,
      version: CONSENT_VERSION,
      lang: decision.lang,
      createdAt: decision.at,
    },
  });
}

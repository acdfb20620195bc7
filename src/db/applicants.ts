import type { Tx } from './database.ts';
import type { Applicant, ChatIdentity, PrismaClient } from './generated/client.ts';
import type { PiiCipher } from './pii-cipher.ts';

export type Channel = 'telegram' | 'console';
export type Lang = 'zh' | 'en';

export interface ChatRef {
  channel: Channel;
  chatId: string;
}

/** `<channel>:<chat id>`: the chat's key in caches and queues, and its replies' outbox order key. */
export function chatKey(chat: ChatRef): string {
  return `${chat.channel}:${chat.chatId}`;
}

export interface ApplicantWithChat {
  applicant: Applicant;
  identity: ChatIdentity;
  created: boolean;
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}

/**
 * The applicant behind a chat, created with its identity on first contact. Safe when two first
 * messages race: the loser of the unique (channel, chat_id) insert reads the winner's row.
 */
export async function findOrCreateApplicantByChat(
  client: PrismaClient | Tx,
  chat: ChatRef & { lang?: Lang },
): Promise<ApplicantWithChat> {
  const where = { channel_chatId: { channel: chat.channel, chatId: chat.chatId } };
  const found = await client.chatIdentity.findUnique({ where, include: { applicant: true } });
  if (found) return { applicant: found.applicant, identity: found, created: false };
  try {
    const applicant = await client.applicant.create({
      data: {
        lang: chat.lang ?? 'zh',
        identities: { create: { channel: chat.channel, chatId: chat.chatId } },
      },
      include: { identities: true },
    });
    const { identities, ...plain } = applicant;
    return { applicant: plain, identity: identities[0]!, created: true };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const winner = await client.chatIdentity.findUniqueOrThrow({ where, include: { applicant: true } });
    return { applicant: winner.applicant, identity: winner, created: false };
  }
}

export function findApplicantByChat(client: PrismaClient | Tx, chat: ChatRef): Promise<Applicant | null> {
  return client.applicant.findFirst({
    where: { identities: { some: { channel: chat.channel, chatId: chat.chatId } } },
  });
}

export function getApplicant(client: PrismaClient | Tx, id: string): Promise<Applicant | null> {
  return client.applicant.findUnique({ where: { id } });
}

export async function setApplicantLang(client: PrismaClient | Tx, id: string, lang: Lang): Promise<void> {
  await client.applicant.update({ where: { id }, data: { lang } });
}

/** The chats an applicant uses, most recently linked first (status pings go to the first). */
export function listChatIdentities(client: PrismaClient | Tx, applicantId: string): Promise<ChatIdentity[]> {
  return client.chatIdentity.findMany({ where: { applicantId }, orderBy: { updatedAt: 'desc' } });
}

/** Issue 6: the account that verified this email, if any (found by the address's keyed hash). */
export function findApplicantByEmail(
  client: PrismaClient | Tx,
  pii: PiiCipher,
  email: string,
): Promise<Applicant | null> {
  return client.applicant.findFirst({ where: { emailHash: { in: pii.searchHashes(email.toLowerCase()) } } });
}

/**
 * Records a verified email (lower-cased), encrypted, with its keyed hash as the unique lookup key.
 * Fails with P2002 if another applicant holds it.
 */
export async function setVerifiedEmail(
  tx: Tx,
  pii: PiiCipher,
  applicantId: string,
  email: string,
  now: Date,
): Promise<void> {
  const address = email.toLowerCase();
  await tx.applicant.update({
    where: { id: applicantId },
    data: { email: pii.encryptValue(address), emailHash: pii.searchHash(address), emailVerifiedAt: now },
  });
}

/** The applicant's account email in clear (the row holds it encrypted), or null. */
export function applicantEmail(pii: PiiCipher, applicant: Pick<Applicant, 'email'>): string | null {
  return applicant.email === null ? null : pii.decryptValue(applicant.email);
}

/**
 * Re-points a chat at another applicant (issue 6: the same account from console and Telegram).
 * The chat's previous applicant keeps its filings; its conversation is left as it was.
 */
export async function moveChatIdentity(tx: Tx, chat: ChatRef, toApplicantId: string): Promise<void> {
  const key = { channel: chat.channel, chatId: chat.chatId };
  await tx.chatIdentity.upsert({
    where: { channel_chatId: key },
    create: { ...key, applicantId: toApplicantId },
    update: { applicantId: toApplicantId },
  });
}

export type { Applicant, ChatIdentity };

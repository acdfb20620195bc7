/**
 * Gathers an applicant's export (rules/export-record.ts) from the database: decrypted, complete.
 * Used by the applicant's `/export` and by staff (`icp staff export`, audited).
 */
import type { Database } from '../db/database.ts';
import { decryptFiling } from '../db/filings.ts';
import { isLang, render, type Text } from '../i18n/index.ts';
import { buildExport } from './rules/export-record.ts';

const PING_TOPICS = ['status_ping', 'reminder'];

export async function loadExport(
  db: Pick<Database, 'prisma' | 'pii'>,
  applicantId: string,
  now: Date,
): Promise<Record<string, unknown> | null> {
  const applicant = await db.prisma.applicant.findUnique({ where: { id: applicantId } });
  if (!applicant) return null;
  const lang = isLang(applicant.lang) ? applicant.lang : 'zh';
  const chats = await db.prisma.chatIdentity.findMany({
    where: { applicantId },
    orderBy: { createdAt: 'asc' },
  });
  const consents = chats.length
    ? await db.prisma.consent.findMany({
        where: { OR: chats.map((c) => ({ channel: c.channel, chatId: c.chatId })) },
        orderBy: { id: 'asc' },
      })
    : [];
  const conversation = await db.prisma.conversation.findUnique({ where: { applicantId } });
  const state = conversation
    ? (db.pii.decryptPii(conversation.state) as { phase?: string; filing?: unknown })
    : null;
  const filingRows = await db.prisma.filing.findMany({
    where: { applicantId },
    orderBy: { createdAt: 'asc' },
    include: { documents: { orderBy: { createdAt: 'asc' } } },
  });
  const filingIds = filingRows.map((f) => f.id);
  const events = await db.prisma.event.findMany({
    where: { OR: [{ applicantId }, { filingId: { in: filingIds } }] },
    orderBy: { id: 'asc' },
  });
  const pings = await db.prisma.outbox.findMany({
    where: { topic: { in: PING_TOPICS }, orderKey: `applicant:${applicantId}` },
    orderBy: { id: 'asc' },
  });
  return buildExport({
    generatedAt: now,
    applicant,
    chats,
    consents: consents.map((c) => ({
      channel: c.channel,
      scope: c.scope,
      decision: c.decision,
      version: c.version,
      lang: c.lang,
      at: c.createdAt,
    })),
    conversation:
      conversation && state
        ? {
            phase: state.phase ?? 'asking',
            filingId: conversation.filingId,
            draft: state.filing ?? {},
            updatedAt: conversation.updatedAt,
          }
        : null,
    filings: filingRows.map(({ documents, ...row }) => {
      const filing = decryptFiling(db.pii, row);
      return { ...filing, documents };
    }),
    events: events.map((e) => ({
      filingId: e.filingId,
      actor: e.actor,
      type: e.type,
      data: db.pii.decryptPii(e.data),
      at: e.createdAt,
    })),
    pings: pings.map((row) => {
      const payload = db.pii.decryptPii(row.payload) as { filingId?: string; texts?: Text[] };
      const texts = Array.isArray(payload.texts) ? payload.texts : [];
      return {
        topic: row.topic,
        filingId: payload.filingId ?? null,
        text: texts.map((text) => render(lang, text)).join('\n'),
        queuedAt: row.createdAt,
        sentAt: row.sentAt,
      };
    }),
  });
}

export function exportFileName(now: Date): string {
  return `icp-personal-data-${now.toISOString().slice(0, 19).replace(/[-:T]/g, '')}.json`;
}

/**
 * The retention rules (rules/retention.ts) applied by the periodic sweep (src/notify/reminders.ts
 * runs it with the reminders). It only queues: warnings as `reminder` rows, erasures as erasure
 * jobs; each with a key naming the situation (the draft's last touch, the filing), so running the
 * sweep again, or on several instances, queues nothing twice. Reports counts only (no PII).
 */
import type { Database } from '../db/database.ts';
import { enqueueOutbox } from '../db/outbox.ts';
import { shanghaiDate } from '../review/shanghai-time.ts';
import { queueErasure } from './erasure.ts';
import {
  DECIDED_STATUSES,
  documentErasureCutoff,
  draftErasureCutoff,
  draftErasureDate,
  draftWarningCutoff,
  RETENTION_WARNING_DAYS,
  type RetentionPolicy,
} from './rules/retention.ts';

const BATCH = 500;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface RetentionSweepResult {
  draftWarnings: number;
  draftErasures: number;
  documentErasures: number;
}

interface IdleDraftRow {
  id: string;
  applicant_id: string;
  filing_id: string | null;
  updated_at: Date;
}

const warningKey = (row: IdleDraftRow) =>
  `retention:draft_warning:${row.id}:${new Date(row.updated_at).getTime()}`;

export async function sweepRetention(
  db: Pick<Database, 'prisma' | 'pii'>,
  now: Date,
  policy: RetentionPolicy,
): Promise<RetentionSweepResult> {
  const result: RetentionSweepResult = { draftWarnings: 0, draftErasures: 0, documentErasures: 0 };
  const warnBefore = draftWarningCutoff(now, policy);
  const eraseBefore = draftErasureCutoff(now, policy);
  // Unsubmitted drafts only: the engine's phase is plain JSON in the state.
  const idle = await db.prisma.$queryRaw<IdleDraftRow[]>`
    SELECT c.id::text AS id, c.applicant_id::text AS applicant_id, c.filing_id::text AS filing_id, c.updated_at
    FROM conversations c LEFT JOIN filings f ON f.id = c.filing_id
    WHERE c.updated_at <= ${warnBefore}
      AND c.state->>'phase' IN ('asking', 'confirm', 'documents', 'cancelled')
      AND (f.id IS NULL OR f.status = 'draft')
    ORDER BY c.updated_at LIMIT ${BATCH}`;
  for (const row of idle) {
    const touched = new Date(row.updated_at);
    const warning = await db.prisma.outbox.findUnique({
      where: { dedupeKey: warningKey(row) },
      select: { payload: true },
    });
    if (!warning) {
      // The erasure date is never less than the warning period away from the warning itself.
      const due = new Date(
        Math.max(
          draftErasureDate(touched, policy).getTime(),
          now.getTime() + RETENTION_WARNING_DAYS * DAY_MS,
        ),
      );
      const id = await enqueueOutbox(db.prisma, db.pii, {
        topic: 'reminder',
        orderKey: `applicant:${row.applicant_id}`,
        payload: {
          applicantId: row.applicant_id,
          kind: 'draft_retention',
          // The sweep's clock, not the row's insertion time: the 7 days are counted on one clock.
          warnedAt: now.toISOString(),
          ...(row.filing_id ? { filingId: row.filing_id } : {}),
          texts: [{ key: 'privacy:retention.draft_warning', params: { date: shanghaiDate(due) } }],
          subject: { key: 'privacy:retention.draft_warning_subject' },
        },
        dedupeKey: warningKey(row),
      });
      if (id !== null) result.draftWarnings++;
      continue;
    }
    const warnedAt = Date.parse(String((warning.payload as { warnedAt?: unknown }).warnedAt));
    const warnedLongEnough =
      Number.isFinite(warnedAt) && warnedAt <= now.getTime() - RETENTION_WARNING_DAYS * DAY_MS;
    if (touched > eraseBefore || !warnedLongEnough) continue;
    const job = await queueErasure(db.prisma, db.pii, {
      scope: { kind: 'draft', applicantId: row.applicant_id, filingId: row.filing_id },
      actor: 'system',
      reason: 'draft_retention',
      at: now,
      jobId: `retention-draft:${row.id}:${touched.getTime()}`,
    });
    if (job) result.draftErasures++;
  }

  const decidedBefore = documentErasureCutoff(now, policy);
  const decided = await db.prisma.filing.findMany({
    where: {
      status: { in: [...DECIDED_STATUSES] },
      documentsErasedAt: null,
      stageStartedAt: { lte: decidedBefore },
    },
    select: { id: true },
    orderBy: { stageStartedAt: 'asc' },
    take: BATCH,
  });
  for (const filing of decided) {
    const job = await queueErasure(db.prisma, db.pii, {
      scope: { kind: 'documents', filingId: filing.id },
      actor: 'system',
      reason: 'document_retention',
      at: now,
      jobId: `retention-documents:${filing.id}`,
    });
    if (job) result.documentErasures++;
  }
  return result;
}

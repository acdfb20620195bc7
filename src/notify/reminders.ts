/**
 * The periodic sweep: reminders for applicants and overdue alerts for staff. Each finding becomes
 * an outbox row with a dedupe key naming the situation (the idle period, the stage entered), so
 * running the sweep again, or on several instances at once, adds nothing: every reminder is sent
 * once per situation, and a new situation (the draft touched and left again, a new stage) gets its
 * own.
 */
import type { Database } from '../db/database.ts';
import { enqueueOutbox } from '../db/outbox.ts';
import type { Text } from '../i18n/index.ts';
import { HOUR_MS, shanghaiDateTime } from '../review/shanghai-time.ts';
import { ACTIVE_STATUSES } from '../review/stages.ts';
import { MIIT_BEIAN_URL } from '../review/status-message.ts';
import type { NotifyLogger } from './notify-logger.ts';
import { silentLogger } from './notify-logger.ts';
import {
  type OverdueAlertPayload,
  REMINDER_TOPIC,
  type ReminderPayload,
  SLACK_ALERT_TOPIC,
} from './reminder-payload.ts';

export const DRAFT_IDLE_MS = 24 * HOUR_MS;
/** Older drafts are considered abandoned: a first deployment must not nag everyone at once. */
export const DRAFT_FORGOTTEN_MS = 7 * 24 * HOUR_MS;
export const MIIT_SMS_REMINDER_MS = 12 * HOUR_MS;
const BATCH = 500;

const REMINDER_SUBJECT: Text = { key: 'notify:mail.reminder_subject' };

export interface SweepResult {
  draftIdle: number;
  miitSms: number;
  overdue: number;
}

interface IdleDraftRow {
  id: string;
  applicant_id: string;
  filing_id: string | null;
  updated_at: Date;
}

interface FilingStageRow {
  id: string;
  applicant_id: string;
  status: string;
  stage_started_at: Date;
  stage_due_at: Date;
}

async function remindIdleDrafts(db: Pick<Database, 'prisma' | 'pii'>, now: Date): Promise<number> {
  const idleSince = new Date(now.getTime() - DRAFT_IDLE_MS);
  const forgotten = new Date(now.getTime() - DRAFT_FORGOTTEN_MS);
  // The engine's phase is plain JSON (only ID numbers are encrypted in the state).
  const rows = await db.prisma.$queryRaw<IdleDraftRow[]>`
    SELECT c.id::text AS id, c.applicant_id::text AS applicant_id, c.filing_id::text AS filing_id, c.updated_at
    FROM conversations c LEFT JOIN filings f ON f.id = c.filing_id
    WHERE c.version > 0 AND c.updated_at <= ${idleSince} AND c.updated_at > ${forgotten}
      AND c.state->>'phase' IN ('asking', 'confirm', 'documents')
      AND (f.id IS NULL OR f.status = 'draft')
    ORDER BY c.updated_at LIMIT ${BATCH}`;
  let added = 0;
  for (const row of rows) {
    const payload: ReminderPayload = {
      applicantId: row.applicant_id,
      kind: 'draft_idle',
      ...(row.filing_id ? { filingId: row.filing_id } : {}),
      texts: [{ key: 'notify:reminders.draft_idle' }, { key: 'notify:reminders.draft_continue' }],
      subject: REMINDER_SUBJECT,
    };
    const id = await enqueueOutbox(db.prisma, db.pii, {
      topic: REMINDER_TOPIC,
      orderKey: `applicant:${row.applicant_id}`,
      payload,
      dedupeKey: `reminder:draft_idle:${row.id}:${new Date(row.updated_at).getTime()}`,
    });
    if (id !== null) added++;
  }
  return added;
}

async function remindMiitSms(db: Pick<Database, 'prisma' | 'pii'>, now: Date): Promise<number> {
  const since = new Date(now.getTime() - MIIT_SMS_REMINDER_MS);
  const rows = await db.prisma.$queryRaw<FilingStageRow[]>`
    SELECT id::text AS id, applicant_id::text AS applicant_id, status, stage_started_at, stage_due_at
    FROM filings
    WHERE status = 'miit_sms_check' AND stage_started_at <= ${since} AND stage_due_at > ${now}
    ORDER BY stage_started_at LIMIT ${BATCH}`;
  let added = 0;
  for (const row of rows) {
    const deadline = shanghaiDateTime(new Date(row.stage_due_at));
    const payload: ReminderPayload = {
      applicantId: row.applicant_id,
      kind: 'miit_sms',
      filingId: row.id,
      texts: [{ key: 'notify:reminders.miit_sms', params: { deadline, url: MIIT_BEIAN_URL } }],
      subject: { key: 'notify:mail.miit_sms_subject' },
    };
    // The order key of the filing's status pings: the reminder never overtakes "submitted to MIIT".
    const id = await enqueueOutbox(db.prisma, db.pii, {
      topic: REMINDER_TOPIC,
      orderKey: `applicant:${row.applicant_id}`,
      payload,
      dedupeKey: `reminder:miit_sms:${row.id}:${new Date(row.stage_started_at).getTime()}`,
    });
    if (id !== null) added++;
  }
  return added;
}

async function alertOverdue(db: Pick<Database, 'prisma' | 'pii'>, now: Date): Promise<number> {
  const statuses = [...ACTIVE_STATUSES];
  const rows = await db.prisma.$queryRaw<FilingStageRow[]>`
    SELECT id::text AS id, applicant_id::text AS applicant_id, status, stage_started_at, stage_due_at
    FROM filings
    WHERE status = ANY(${statuses}::text[]) AND stage_due_at IS NOT NULL AND stage_started_at IS NOT NULL
      AND stage_due_at < ${now}
    ORDER BY stage_due_at LIMIT ${BATCH}`;
  let added = 0;
  for (const row of rows) {
    const startedAt = new Date(row.stage_started_at);
    const dueAt = new Date(row.stage_due_at);
    const payload: OverdueAlertPayload = {
      filingId: row.id,
      status: row.status,
      stageStartedAt: startedAt.toISOString(),
      stageDueAt: dueAt.toISOString(),
      logText: { key: 'notify:alerts.overdue', params: { stage: row.status, due: shanghaiDateTime(dueAt) } },
    };
    const id = await enqueueOutbox(db.prisma, db.pii, {
      topic: SLACK_ALERT_TOPIC,
      orderKey: `slack:${row.id}`,
      payload,
      dedupeKey: `alert:overdue:${row.id}:${row.status}:${startedAt.getTime()}`,
    });
    if (id !== null) added++;
  }
  return added;
}

/** One pass over the database at `now`; returns how many new rows it queued. */
export async function sweepReminders(db: Pick<Database, 'prisma' | 'pii'>, now: Date): Promise<SweepResult> {
  return {
    draftIdle: await remindIdleDrafts(db, now),
    miitSms: await remindMiitSms(db, now),
    overdue: await alertOverdue(db, now),
  };
}

export interface ReminderSweeper {
  /** One pass now (also what the timer runs). */
  sweep(): Promise<SweepResult>;
  stop(): Promise<void>;
}

/**
 * Sweeps every `intervalMs` (default 5 minutes: reminders are about hours, not seconds) and calls
 * `onQueued` when it added rows, so the worker delivers them at once.
 */
export function startReminderSweeper(options: {
  db: Pick<Database, 'prisma' | 'pii'>;
  now?: () => Date;
  intervalMs?: number;
  onQueued?: () => void;
  logger?: NotifyLogger;
  /** More scheduled work run with each sweep (retention, issue 13); returns counts, logged as such. */
  extraSweep?: (now: Date) => Promise<Record<string, number>>;
}): ReminderSweeper {
  const now = options.now ?? (() => new Date());
  const intervalMs = options.intervalMs ?? 5 * 60_000;
  const log = options.logger ?? silentLogger;
  let running: Promise<unknown> = Promise.resolve();

  const sweep = async () => {
    const result = await sweepReminders(options.db, now());
    if (result.draftIdle + result.miitSms + result.overdue > 0) {
      log.info({ ...result }, 'reminders queued');
      options.onQueued?.();
    }
    if (options.extraSweep) {
      const counts = await options.extraSweep(now());
      if (Object.values(counts).some((n) => n > 0)) {
        log.info({ ...counts }, 'scheduled work queued');
        options.onQueued?.();
      }
    }
    return result;
  };
  const timer =
    intervalMs > 0
      ? setInterval(() => {
          running = sweep().catch((error: unknown) =>
            log.error({ err: error instanceof Error ? error.name : 'unknown' }, 'reminder sweep failed'),
          );
        }, intervalMs)
      : undefined;
  timer?.unref?.();
  return {
    sweep,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

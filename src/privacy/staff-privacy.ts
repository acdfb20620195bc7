import type { Database } from '../db/database.ts';
import { runInTransaction } from '../db/database.ts';
import { appendEvent } from '../db/events.ts';
import { enqueueOutbox } from '../db/outbox.ts';
import { SLACK_UPDATE_TOPIC, type SlackTriagePayload } from '../services/staff-outbox.ts';
import { ERASED_EVENT, type ErasureOutcome, type ErasureRunner, queueErasure } from './erasure.ts';
import { exportFileName, loadExport } from './export.ts';
import { writeExport } from './local-copies.ts';
import { ACCESS_EVENT_TYPES, type AccessEvent, isStaffActor, threadText } from './rules/audit.ts';
import type { ErasureScope } from './rules/erasure-rules.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type StaffAccessKind = 'full_view' | 'export';

export type StaffEraseResult =
  | { ok: true; outcome: ErasureOutcome; scope: ErasureScope['kind'] }
  | { ok: false; problem: 'reason_required' | 'not_found' };

export interface ErasureRecord {
  erasedAt: Date | null;
  documentsErasedAt: Date | null;
  /** When the filing row itself is gone: the erasure's event. */
  deleted?: { at: Date; actor: string };
}

export interface StaffPrivacyDeps {
  db: Pick<Database, 'prisma' | 'pii'>;
  erasure: Pick<ErasureRunner, 'run'>;
  now: () => Date;
  wake?: () => void;
}

export function createStaffPrivacy(deps: StaffPrivacyDeps) {
  const { db } = deps;

  /** Records one access by staff and notes it in the filing's Slack thread. */
  async function recordAccess(
    staffId: string,
    filingId: string,
    kind: StaffAccessKind,
    data: Record<string, unknown> = {},
  ) {
    const at = deps.now();
    const type = kind === 'full_view' ? 'staff.full_view' : 'staff.export';
    await runInTransaction(db, async (tx) => {
      const event = await appendEvent(tx, db.pii, { filingId, actor: `staff:${staffId}`, type, data, at });
      const payload: SlackTriagePayload = {
        filingId,
        logText: threadText({ ...event, data, at }),
        actor: `staff:${staffId}`,
        at: at.toISOString(),
      };
      // One note per access: the event id names it (the usual slack_update key is per filing version).
      await enqueueOutbox(tx, db.pii, {
        topic: SLACK_UPDATE_TOPIC,
        orderKey: `slack:${filingId}`,
        payload,
        dedupeKey: `audit:${event.id}`,
      });
    });
    deps.wake?.();
  }

  return {
    recordAccess,

    /** Erases a filing (its id) or an applicant (its id), for `staffId`, with a reason. */
    async erase(staffId: string, target: string, reason: string): Promise<StaffEraseResult> {
      if (!reason.trim()) return { ok: false, problem: 'reason_required' };
      if (!UUID.test(target)) return { ok: false, problem: 'not_found' };
      let scope: ErasureScope | undefined;
      if (await db.prisma.filing.findUnique({ where: { id: target }, select: { id: true } }))
        scope = { kind: 'filing', filingId: target };
      else if (await db.prisma.applicant.findUnique({ where: { id: target }, select: { id: true } }))
        scope = { kind: 'applicant', applicantId: target };
      if (!scope) return { ok: false, problem: 'not_found' };
      const request = { scope, actor: `staff:${staffId}`, reason: reason.trim(), at: deps.now() };
      const job = await runInTransaction(db, (tx) => queueErasure(tx, db.pii, request));
      deps.wake?.();
      if (!job) return { ok: false, problem: 'not_found' };
      return { ok: true, outcome: await deps.erasure.run(job), scope: scope.kind };
    },

    /** "Erased on" for `icp staff show`: the columns of a kept filing, or the event of a deleted one. */
    async erasureRecord(filingId: string): Promise<ErasureRecord | null> {
      if (!UUID.test(filingId)) return null;
      const row = await db.prisma.filing.findUnique({
        where: { id: filingId },
        select: { erasedAt: true, documentsErasedAt: true },
      });
      if (row) return row;
      const event = await db.prisma.event.findFirst({
        where: { type: ERASED_EVENT, data: { path: ['filingIds'], array_contains: [filingId] } },
        orderBy: { id: 'desc' },
      });
      if (!event) return null;
      return {
        erasedAt: event.createdAt,
        documentsErasedAt: event.createdAt,
        deleted: { at: event.createdAt, actor: event.actor },
      };
    },

    /** Staff access events, oldest first: of one filing, or all (the latest 500). */
    async audit(filingId?: string): Promise<AccessEvent[]> {
      const rows = await db.prisma.event.findMany({
        where: {
          type: { in: ACCESS_EVENT_TYPES },
          actor: { startsWith: 'staff:' },
          ...(filingId
            ? { OR: [{ filingId }, { data: { path: ['filingIds'], array_contains: [filingId] } }] }
            : {}),
        },
        orderBy: { id: 'desc' },
        take: 500,
      });
      return rows
        .reverse()
        .filter((row) => isStaffActor(row.actor))
        .map((row) => ({
          filingId: row.filingId,
          applicantId: row.applicantId,
          actor: row.actor,
          type: row.type,
          data: db.pii.decryptPii(row.data),
          at: row.createdAt,
        }));
    },

    /** Writes the export of a filing's applicant under `dataDir/exports/<applicant id>` (0600) and records the access. */
    async exportFiling(staffId: string, filingId: string, dataDir: string): Promise<string | null> {
      if (!UUID.test(filingId)) return null;
      const filing = await db.prisma.filing.findUnique({
        where: { id: filingId },
        select: { applicantId: true },
      });
      if (!filing) return null;
      const now = deps.now();
      const record = await loadExport(db, filing.applicantId, now);
      const path = await writeExport(
        dataDir,
        filing.applicantId,
        `staff-${filingId}-${exportFileName(now)}`,
        record,
      );
      await recordAccess(staffId, filingId, 'export');
      return path;
    },
  };
}

export type StaffPrivacy = ReturnType<typeof createStaffPrivacy>;

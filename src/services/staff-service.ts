/**
 * Staff use cases, shared by Slack and the `icp staff` command: check the staff member, run the
 * pure review workflow, and commit the filing, the event and the outbox rows in one transaction.
 */
import { type Database, runInTransaction, type Tx } from '../db/database.ts';
import { documentReadingOf } from '../db/document-readings.ts';
import { currentDocuments, currentDocumentsOf, type Document, getDocument } from '../db/documents.ts';
import { VersionConflict } from '../db/errors.ts';
import { appendEvent } from '../db/events.ts';
import {
  type FilingChanges,
  type FilingRecord,
  findFilings,
  getFiling,
  getFilingForUpdate,
  updateFiling,
} from '../db/filings.ts';
import { markOutboxSent } from '../db/outbox.ts';
import { findFilingsByName, setSlackMessageRef } from '../db/staff-queries.ts';
import { issuedWebsiteNumbers } from '../db/website-numbers.ts';
import { createDocumentLinks } from '../document-links/document-links.ts';
import { MAX_LINK_TTL_SECONDS } from '../document-links/link-token.ts';
import type { DocumentReading } from '../documents/reading/document-reading.ts';
import { orderOf } from '../filing/orders/descriptions.ts';
import { filedWebsiteNumbersOf } from '../filing/orders/icp-numbers.ts';
import type { Text } from '../i18n/index.ts';
import type { Actor, ReviewAction } from '../review/actions.ts';
import { parseIcpNumber } from '../review/icp-number.ts';
import { filesNewWebsites, orderOfReview } from '../review/order-stages.ts';
import { type InterviewOption, isInterviewOption, type ReviewState } from '../review/review-state.ts';
import { ACTIVE_STATUSES } from '../review/stages.ts';
import { eventLogText } from '../review/status-message.ts';
import { applyAction, type ReviewEvent, type ReviewProblem } from '../review/workflow.ts';
import type { WorkingDayCalendar } from '../review/working-days.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import { approvedFilingOf } from './approved-filing.ts';
import { changeView } from './change-view.ts';
import {
  enqueueReviewChanges,
  enqueueSlack,
  enqueueStatusPing,
  SLACK_TRIAGE_TOPIC,
  SLACK_UPDATE_TOPIC,
  statusPingPayload,
} from './staff-outbox.ts';
import type {
  ActOutcome,
  StaffAction,
  StaffDocument,
  StaffFilingView,
  StaffProblem,
  StaffResult,
} from './staff-types.ts';
import {
  bySla,
  documentOf,
  filingView,
  orderIcpNumberOf,
  reviewOf,
  sponsorProvinceOf,
  websiteCountOf,
} from './staff-view.ts';

export interface StaffServiceDeps {
  db: Database;
  calendar: WorkingDayCalendar;
  now: () => Date;
  /** Slack user ids allowed to act (SLACK_STAFF_USER_IDS); the CLI passes its operator's id. */
  staffIds: readonly string[];
  blobStore: BlobStore;
  /** Lifetime of a document link (default and at most 10 minutes). */
  documentLinkTtlSeconds?: number;
  /** Public base URL of the app's document links (DOCUMENT_LINK_URL); default http://127.0.0.1:3002. */
  documentLinkBaseUrl?: string;
  /**
   * When a caller says it updates Slack itself, the `slack_update` row waits this long before the
   * notify worker may take it (it is delivered anyway if the caller dies first). Default 60 s.
   */
  selfDeliveryGraceMs?: number;
}

export interface ActOptions {
  /** The version the staff member saw (Slack buttons carry it): a different one means "already handled". */
  expectedVersion?: number;
  /** The caller posts the Slack update itself right away and then calls `markDelivered`. */
  selfDeliversSlack?: boolean;
}

export type QueueFilter = 'mine' | 'unclaimed' | 'all';

export interface DocumentLink {
  url: string;
  kind: string;
  expiresAt: Date;
  ttlSeconds: number;
}

export interface SubmitOutcome {
  filing: StaffFilingView;
  event: ReviewEvent;
}

export interface InterviewChoiceOutcome {
  filingId: string;
  option: InterviewOption;
  event: ReviewEvent;
}

export interface StaffService {
  isStaff(staffId: string): boolean;
  act(
    staffId: string,
    filingId: string,
    action: StaffAction,
    options?: ActOptions,
  ): Promise<StaffResult<ActOutcome>>;
  list(query: { filter: QueueFilter; staffId?: string; limit?: number }): Promise<StaffFilingView[]>;
  /** Full details. ID numbers stay masked unless `unmask` (an explicit look by staff, e.g. `icp staff show`). */
  show(filingId: string, options?: { unmask?: boolean }): Promise<StaffFilingView | null>;
  /** By filing id, domain, ICP number, or part of the sponsor's or a principal's name. */
  find(query: string): Promise<StaffFilingView[]>;
  /** A short-lived link to one of the filing's documents, made now and logged. */
  documentLink(staffId: string, filingId: string, documentId: string): Promise<StaffResult<DocumentLink>>;
  /**
   * The filing document with its ID numbers, for a printable form a staff member asked for
   * (`kind`); staff only, and logged like a document link.
   */
  filingForForm(staffId: string, filingId: string, kind: string): Promise<StaffResult<{ document: unknown }>>;
  /**
   * The applicant submitted (draft → first review) or resubmitted after changes (→ first review).
   * Pass the applicant service's transaction to commit together with its own writes.
   */
  onSubmitted(filingId: string, options?: { tx?: Tx }): Promise<StaffResult<SubmitOutcome>>;
  /**
   * The applicant picked how to do the interview (the buttons sent with the first-review ping).
   * Refused (`staff.interview_*`) when no filing of theirs waits for a choice, the option is
   * unknown, or a choice is already recorded (staff change it after a call, not a stale button).
   * `filingId`: the filing the button was sent for; another filing of theirs is not touched.
   */
  chooseInterview(
    applicantId: string,
    option: string,
    options?: { filingId?: string },
  ): Promise<StaffResult<InterviewChoiceOutcome>>;
  /** The triage message was posted: remember where, without changing the filing's version. */
  recordSlackMessage(filingId: string, ref: { channel: string; ts: string }): Promise<void>;
  /** A `slack_update` row the caller delivered itself. */
  markDelivered(outboxId: bigint): Promise<void>;
}

const DEFAULT_LINK_TTL_SECONDS = 600;
const DEFAULT_GRACE_MS = 60_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function problem(code: string, params: Record<string, string | number> = {}): StaffProblem {
  return { code, params, text: { key: `staff:problems.${code.replace(/^staff\./, '')}`, params } };
}

function fromReview(p: ReviewProblem): StaffProblem {
  return { code: p.code, params: p.params, text: { key: `errors:${p.code}`, params: p.params } };
}

function refuse<T>(p: StaffProblem): StaffResult<T> {
  return { ok: false, problem: p };
}

/** The filing columns that mirror the review state (for queries and indexes). */
function columnsOf(review: ReviewState): FilingChanges {
  return {
    status: review.status,
    review,
    claimedBy: review.claimedBy,
    icpNumber: review.icpNumber,
    stageStartedAt: review.stageStartedAt ? new Date(review.stageStartedAt) : null,
    stageDueAt: review.stageDueAt ? new Date(review.stageDueAt) : null,
    submittedAt: review.submittedAt ? new Date(review.submittedAt) : null,
  };
}

/** What a transition wrote: the filing after it, its event, the Slack update row (if queued). */
interface Transitioned {
  updated: FilingRecord;
  event: ReviewEvent;
  slackUpdateId: bigint | null;
}

function readingOf(d: Document): { reading?: DocumentReading } {
  const reading = documentReadingOf(d.reading);
  return reading ? { reading } : {};
}

export function createStaffService(deps: StaffServiceDeps): StaffService {
  const { db, calendar } = deps;
  const staff = new Set(deps.staffIds);
  const ttl = Math.min(deps.documentLinkTtlSeconds ?? DEFAULT_LINK_TTL_SECONDS, MAX_LINK_TTL_SECONDS);
  const links = createDocumentLinks({
    db,
    blobs: deps.blobStore,
    baseUrl: deps.documentLinkBaseUrl ?? 'http://127.0.0.1:3002',
    now: deps.now,
  });
  const grace = deps.selfDeliveryGraceMs ?? DEFAULT_GRACE_MS;

  const staffDocument = (d: Document): StaffDocument => ({
    id: d.id,
    kind: d.kind,
    contentType: d.contentType,
    size: d.size,
    ...readingOf(d),
  });

  /**
   * `compare: false` leaves out a change order's comparison with the approved filing (a lookup and
   * decryption of the sponsor's approvals): the submission's own transaction, which holds the
   * applicant's conversation, has no use for it; staff see it through show().
   */
  async function view(
    client: Tx | Database['prisma'],
    filing: FilingRecord,
    { unmask = false, compare = true }: { unmask?: boolean; compare?: boolean } = {},
  ) {
    const documents = (await currentDocuments(client, filing.id)).map(staffDocument);
    const now = deps.now();
    const doc = documentOf(filing);
    const change =
      compare && orderOf(doc).type === 'change'
        ? changeView(await approvedFilingOf(client, db.pii, filing), doc, now, unmask)
        : undefined;
    return filingView(filing, documents, { now, calendar, unmask, ...(change ? { change } : {}) });
  }

  /** Views of a queue or search result: the documents of all of them in one query, not one each. */
  async function views(rows: readonly FilingRecord[]) {
    const documents = await currentDocumentsOf(
      db.prisma,
      rows.map((row) => row.id),
    );
    const now = deps.now();
    return rows
      .map((row) =>
        filingView(row, (documents.get(row.id) ?? []).map(staffDocument), { now, calendar, unmask: false }),
      )
      .sort(bySla);
  }

  /**
   * One transition inside `tx`, of a filing the caller read with getFilingForUpdate: the row is
   * locked, so concurrent actions queue up there.
   */
  async function transition(
    tx: Tx,
    filing: FilingRecord,
    action: ReviewAction,
    actor: Actor,
    options: ActOptions,
  ): Promise<StaffResult<Transitioned>> {
    const filingId = filing.id;
    const now = deps.now();
    const doc = documentOf(filing);
    const sponsorProvince = sponsorProvinceOf(doc);
    const order = orderOf(doc);
    const existingIcpNumber = order.onExistingNumber ? orderIcpNumberOf(doc) : null;
    // Only an approval of new websites numbers them: the sponsor's numbers issued here are read for it alone.
    const approvedAs =
      action.type === 'approve' && filesNewWebsites(orderOfReview(reviewOf(filing)))
        ? parseIcpNumber(action.icpNumber)?.sponsorNumber
        : undefined;
    const issued = approvedAs ? await issuedWebsiteNumbers(tx, db.pii, approvedAs, filingId) : undefined;
    const result = applyAction(reviewOf(filing), action, {
      now,
      actor,
      sponsorProvince,
      websiteCount: websiteCountOf(doc),
      calendar,
      filingType: order.type,
      filedWebsiteNumbers: filedWebsiteNumbersOf(doc),
      ...(existingIcpNumber ? { existingIcpNumber } : {}),
      ...(issued ? { issuedWebsiteNumbers: issued } : {}),
    });
    if (!result.ok) return refuse(fromReview(result.problem));
    const { review, event } = result;

    const updated = await updateFiling(tx, db.pii, filingId, filing.version, columnsOf(review));
    await appendEvent(tx, db.pii, {
      filingId,
      applicantId: filing.applicantId,
      actor: `${actor.kind}:${actor.id}`,
      type: `review.${event.type}`,
      data: { from: event.from, to: event.to, reason: event.reason ?? null, ...event.data },
      at: now,
    });
    const ping = statusPingPayload(filingId, filing.applicantId, event, review, {
      now,
      sponsorProvince,
      calendar,
    });
    if (ping) await enqueueStatusPing(tx, db.pii, ping, updated.version);
    if (event.type === 'request_changes' && review.requestedChanges) {
      const { fields, documents, reason } = review.requestedChanges;
      await enqueueReviewChanges(
        tx,
        db.pii,
        { filingId, applicantId: filing.applicantId, fields, documents, reason },
        updated.version,
      );
    }

    // The publisher posts a new message for an update when none exists yet (Slack was set up late).
    const topic = event.type === 'submit' ? SLACK_TRIAGE_TOPIC : SLACK_UPDATE_TOPIC;
    const slackUpdateId = await enqueueSlack(
      tx,
      db.pii,
      topic,
      topic === SLACK_TRIAGE_TOPIC
        ? { filingId }
        : { filingId, logText: eventLogText(event), actor: `${actor.kind}:${actor.id}`, at: event.at },
      updated.version,
      options.selfDeliversSlack ? new Date(now.getTime() + grace) : undefined,
    );
    return { ok: true, value: { updated, event, slackUpdateId } };
  }

  async function guarded<T>(work: () => Promise<StaffResult<T>>): Promise<StaffResult<T>> {
    try {
      return await work();
    } catch (error) {
      // The row lock makes this rare; a writer outside it (the applicant's edits) can still race.
      if (error instanceof VersionConflict) return refuse(problem('staff.already_handled'));
      throw error;
    }
  }

  return {
    isStaff: (staffId) => staff.has(staffId),

    async act(staffId, filingId, action, options = {}) {
      if (!staff.has(staffId)) return refuse(problem('staff.not_staff'));
      if (!UUID.test(filingId)) return refuse(problem('staff.not_found', { filingId }));
      return guarded(async () => {
        const done = await runInTransaction(db, async (tx): Promise<StaffResult<Transitioned>> => {
          const filing = await getFilingForUpdate(tx, db.pii, filingId);
          if (!filing) return refuse(problem('staff.not_found', { filingId }));
          if (options.expectedVersion !== undefined && filing.version !== options.expectedVersion) {
            return refuse(problem('staff.already_handled'));
          }
          return transition(tx, filing, action, { kind: 'staff', id: staffId }, options);
        });
        if (!done.ok) return done;
        const { updated, event, slackUpdateId } = done.value;
        const logText: Text = eventLogText(event);
        return {
          ok: true,
          value: {
            filing: await view(db.prisma, updated),
            event,
            logText,
            slackUpdateId: options.selfDeliversSlack ? slackUpdateId : null,
          },
        };
      });
    },

    async list({ filter, staffId, limit }) {
      const claimedBy = filter === 'mine' ? (staffId ?? '') : filter === 'unclaimed' ? null : undefined;
      const rows = await findFilings(db.prisma, db.pii, {
        status: ACTIVE_STATUSES,
        ...(claimedBy !== undefined ? { claimedBy } : {}),
        limit: limit || 200,
      });
      return views(rows);
    },

    async show(filingId, options = {}) {
      if (!UUID.test(filingId)) return null;
      const filing = await getFiling(db.prisma, db.pii, filingId);
      return filing ? view(db.prisma, filing, { unmask: options.unmask ?? false }) : null;
    },

    async find(query) {
      const q = query.trim();
      if (!q) return [];
      let rows: FilingRecord[];
      if (UUID.test(q)) {
        const one = await getFiling(db.prisma, db.pii, q);
        rows = one ? [one] : [];
      } else if (/icp/i.test(q)) {
        const parsed = parseIcpNumber(q);
        rows = await findFilings(db.prisma, db.pii, { icpNumber: parsed?.sponsorNumber ?? q, limit: 20 });
      } else if (/^[^\s@]+\.[^\s@]+$/.test(q)) {
        const domain = q
          .toLowerCase()
          .replace(/^[a-z]+:\/\//, '')
          .replace(/\/.*$/, '');
        rows = await findFilings(db.prisma, db.pii, { domain, limit: 20 });
        if (rows.length === 0 && domain.startsWith('www.')) {
          rows = await findFilings(db.prisma, db.pii, { domain: domain.slice(4), limit: 20 });
        }
      } else {
        rows = await findFilingsByName(db.prisma, db.pii, q);
      }
      return views(rows);
    },

    async documentLink(staffId, filingId, documentId) {
      if (!staff.has(staffId)) return refuse(problem('staff.not_staff'));
      if (!UUID.test(documentId)) return refuse(problem('staff.document_not_found'));
      const document = await getDocument(db.prisma, documentId);
      if (!document || document.filingId !== filingId) return refuse(problem('staff.document_not_found'));
      // Opening someone's ID card is worth an event: the link's creation here, each download when served.
      const link = await links.create({
        staffId,
        filingId,
        documentId,
        kind: document.kind,
        ttlSeconds: ttl,
      });
      return {
        ok: true,
        value: { url: link.url, kind: document.kind, expiresAt: link.expiresAt, ttlSeconds: ttl },
      };
    },

    async filingForForm(staffId, filingId, kind) {
      if (!staff.has(staffId)) return refuse(problem('staff.not_staff'));
      if (!UUID.test(filingId)) return refuse(problem('staff.not_found', { filingId }));
      const filing = await getFiling(db.prisma, db.pii, filingId);
      if (!filing) return refuse(problem('staff.not_found', { filingId }));
      // The form carries full ID numbers: who made one is worth a line in the log.
      await appendEvent(db.prisma, db.pii, {
        filingId,
        actor: `staff:${staffId}`,
        type: 'staff.form_made',
        data: { kind },
        at: deps.now(),
      });
      return { ok: true, value: { document: filing.document } };
    },

    async onSubmitted(filingId, options = {}) {
      const run = async (tx: Tx): Promise<StaffResult<SubmitOutcome>> => {
        const current = await getFilingForUpdate(tx, db.pii, filingId);
        if (!current) return refuse(problem('staff.not_found', { filingId }));
        const status = reviewOf(current).status;
        const action: ReviewAction =
          status === 'changes_requested' ? { type: 'resubmit' } : { type: 'submit' };
        const done = await transition(
          tx,
          current,
          action,
          { kind: 'applicant', id: current.applicantId },
          {},
        );
        if (!done.ok) return done;
        return {
          ok: true,
          value: { filing: await view(tx, done.value.updated, { compare: false }), event: done.value.event },
        };
      };
      return guarded(() => (options.tx ? run(options.tx) : runInTransaction(db, run)));
    },

    async chooseInterview(applicantId, option, options = {}) {
      if (!isInterviewOption(option)) return refuse(problem('staff.interview_option_invalid', { option }));
      const chosen = option;
      const notAwaiting = () => refuse<InterviewChoiceOutcome>(problem('staff.interview_not_awaiting'));
      let filingId = options.filingId;
      if (filingId !== undefined && !UUID.test(filingId)) return notAwaiting();
      if (filingId === undefined) {
        const rows = await findFilings(db.prisma, db.pii, { applicantId, status: 'interview', limit: 20 });
        const waiting = rows.find((row) => !reviewOf(row).interview?.option) ?? rows[0];
        if (!waiting) return notAwaiting();
        filingId = waiting.id;
      }
      const id = filingId;
      return guarded(() =>
        runInTransaction(db, async (tx): Promise<StaffResult<InterviewChoiceOutcome>> => {
          // Checked under the row lock: a double press queues here and finds the first choice made.
          const filing = await getFilingForUpdate(tx, db.pii, id);
          if (!filing || filing.applicantId !== applicantId) return notAwaiting();
          const review = reviewOf(filing);
          if (review.status !== 'interview') return notAwaiting();
          const already = review.interview?.option;
          if (already) return refuse(problem('staff.interview_already_chosen', { option: already }));
          const done = await transition(
            tx,
            filing,
            { type: 'choose_interview', option: chosen },
            { kind: 'applicant', id: applicantId },
            {},
          );
          if (!done.ok) return done;
          return { ok: true, value: { filingId: id, option: chosen, event: done.value.event } };
        }),
      );
    },

    recordSlackMessage: (filingId, ref) => setSlackMessageRef(db.prisma, filingId, ref),

    markDelivered: (outboxId) => markOutboxSent(db.prisma, outboxId, deps.now()),
  };
}

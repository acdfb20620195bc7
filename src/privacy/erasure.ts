/**
 * Runs an erasure job (rules in rules/erasure-rules.ts) in two phases, so that a crash anywhere
 * leaves a job the rerun finishes:
 *   1. the files: the document blobs, deleted from the blob store one by one, then the forms and
 *      exports the app wrote under DATA_DIR (local-copies.ts). The blobs are listed from the
 *      `documents` rows and the folders from the filing and applicant ids, which only phase 2
 *      removes, so a rerun finds them again; deleting a file that is already gone is not an error.
 *   2. the rows, in one transaction, ending with the `privacy.erased` event naming the job: a rerun
 *      that finds this event has nothing left to do.
 * Jobs are outbox rows (topic `privacy_erasure`): the worker runs them and, after a crash, runs them
 * again once their lease expires. The channel and the CLI also run a job at once after queuing it,
 * so the applicant's answer can say it is done; the worker's run then finds it finished.
 */
import { randomUUID } from 'node:crypto';
import { applicantEmail, type ChatRef, chatKey } from '../db/applicants.ts';
import { type Database, runInTransaction, type Tx } from '../db/database.ts';
import { appendEvent } from '../db/events.ts';
import { getFiling, updateFiling } from '../db/filings.ts';
import { enqueueOutbox } from '../db/outbox.ts';
import { clearPendingUpload } from '../db/pending-uploads.ts';
import { codeOrderKey, emailOrderKey } from '../notify/email-payload.ts';
import type { OutboxHandler } from '../notify/outbox-worker.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import { eraseLocalCopies } from './local-copies.ts';
import {
  type ErasureJob,
  type ErasureScope,
  keepsLegalMinimum,
  legalMinimumDocument,
  legalMinimumReview,
} from './rules/erasure-rules.ts';

export const ERASURE_TOPIC = 'privacy_erasure';
export const ERASED_EVENT = 'privacy.erased';
export const ERASURE_REQUESTED_EVENT = 'privacy.erasure_requested';

export interface ErasureOutcome {
  /** False when an earlier run had already finished the job. */
  ran: boolean;
  filingsDeleted: number;
  filingsKept: number;
  documents: number;
}

export interface ErasureDeps {
  db: Pick<Database, 'prisma' | 'pii' | 'addressKey'>;
  blobs: Pick<BlobStore, 'delete'>;
  /** DATA_DIR: where the console's forms and the exports are written (local-copies.ts). */
  dataDir: string;
  now: () => Date;
}

interface FilingRow {
  id: string;
  applicantId: string;
  status: string;
  review: unknown;
}

function rejectionBy(review: unknown): 'provider' | 'administration' | null {
  const rejection = (review as { rejection?: { by?: unknown } } | null)?.rejection;
  return rejection?.by === 'provider' || rejection?.by === 'administration' ? rejection.by : null;
}

/** Whom the job's events are about. */
function scopeSubject(scope: ErasureScope): { applicantId: string } | { filingId: string } {
  if (scope.kind === 'applicant') return { applicantId: scope.applicantId };
  if (scope.kind === 'draft')
    return scope.filingId ? { filingId: scope.filingId } : { applicantId: scope.applicantId };
  return { filingId: scope.filingId };
}

/** Whose exports go: an erasure of answers (not the files-only retention) makes them out of date. */
function exportOwners(scope: ErasureScope, filings: FilingRow[]): string[] {
  if (scope.kind === 'documents') return [];
  if (scope.kind === 'filing') return [...new Set(filings.map((f) => f.applicantId))];
  return [scope.applicantId];
}

export function filingKeepsMinimum(filing: { status: string; review: unknown }): boolean {
  return keepsLegalMinimum({ status: filing.status, rejectionBy: rejectionBy(filing.review) });
}

async function filingsInScope(client: Tx | Database['prisma'], scope: ErasureScope): Promise<FilingRow[]> {
  if (scope.kind === 'draft' && !scope.filingId) return [];
  const where =
    scope.kind === 'applicant'
      ? { applicantId: scope.applicantId }
      : scope.kind === 'draft'
        ? // A draft submitted meanwhile is no longer the retention rule's to erase.
          { id: scope.filingId!, status: 'draft' }
        : { id: scope.filingId };
  return client.filing.findMany({
    where,
    select: { id: true, applicantId: true, status: true, review: true },
  });
}

/** Queues a job (in the caller's transaction when given) and records who asked and why. */
export async function queueErasure(
  client: Tx | Database['prisma'],
  pii: Database['pii'],
  request: {
    scope: ErasureScope;
    actor: string;
    reason: string;
    at: Date;
    /** A fixed id makes queuing idempotent (retention names the situation); default a fresh one. */
    jobId?: string;
  },
): Promise<ErasureJob | null> {
  const job: ErasureJob = {
    jobId: request.jobId ?? randomUUID(),
    scope: request.scope,
    actor: request.actor,
    reason: request.reason,
  };
  const subject = scopeSubject(request.scope);
  const queued = await enqueueOutbox(client, pii, {
    topic: ERASURE_TOPIC,
    orderKey: `privacy:${Object.values(subject)[0]}`,
    payload: job,
    dedupeKey: `erasure:${job.jobId}`,
  });
  if (queued === null) return null;
  await appendEvent(client, pii, {
    ...subject,
    actor: request.actor,
    type: ERASURE_REQUESTED_EVENT,
    data: { jobId: job.jobId, scope: request.scope.kind, reason: request.reason },
    at: request.at,
  });
  return job;
}

export function createErasureRunner(deps: ErasureDeps) {
  const { db } = deps;

  async function finished(jobId: string): Promise<boolean> {
    const found = await db.prisma.event.findFirst({
      where: { type: ERASED_EVENT, data: { path: ['jobId'], equals: jobId } },
      select: { id: true },
    });
    return found !== null;
  }

  /**
   * The address guards' rows of the applicant (issue 12): every move it is part of (they name its
   * chats and account), and the send counters and lock of its own verified address. Counters and
   * locks of addresses it only asked codes for stay until they run out (a day at most): they
   * protect that mailbox's owner from floods and guessing, whoever asked, and nothing left links
   * them to the applicant once its code rows are gone.
   */
  async function eraseAddressGuards(tx: Tx, applicantId: string, chats: ChatRef[]): Promise<void> {
    await tx.addressMove.deleteMany({
      where: {
        OR: [
          { holderId: applicantId },
          { requesterId: applicantId },
          ...chats.map((chat) => ({ channel: chat.channel, chatId: chat.chatId })),
        ],
      },
    });
    const applicant = await tx.applicant.findUnique({ where: { id: applicantId }, select: { email: true } });
    const address = applicant ? applicantEmail(db.pii, applicant) : null;
    if (address === null) return;
    const addressKey = db.addressKey(address);
    await tx.addressAttempt.deleteMany({ where: { addressKey } });
    await tx.addressLock.deleteMany({ where: { addressKey } });
  }

  /** Phase 2 for one applicant's account: address, chats, consents, codes, undelivered messages. */
  async function eraseAccount(tx: Tx, applicantId: string, now: Date): Promise<void> {
    const chats: ChatRef[] = (
      await tx.chatIdentity.findMany({ where: { applicantId }, select: { channel: true, chatId: true } })
    ).map((c) => ({ channel: c.channel as ChatRef['channel'], chatId: c.chatId }));
    await eraseAddressGuards(tx, applicantId, chats);
    await tx.outbox.deleteMany({
      where: {
        topic: { not: ERASURE_TOPIC },
        orderKey: {
          in: [
            `applicant:${applicantId}`,
            emailOrderKey(applicantId),
            codeOrderKey(applicantId),
            ...chats.map(chatKey),
          ],
        },
      },
    });
    for (const chat of chats) {
      await tx.consent.deleteMany({ where: { channel: chat.channel, chatId: chat.chatId } });
      // A document tapped, its file not sent yet: keyed by the chat, so it goes with the chat.
      await clearPendingUpload(tx, chat);
    }
    await tx.chatIdentity.deleteMany({ where: { applicantId } });
    await tx.emailVerification.deleteMany({ where: { applicantId } });
    await tx.conversation.deleteMany({ where: { applicantId } });
    await tx.applicant.update({
      where: { id: applicantId },
      data: { email: null, emailHash: null, emailVerifiedAt: null, erasedAt: now },
    });
  }

  async function run(job: ErasureJob): Promise<ErasureOutcome> {
    const none: ErasureOutcome = { ran: false, filingsDeleted: 0, filingsKept: 0, documents: 0 };
    if (await finished(job.jobId)) return none;
    const filings = await filingsInScope(db.prisma, job.scope);
    const filingIds = filings.map((f) => f.id);

    // Phase 1: the files.
    const documents = await db.prisma.document.findMany({
      where: { filingId: { in: filingIds } },
      select: { storageKey: true },
    });
    for (const document of documents) await deps.blobs.delete(document.storageKey);
    await eraseLocalCopies(deps.dataDir, { filingIds, applicantIds: exportOwners(job.scope, filings) });

    // Phase 2: the rows.
    const now = deps.now();
    return runInTransaction(db, async (tx) => {
      if (
        await tx.event.findFirst({
          where: { type: ERASED_EVENT, data: { path: ['jobId'], equals: job.jobId } },
        })
      )
        return none;
      const outcome: ErasureOutcome = {
        ran: true,
        filingsDeleted: 0,
        filingsKept: 0,
        documents: documents.length,
      };
      await tx.document.deleteMany({ where: { filingId: { in: filingIds } } });
      for (const filing of filings) {
        if (job.scope.kind === 'documents') {
          await tx.filing.update({ where: { id: filing.id }, data: { documentsErasedAt: now } });
          continue;
        }
        // The answers also live in the conversation's state: it goes with the filing it holds.
        await tx.conversation.deleteMany({ where: { filingId: filing.id } });
        if (filingKeepsMinimum(filing)) {
          // Through the filings repository: it writes the document as stored documents are written
          // (encrypted, search keys refreshed), so the kept domains and name stay searchable.
          const record = await getFiling(tx, db.pii, filing.id);
          if (record) {
            await updateFiling(tx, db.pii, filing.id, record.version, {
              document: legalMinimumDocument(record.document),
              review: legalMinimumReview(record.review),
            });
          }
          // The legal minimum keeps no document number; its hash goes too, whatever that minimum becomes.
          await tx.filing.update({
            where: { id: filing.id },
            data: { erasedAt: now, documentsErasedAt: now, sponsorNumberHash: null },
          });
          outcome.filingsKept++;
        } else {
          await tx.filing.delete({ where: { id: filing.id } });
          outcome.filingsDeleted++;
        }
      }
      if (job.scope.kind === 'applicant') await eraseAccount(tx, job.scope.applicantId, now);
      if (job.scope.kind === 'draft')
        await tx.conversation.deleteMany({ where: { applicantId: job.scope.applicantId } });
      await appendEvent(tx, db.pii, {
        ...scopeSubject(job.scope),
        actor: job.actor,
        type: ERASED_EVENT,
        data: {
          jobId: job.jobId,
          scope: job.scope.kind,
          reason: job.reason,
          filingIds,
          filingsDeleted: outcome.filingsDeleted,
          filingsKept: outcome.filingsKept,
          documents: outcome.documents,
        },
        at: now,
      });
      return outcome;
    });
  }

  const handler: OutboxHandler = async (message) => {
    await run(message.payload as ErasureJob);
  };

  return { run, handler };
}

export type ErasureRunner = ReturnType<typeof createErasureRunner>;

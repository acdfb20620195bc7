/**
 * Retention (issue 13): how long drafts and document files are kept. Pure: dates in, dates out.
 *
 * - A draft nobody touched for DRAFT_RETENTION_DAYS is erased; its applicant is warned
 *   RETENTION_WARNING_DAYS before (the warning names the date, and any answer resets the clock).
 * - The document files of an approved or rejected filing are erased DOCUMENT_RETENTION_DAYS after
 *   the decision: the review is over and MIIT holds its own copy.
 */
export const DEFAULT_DRAFT_RETENTION_DAYS = 90;
export const DEFAULT_DOCUMENT_RETENTION_DAYS = 180;
export const RETENTION_WARNING_DAYS = 7;

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RetentionPolicy {
  draftDays: number;
  documentDays: number;
}

/** Drafts last touched at or before this are erased now. */
export function draftErasureCutoff(now: Date, policy: RetentionPolicy): Date {
  return new Date(now.getTime() - policy.draftDays * DAY_MS);
}

/** Drafts last touched at or before this (and after the erasure cutoff) get the warning. */
export function draftWarningCutoff(now: Date, policy: RetentionPolicy): Date {
  const days = Math.max(0, policy.draftDays - RETENTION_WARNING_DAYS);
  return new Date(now.getTime() - days * DAY_MS);
}

/** When a draft last touched at `touchedAt` will be erased (shown in the warning). */
export function draftErasureDate(touchedAt: Date, policy: RetentionPolicy): Date {
  return new Date(touchedAt.getTime() + policy.draftDays * DAY_MS);
}

/** Decided filings whose decision is at or before this lose their document files now. */
export function documentErasureCutoff(now: Date, policy: RetentionPolicy): Date {
  return new Date(now.getTime() - policy.documentDays * DAY_MS);
}

/** The statuses after which the review is over and the files only wait for their retention. */
export const DECIDED_STATUSES: readonly string[] = ['approved', 'rejected'];

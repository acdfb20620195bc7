/**
 * The outbox rows a review transition leaves for others to deliver. The payloads are plain JSON
 * with locale keys (Texts), never rendered sentences: the notify worker renders a ping in the
 * applicant's language at delivery time, the Slack publisher re-reads the filing and renders the
 * current message.
 */
import type { Tx } from '../db/database.ts';
import { enqueueOutbox } from '../db/outbox.ts';
import type { PiiCipher } from '../db/pii-cipher.ts';
import type { Text } from '../i18n/index.ts';
import type { ActionType } from '../review/actions.ts';
import { type EtaContext, filingEta } from '../review/eta.ts';
import { awaitsInterviewChoice, type ReviewState } from '../review/review-state.ts';
import type { ReviewStatus } from '../review/stages.ts';
import { statusMessage } from '../review/status-message.ts';
import type { ReviewEvent } from '../review/workflow.ts';

export const STATUS_PING_TOPIC = 'status_ping';
export const SLACK_TRIAGE_TOPIC = 'slack_triage';
export const SLACK_UPDATE_TOPIC = 'slack_update';
/** Enqueued by the SLA timer (not by the staff service) when a stage passes its deadline. */
export const SLACK_OVERDUE_TOPIC = 'slack_overdue';

/** For the applicant's chat and email (topic `status_ping`, order key `applicant:<id>`). */
export interface StatusPingPayload {
  filingId: string;
  applicantId: string;
  /** The transition, e.g. `request_changes`, `approve`. */
  event: ActionType;
  from: ReviewStatus;
  to: ReviewStatus;
  at: string;
  /** What happened, what to do next, the ETA: render each with `render(lang, text)`, one per line. */
  texts: Text[];
  eta: { stageDueAt: string | null; finishAt: string; estimate: boolean } | null;
  /**
   * After `request_changes`: exactly the field paths (`websites.0.domains`) and document kinds the
   * applicant must give again, and why. The conversation re-opens these and nothing else.
   */
  requestedChanges?: { fields: string[]; documents: string[]; reason: string };
  /** After the first review: the chat offers the interview options (review:interview.labels.*). */
  askInterviewChoice?: boolean;
  icpNumber?: string;
  websiteIcpNumbers?: string[];
}

/** For the Slack publisher (topics `slack_triage` / `slack_update`, order key `slack:<filing id>`). */
export interface SlackTriagePayload {
  filingId: string;
  /** The line to post in the message's thread (`slack_update` only). */
  logText?: Text;
  actor?: string;
  at?: string;
}

/** Labels of what to fix, as the applicant's conversation names them (with the website's number). */
export function fieldLabel(path: string): Text {
  const match = /^websites\.(\d+)\.(.+)$/.exec(path);
  if (!match) return { key: 'staff:ping.field', params: { id: path } };
  return {
    key: 'staff:ping.website_field',
    params: { id: `websites.*.${match[2]}`, website: Number(match[1]) + 1 },
  };
}

export function documentLabel(kind: string): Text {
  return { key: 'staff:ping.document', params: { kind } };
}

export function statusPingPayload(
  filingId: string,
  applicantId: string,
  event: ReviewEvent,
  review: ReviewState,
  eta: EtaContext,
): StatusPingPayload | null {
  const texts = statusMessage(event, review, eta, { fieldLabel, documentLabel });
  if (texts.length === 0) return null;
  const forecast = filingEta(review, eta);
  const payload: StatusPingPayload = {
    filingId,
    applicantId,
    event: event.type,
    from: event.from,
    to: event.to,
    at: event.at,
    texts,
    eta: forecast
      ? {
          stageDueAt: forecast.stageDueAt?.toISOString() ?? null,
          finishAt: forecast.finishAt.toISOString(),
          estimate: forecast.estimate,
        }
      : null,
  };
  if (event.type === 'request_changes' && review.requestedChanges) {
    const { fields, documents, reason } = review.requestedChanges;
    payload.requestedChanges = { fields, documents, reason };
  }
  if (event.type === 'approve_first_review' && awaitsInterviewChoice(review)) {
    payload.askInterviewChoice = true;
  }
  if (event.type === 'approve' && review.icpNumber) {
    payload.icpNumber = review.icpNumber;
    payload.websiteIcpNumbers = review.websiteIcpNumbers;
  }
  return payload;
}

export function enqueueStatusPing(
  tx: Tx,
  pii: PiiCipher,
  payload: StatusPingPayload,
  version: number,
): Promise<bigint | null> {
  return enqueueOutbox(tx, pii, {
    topic: STATUS_PING_TOPIC,
    orderKey: `applicant:${payload.applicantId}`,
    payload,
    dedupeKey: `${STATUS_PING_TOPIC}:${payload.filingId}:${version}`,
  });
}

export function enqueueSlack(
  tx: Tx,
  pii: PiiCipher,
  topic: typeof SLACK_TRIAGE_TOPIC | typeof SLACK_UPDATE_TOPIC,
  payload: SlackTriagePayload,
  version: number,
  notBefore?: Date,
): Promise<bigint | null> {
  return enqueueOutbox(tx, pii, {
    topic,
    orderKey: `slack:${payload.filingId}`,
    payload,
    dedupeKey: `${topic}:${payload.filingId}:${version}`,
    ...(notBefore ? { notBefore } : {}),
  });
}

/** Re-opens the applicant's conversation on exactly the requested fields (src/app/review-changes.ts). */
export const REVIEW_CHANGES_TOPIC = 'review_changes';

export interface ReviewChangesPayload {
  filingId: string;
  applicantId: string;
  fields: string[];
  documents: string[];
  reason: string;
}

/**
 * Queued right after the status ping, on the same order key, so the applicant first reads what
 * the staff asked and then gets the first question to fix.
 */
export function enqueueReviewChanges(
  tx: Tx,
  pii: PiiCipher,
  payload: ReviewChangesPayload,
  version: number,
): Promise<bigint | null> {
  return enqueueOutbox(tx, pii, {
    topic: REVIEW_CHANGES_TOPIC,
    orderKey: `applicant:${payload.applicantId}`,
    payload,
    dedupeKey: `${REVIEW_CHANGES_TOPIC}:${payload.filingId}:${version}`,
  });
}

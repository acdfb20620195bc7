import type { Text } from '../i18n/index.ts';
import { type EtaContext, expectedByText, filingEta, stageDueText } from './eta.ts';
import { isCancellation, needsInterview, orderOfReview, pipelineOf } from './order-stages.ts';
import { INTERVIEW_OPTIONS, type ReviewState } from './review-state.ts';
import { shanghaiDate, shanghaiDateTime } from './shanghai-time.ts';
import type { ReviewStatus } from './stages.ts';
import type { ReviewEvent } from './workflow.ts';

export interface MessageOptions {
  /** Label of a field path to fix; the conversation's catalog knows the real labels. */
  fieldLabel?: (path: string) => Text;
  /** Label of a document kind to upload again. */
  documentLabel?: (kind: string) => Text;
}

/** The MIIT site where principals verify the SMS code and where the footer link must point. */
export const MIIT_BEIAN_URL = 'https://beian.miit.gov.cn/';

/**
 * What the applicant is told after a transition, in order: what happened, what to do next, and the
 * ETA. Empty for staff-only bookkeeping (claim, unclaim). `review` is the state after the event.
 */
export function statusMessage(
  event: ReviewEvent,
  review: ReviewState,
  ctx: EtaContext,
  options: MessageOptions = {},
): Text[] {
  const fieldLabel =
    options.fieldLabel ?? ((path: string) => ({ key: 'review:message.field_path', params: { path } }));
  const documentLabel =
    options.documentLabel ?? ((kind: string) => ({ key: 'review:message.document_kind', params: { kind } }));
  const reason = event.reason ?? '';
  const order = orderOfReview(review);
  const texts: Text[] = [];

  switch (event.type) {
    case 'claim':
    case 'unclaim':
      return [];
    case 'submit':
      texts.push({ key: 'review:message.submitted' });
      if (!needsInterview(order)) texts.push({ key: 'review:next.no_interview', params: { order } });
      break;
    case 'resubmit':
      texts.push({ key: 'review:message.resubmitted' });
      break;
    case 'approve_first_review':
      if (review.status === 'interview') {
        texts.push({ key: 'review:message.first_review_passed' }, ...interviewChoice());
      } else if (!needsInterview(order)) {
        texts.push({ key: 'review:message.first_review_passed_no_interview', params: { order } });
      } else {
        texts.push({ key: 'review:message.first_review_passed_again' });
      }
      break;
    case 'request_changes': {
      const changes = review.requestedChanges;
      texts.push({ key: 'review:message.changes_requested', params: { reason } });
      if (changes && changes.fields.length > 0)
        texts.push({ key: 'review:next.fix_fields' }, ...changes.fields.map(fieldLabel));
      if (changes && changes.documents.length > 0) {
        texts.push({ key: 'review:next.fix_documents' }, ...changes.documents.map(documentLabel));
      }
      texts.push({ key: 'review:next.resubmit' });
      break;
    }
    case 'choose_interview': {
      const option = review.interview?.option;
      if (option)
        texts.push({ key: 'review:message.interview_chosen' }, { key: `review:interview.details.${option}` });
      texts.push({ key: 'review:next.interview_contact' });
      break;
    }
    case 'record_interview':
      texts.push(
        review.status === 'rejected'
          ? { key: 'review:message.interview_failed', params: { reason } }
          : { key: 'review:message.interview_passed' },
      );
      break;
    case 'approve_second_review':
      texts.push({ key: 'review:message.second_review_passed' });
      break;
    case 'submitted_to_miit':
      texts.push({ key: 'review:message.submitted_to_miit' }, smsInstruction(review));
      break;
    case 'sms_verified':
      texts.push({ key: 'review:message.sms_verified' });
      break;
    case 'sms_expired':
      texts.push({ key: 'review:message.sms_expired' }, { key: 'review:next.sms_again' });
      break;
    case 'approve':
      texts.push(...approvedTexts(review));
      break;
    case 'reject':
    case 'administration_reject':
      texts.push(
        {
          key: `review:message.${event.type === 'reject' ? 'rejected' : 'administration_rejected'}`,
          params: { reason },
        },
        { key: 'review:next.rejected_contact' },
      );
      break;
  }
  return [...texts, ...etaTexts(review, ctx)];
}

/**
 * The approval ping. A first filing gets its numbers and the footer and public-security duties; an
 * order on an existing number says what happened to that number; a cancellation issues no number
 * and tells the applicant to take it off the site instead.
 */
function approvedTexts(review: ReviewState): Text[] {
  const order = orderOfReview(review);
  const icpNumber = review.icpNumber ?? '';
  const key = order === 'first_filing' ? 'review:message.approved' : `review:message.approved_order.${order}`;
  const texts: Text[] = [
    order === 'first_filing' ? { key, params: { icpNumber } } : { key, params: { icpNumber, order } },
  ];
  review.websiteIcpNumbers.forEach((number, i) => {
    texts.push({ key: 'review:message.website_number', params: { index: i + 1, number } });
  });
  if (isCancellation(order)) return texts;
  texts.push({ key: 'review:next.footer', params: { icpNumber, url: MIIT_BEIAN_URL } });
  // A site already filed elsewhere is live already; its public-security filing is not new.
  if (order === 'first_filing' || order === 'new_website')
    texts.push({ key: 'review:next.public_security', params: { days: 30 } });
  return texts;
}

/** The three interview options with addresses and the phone number (seed Step II). */
export function interviewChoice(): Text[] {
  return [
    { key: 'review:next.choose_interview' },
    ...INTERVIEW_OPTIONS.map((o) => ({ key: `review:interview.details.${o}` })),
  ];
}

/** Button label of an interview option. */
export function interviewOptionLabel(option: (typeof INTERVIEW_OPTIONS)[number]): Text {
  return { key: `review:interview.labels.${option}` };
}

function smsInstruction(review: ReviewState): Text {
  const deadline = review.stageDueAt ? shanghaiDateTime(new Date(review.stageDueAt)) : '';
  return { key: 'review:next.sms_verify', params: { deadline, url: MIIT_BEIAN_URL } };
}

/** The current stage's deadline (when the provider or MIIT owes it) and the whole filing's. */
export function etaTexts(review: ReviewState, ctx: EtaContext): Text[] {
  const eta = filingEta(review, ctx);
  if (!eta) return [];
  const texts: Text[] = [];
  if (eta.stageDueAt && review.status !== 'miit_sms_check') {
    const unpublished = review.status === 'administration_review' && eta.unpublishedDuration;
    texts.push(stageDueText(review.status, eta.stageDueAt, review.dueIsEstimate, unpublished));
  }
  texts.push(expectedByText(eta.finishAt, eta.estimate, eta.unpublishedDuration));
  return texts;
}

/** Separator between the parts of `progressLine` (a symbol, the same in every language). */
export const PROGRESS_SEPARATOR = ' → ';

/**
 * `/status`'s compact line: submitted, then each pipeline stage, then the decision, marked done,
 * current, waiting for changes, failed or pending. Render each part and join with PROGRESS_SEPARATOR.
 */
export function progressLine(review: ReviewState): Text[] {
  const part = (mark: string, stage: string): Text => ({ key: `review:progress.${mark}`, params: { stage } });
  const pipeline = pipelineOf(orderOfReview(review));
  if (review.status === 'draft')
    return [part('current', 'draft'), ...pipeline.map((s) => part('pending', s))];

  const visited = new Set(review.history.map((h) => h.status));
  const current: ReviewStatus =
    review.status === 'changes_requested'
      ? (review.requestedChanges?.fromStatus ?? 'first_review')
      : review.status === 'rejected'
        ? (review.rejection?.atStatus ?? 'first_review')
        : review.status;
  const currentIndex = pipeline.indexOf(current);
  const parts: Text[] = [part('done', 'submitted')];
  pipeline.forEach((stage, i) => {
    if (review.status === 'approved' || i < currentIndex) {
      // A passed interview skipped on a later round still shows as done.
      parts.push(part(visited.has(stage) || review.status === 'approved' ? 'done' : 'pending', stage));
    } else if (i === currentIndex) {
      const mark =
        review.status === 'changes_requested'
          ? 'changes'
          : review.status === 'rejected'
            ? 'failed'
            : 'current';
      parts.push(part(mark, stage));
    } else {
      parts.push(part('pending', stage));
    }
  });
  parts.push(
    review.status === 'approved'
      ? part('done', 'approved')
      : review.status === 'rejected'
        ? part('failed', 'rejected')
        : part('pending', 'approved'),
  );
  return parts;
}

/** One line per stage entered, oldest first, for `/status`'s history. */
export function historyTexts(review: ReviewState): Text[] {
  const lines: Text[] = [];
  if (review.submittedAt) {
    lines.push({
      key: 'review:history.entry',
      params: { date: shanghaiDate(new Date(review.submittedAt)), stage: 'submitted' },
    });
  }
  for (const entry of review.history) {
    lines.push({
      key: 'review:history.entry',
      params: { date: shanghaiDate(new Date(entry.startedAt)), stage: entry.status },
    });
  }
  return lines;
}

/** Staff-facing one-liner for an event (Slack thread, CLI log). */
export function eventLogText(event: ReviewEvent): Text {
  const params: Record<string, string | number> = { actor: event.actor.id, from: event.from, to: event.to };
  if (event.reason) params.reason = event.reason;
  for (const [key, value] of Object.entries(event.data)) {
    if (typeof value === 'string' || typeof value === 'number') params[key] = value;
    else if (Array.isArray(value)) params[key] = value.join(', ');
  }
  return { key: `review:log.${event.type}`, params };
}

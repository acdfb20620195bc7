import type { FilingType } from '../filing/enums.ts';
import { type ActionType, type Actor, ALLOWED_ACTORS, ALLOWED_FROM, type ReviewAction } from './actions.ts';
import { approvedWebsiteNumbers, checkIcpNumber, parseIcpNumber } from './icp-number.ts';
import {
  filesNewWebsites,
  isCancellation,
  isOnExistingNumber,
  needsInterview,
  orderOfReview,
} from './order-stages.ts';
import { INTERVIEW_OPTIONS, type InterviewRecord, type ReviewState } from './review-state.ts';
import { ACTIVE_STATUSES, type ReviewStatus, stageDue } from './stages.ts';
import type { WorkingDayCalendar } from './working-days.ts';

export interface WorkflowContext {
  now: Date;
  actor: Actor;
  /** GB/T 2260 code of the sponsor's province (any division code of it works). */
  sponsorProvince: string;
  websiteCount: number;
  calendar: WorkingDayCalendar;
  /** The order of the filing's document; taken at (re)submission. Default: a first filing. */
  filingType?: FilingType;
  /** The sponsor's ICP number the order refers to (orders on an existing number). */
  existingIcpNumber?: string;
  /** Each website's own number in the document (`…号-N`; undefined where it has none). Default: none. */
  filedWebsiteNumbers?: readonly (string | undefined)[];
  /** The sponsor's website numbers on filings approved here: a new website is numbered after them. */
  issuedWebsiteNumbers?: readonly string[];
}

/** A refusal: localized as `errors:<code>` (locales/<lang>/errors.review.json). */
export interface ReviewProblem {
  code: string;
  params: Record<string, string | number>;
}

/** What happened, for the event log and the applicant's ping. Times are ISO strings. */
export interface ReviewEvent {
  type: ActionType;
  actor: Actor;
  at: string;
  from: ReviewStatus;
  to: ReviewStatus;
  reason?: string;
  data: Record<string, string | number | boolean | string[] | null>;
}

export type ApplyResult =
  | { ok: true; review: ReviewState; event: ReviewEvent }
  | { ok: false; problem: ReviewProblem };

const MAX_REASON = 2000;
const FIELD_PATH = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)*$/;
const DOCUMENT_KIND = /^[a-z][a-z0-9_]*$/;

/** The actions that make sense in the review's current state (Slack shows only these buttons). */
export function availableActions(review: ReviewState, now?: Date): ActionType[] {
  const actions: ActionType[] = [];
  if (ACTIVE_STATUSES.includes(review.status)) actions.push(review.claimedBy ? 'unclaim' : 'claim');
  for (const [type, from] of Object.entries(ALLOWED_FROM) as [ActionType, readonly ReviewStatus[]][]) {
    if (!from.includes(review.status)) continue;
    if (type === 'sms_expired' && now && review.stageDueAt && now.getTime() < Date.parse(review.stageDueAt))
      continue;
    actions.push(type);
  }
  return actions;
}

/** Applies one action; refuses (without throwing) what the current state or the actor does not allow. */
export function applyAction(review: ReviewState, action: ReviewAction, ctx: WorkflowContext): ApplyResult {
  if (!ALLOWED_ACTORS[action.type].includes(ctx.actor.kind)) {
    return refuse('review.actor_not_allowed', { action: action.type, actor: ctx.actor.kind });
  }
  const allowed =
    action.type === 'claim' || action.type === 'unclaim'
      ? ACTIVE_STATUSES.includes(review.status)
      : ALLOWED_FROM[action.type].includes(review.status);
  if (!allowed)
    return refuse('review.transition_not_allowed', { action: action.type, status: review.status });

  const at = ctx.now.toISOString();
  const note = (next: ReviewState, data: ReviewEvent['data'] = {}, reason?: string): ApplyResult => {
    const event: ReviewEvent = {
      type: action.type,
      actor: ctx.actor,
      at,
      from: review.status,
      to: next.status,
      data,
    };
    if (reason !== undefined) event.reason = reason;
    return { ok: true, review: next, event };
  };

  switch (action.type) {
    case 'submit': {
      const next = enter(
        { ...review, submittedAt: at, filingType: ctx.filingType ?? orderOfReview(review) },
        'first_review',
        action.type,
        ctx,
      );
      return note(next, dueData(next));
    }
    case 'claim': {
      const staffId = action.staffId.trim();
      if (!staffId) return refuse('review.staff_required', {});
      if (review.claimedBy) return refuse('review.already_claimed', { staffId: review.claimedBy });
      return note({ ...review, claimedBy: staffId, claimedAt: at }, { staffId });
    }
    case 'unclaim': {
      if (!review.claimedBy) return refuse('review.not_claimed', {});
      return note({ ...review, claimedBy: null, claimedAt: null }, { staffId: review.claimedBy });
    }
    case 'approve_first_review': {
      // After changes asked for at second review, a passed interview is not repeated; an order
      // without an interview (cancellations) never has one.
      const passed = review.interview?.outcome === 'passed';
      if (passed || !needsInterview(orderOfReview(review))) {
        const next = enter(review, 'second_review', action.type, ctx);
        return note(next, passed ? dueData(next) : { ...dueData(next), interview: 'not_needed' });
      }
      const next = enter(review, 'interview', action.type, ctx);
      return note({ ...next, interview: review.interview ?? emptyInterview() }, dueData(next));
    }
    case 'request_changes': {
      const reason = action.reason.trim();
      const fields = unique(action.fields.map((f) => f.trim()));
      const documents = unique(action.documents.map((d) => d.trim()));
      if (!reason) return refuse('review.reason_required', {});
      if (reason.length > MAX_REASON) return refuse('review.reason_too_long', { max: MAX_REASON });
      if (fields.length === 0 && documents.length === 0) return refuse('review.changes_empty', {});
      const badField = fields.find((f) => !FIELD_PATH.test(f));
      if (badField !== undefined) return refuse('review.field_path_invalid', { field: badField });
      const badDocument = documents.find((d) => !DOCUMENT_KIND.test(d));
      if (badDocument !== undefined) return refuse('review.document_kind_invalid', { document: badDocument });
      const next = enter(review, 'changes_requested', action.type, ctx);
      const requestedChanges = {
        fields,
        documents,
        reason,
        requestedAt: at,
        requestedBy: ctx.actor.id,
        fromStatus: review.status,
      };
      return note(
        { ...next, requestedChanges, changeRounds: review.changeRounds + 1 },
        { fields, documents },
        reason,
      );
    }
    case 'resubmit': {
      const next = enter(
        { ...review, filingType: ctx.filingType ?? orderOfReview(review) },
        'first_review',
        action.type,
        ctx,
      );
      return note(next, dueData(next));
    }
    case 'choose_interview': {
      if (!INTERVIEW_OPTIONS.includes(action.option)) {
        return refuse('review.interview_option_invalid', { option: String(action.option) });
      }
      const interview = { ...(review.interview ?? emptyInterview()), option: action.option, chosenAt: at };
      return note({ ...review, interview }, { option: action.option });
    }
    case 'record_interview': {
      const option = action.option ?? review.interview?.option ?? null;
      if (option === null) return refuse('review.interview_option_missing', {});
      if (!INTERVIEW_OPTIONS.includes(option)) return refuse('review.interview_option_invalid', { option });
      const interview: InterviewRecord = {
        ...(review.interview ?? emptyInterview()),
        option,
        outcome: action.outcome,
        recordedAt: at,
        recordedBy: ctx.actor.id,
        note: action.note?.trim() || null,
      };
      if (action.outcome === 'passed') {
        const next = enter({ ...review, interview }, 'second_review', action.type, ctx);
        return note(next, { option, outcome: 'passed', ...dueData(next) });
      }
      const reason = action.reason?.trim() ?? '';
      if (!reason) return refuse('review.reason_required', {});
      if (reason.length > MAX_REASON) return refuse('review.reason_too_long', { max: MAX_REASON });
      const next = enter({ ...review, interview }, 'rejected', action.type, ctx);
      return note(
        { ...next, rejection: { reason, by: 'provider', atStatus: review.status, at } },
        { option, outcome: 'failed' },
        reason,
      );
    }
    case 'approve_second_review':
    case 'submitted_to_miit':
    case 'sms_verified': {
      const target = (
        {
          approve_second_review: 'submitted_to_miit',
          submitted_to_miit: 'miit_sms_check',
          sms_verified: 'administration_review',
        } as const
      )[action.type];
      const next = enter(review, target, action.type, ctx);
      return note(next, dueData(next));
    }
    case 'sms_expired': {
      if (review.stageDueAt && ctx.now.getTime() < Date.parse(review.stageDueAt)) {
        return refuse('review.sms_window_open', { dueAt: review.stageDueAt });
      }
      const next = enter(review, 'submitted_to_miit', action.type, ctx);
      const misses = review.smsMisses + 1;
      return note({ ...next, smsMisses: misses }, { misses, ...dueData(next) });
    }
    case 'approve': {
      // A website number typed by staff names one of this filing's websites only on a first filing;
      // on an existing number a new website's is past the sponsor's others (-2 for one website).
      const order = orderOfReview(review);
      const checked = checkIcpNumber(
        action.icpNumber,
        ctx.sponsorProvince,
        isOnExistingNumber(order) ? undefined : ctx.websiteCount,
      );
      if (!checked.ok) {
        const [problem] = checked.problems;
        return refuse(problem?.code ?? 'icp_number.format', problem?.params ?? {});
      }
      const { sponsorNumber } = checked.value;
      const existing = ctx.existingIcpNumber?.trim();
      // An order on an existing number keeps it: another number would be a typo or another sponsor's.
      if (existing && sponsorNumber !== (parseIcpNumber(existing)?.sponsorNumber ?? existing)) {
        return refuse('review.icp_number_differs', { icpNumber: sponsorNumber, existing });
      }
      // A cancellation or removal issues no website numbers: the websites it names already have theirs.
      const issued = ctx.issuedWebsiteNumbers ?? [];
      const websites = isCancellation(order)
        ? []
        : approvedWebsiteNumbers({
            sponsorNumber,
            filed: Array.from({ length: ctx.websiteCount }, (_, i) => ctx.filedWebsiteNumbers?.[i]),
            newWebsites: filesNewWebsites(order),
            issued,
            // On a first filing a typed -N only names one of its websites (checked above).
            firstNewIndex: isOnExistingNumber(order) ? checked.value.websiteIndex : undefined,
          });
      // A number given now that another website of this sponsor already holds is a typo (a typed
      // -N): two sites cannot share it. Websites filed before keep theirs, held already by definition.
      const given = filesNewWebsites(order)
        ? websites.filter((number) => !ctx.filedWebsiteNumbers?.includes(number))
        : [];
      const taken = given.find((number) => issued.includes(number));
      if (taken) return refuse('review.website_number_taken', { number: taken });
      const next = enter(review, 'approved', action.type, ctx);
      return note(
        { ...next, icpNumber: sponsorNumber, websiteIcpNumbers: websites },
        {
          icpNumber: sponsorNumber,
          websiteIcpNumbers: websites,
        },
      );
    }
    case 'reject':
    case 'administration_reject': {
      const reason = action.reason.trim();
      if (!reason) return refuse('review.reason_required', {});
      if (reason.length > MAX_REASON) return refuse('review.reason_too_long', { max: MAX_REASON });
      const by = action.type === 'reject' ? 'provider' : 'administration';
      const next = enter(review, 'rejected', action.type, ctx);
      return note({ ...next, rejection: { reason, by, atStatus: review.status, at } }, { by }, reason);
    }
  }
}

/** Closes the current stage and opens `status` with its deadline. */
function enter(review: ReviewState, status: ReviewStatus, by: ActionType, ctx: WorkflowContext): ReviewState {
  const at = ctx.now.toISOString();
  const history = review.history.map((entry, i) =>
    i === review.history.length - 1 && entry.endedAt === null
      ? { ...entry, endedAt: at, endedBy: by }
      : entry,
  );
  const terminal = status === 'approved' || status === 'rejected';
  const due = terminal ? undefined : stageDue(status, ctx.now, ctx.sponsorProvince, ctx.calendar);
  const dueAt = due ? due.date.toISOString() : null;
  const dueIsEstimate = due?.estimate ?? false;
  history.push({
    status,
    startedAt: at,
    dueAt,
    dueIsEstimate,
    endedAt: terminal ? at : null,
    endedBy: null,
  });
  return { ...review, status, stageStartedAt: at, stageDueAt: dueAt, dueIsEstimate, history };
}

function dueData(review: ReviewState): ReviewEvent['data'] {
  return { dueAt: review.stageDueAt, dueIsEstimate: review.dueIsEstimate };
}

function emptyInterview(): InterviewRecord {
  return { option: null, chosenAt: null, outcome: null, recordedAt: null, recordedBy: null, note: null };
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter((v) => v.length > 0))];
}

function refuse(code: string, params: Record<string, string | number>): ApplyResult {
  return { ok: false, problem: { code, params } };
}

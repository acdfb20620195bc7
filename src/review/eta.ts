import type { Text } from '../i18n/index.ts';
import { orderOfReview, pipelineOf } from './order-stages.ts';
import { publishesAdministrationDays } from './provinces.ts';
import type { ReviewState } from './review-state.ts';
import { shanghaiDate } from './shanghai-time.ts';
import { type ReviewStatus, stageDue, TERMINAL_STATUSES } from './stages.ts';
import { HOURS_PER_WORKING_DAY, type WorkingDayCalendar } from './working-days.ts';

export interface EtaContext {
  now: Date;
  sponsorProvince: string;
  calendar: WorkingDayCalendar;
}

export interface StageForecast {
  status: ReviewStatus;
  dueAt: Date;
  estimate: boolean;
}

export interface FilingEta {
  /** When the current stage should end; null when it has no deadline (the applicant's turn). */
  stageDueAt: Date | null;
  /** When the whole filing should be decided, if every remaining stage takes its expected time. */
  finishAt: Date;
  /**
   * True when a date relies on a year whose public holidays are not published yet, or on the
   * administration review of a province that publishes no review time (`unpublishedDuration`).
   */
  estimate: boolean;
  /** The administration review is still ahead (or under way) in a province with no published time. */
  unpublishedDuration: boolean;
  /** The remaining stages after the current one, in order, each with its expected end. */
  remaining: StageForecast[];
}

/**
 * Forecast for the whole filing: the remaining stages laid end to end from the current stage's
 * deadline (or from now when that has passed or there is none, as when changes are requested).
 * Undefined once the filing is decided.
 */
export function filingEta(review: ReviewState, ctx: EtaContext): FilingEta | undefined {
  if (TERMINAL_STATUSES.includes(review.status)) return undefined;
  const stageDueAt = review.stageDueAt ? new Date(review.stageDueAt) : null;
  let estimate = review.status !== 'draft' && review.dueIsEstimate;
  let cursor = stageDueAt && stageDueAt.getTime() > ctx.now.getTime() ? stageDueAt : ctx.now;

  const pipeline = pipelineOf(orderOfReview(review));
  const position = pipeline.indexOf(review.status);
  // Draft and changes_requested lead (back) into first review; a passed interview is not repeated.
  const next = (position >= 0 ? pipeline.slice(position + 1) : pipeline).filter(
    (s) => !(s === 'interview' && review.interview?.outcome === 'passed'),
  );
  const remaining: StageForecast[] = [];
  for (const status of next) {
    const due = stageDue(status, cursor, ctx.sponsorProvince, ctx.calendar);
    if (!due) continue;
    remaining.push({ status, dueAt: due.date, estimate: due.estimate });
    estimate ||= due.estimate;
    cursor = due.date;
  }
  // The legal maximum stands in for an unpublished review time: a date from it is an estimate too.
  const unpublishedDuration =
    !publishesAdministrationDays(ctx.sponsorProvince) &&
    (review.status === 'administration_review' ||
      remaining.some((s) => s.status === 'administration_review'));
  return {
    stageDueAt,
    finishAt: cursor,
    estimate: estimate || unpublishedDuration,
    unpublishedDuration,
    remaining,
  };
}

export interface StageAge {
  /** Office time spent in the stage so far, split for display (e.g. 1 working day 4 hours). */
  workingDays: number;
  hours: number;
  /** Office time in working days, fractional. */
  totalWorkingDays: number;
  /** Wall-clock hours since the stage began. */
  elapsedHours: number;
  overdue: boolean;
  /** Office time past the deadline, in working days (0 when on time). */
  overdueWorkingDays: number;
}

/** Staff view of the current stage. Undefined for drafts and decided filings. */
export function stageAge(review: ReviewState, now: Date, calendar: WorkingDayCalendar): StageAge | undefined {
  if (!review.stageStartedAt || TERMINAL_STATUSES.includes(review.status)) return undefined;
  const started = new Date(review.stageStartedAt);
  const total = Math.max(0, calendar.workingDaysBetween(started, now));
  const workingDays = Math.floor(total);
  const hours = Math.floor((total - workingDays) * HOURS_PER_WORKING_DAY);
  const due = review.stageDueAt ? new Date(review.stageDueAt) : null;
  const overdue = due !== null && now.getTime() > due.getTime();
  return {
    workingDays,
    hours,
    totalWorkingDays: total,
    elapsedHours: Math.floor((now.getTime() - started.getTime()) / 3_600_000),
    overdue,
    // The SMS window is wall-clock, so a miss at night is overdue with no office time past it.
    overdueWorkingDays: overdue && due ? Math.max(0, calendar.workingDaysBetween(due, now)) : 0,
  };
}

/**
 * Applicant view: "expected by <date>" (Shanghai date), with the estimate caveat when needed. An
 * unpublished review time says so rather than blaming the holidays.
 */
export function expectedByText(date: Date, estimate: boolean, unpublishedDuration = false): Text {
  return {
    key: unpublishedDuration
      ? 'review:eta.expected_by_unpublished'
      : estimate
        ? 'review:eta.expected_by_estimate'
        : 'review:eta.expected_by',
    params: { date: shanghaiDate(date) },
  };
}

/** Applicant view of the current stage's deadline. */
export function stageDueText(
  status: ReviewStatus,
  date: Date,
  estimate: boolean,
  unpublishedDuration = false,
): Text {
  return {
    key: unpublishedDuration
      ? 'review:eta.stage_due_unpublished'
      : estimate
        ? 'review:eta.stage_due_estimate'
        : 'review:eta.stage_due',
    params: { stage: status, date: shanghaiDate(date) },
  };
}

/** Staff view: age of the stage and, if late, by how much. */
export function stageAgeText(age: StageAge): Text {
  const params = {
    days: age.workingDays,
    hours: age.hours,
    overdueDays: Math.ceil(age.overdueWorkingDays * 10) / 10,
  };
  return { key: age.overdue ? 'review:eta.age_overdue' : 'review:eta.age', params };
}

import { administrationReviewDays } from './provinces.ts';
import { HOUR_MS } from './shanghai-time.ts';
import type { WorkingDayCalendar } from './working-days.ts';

/**
 * Where a filing is. `submitted` is not a status of its own: submitting starts the first review at
 * once (its 2-working-day promise runs from submission), and the moment is kept as `submittedAt`.
 * `submitted_to_miit` is the provider's step of filing the order with the administration; it is
 * also where an order comes back when the principals miss the MIIT SMS (icp-domain.md §5: "else the
 * order returns to the provider"): the provider resubmits, which sends new codes.
 */
export const REVIEW_STATUSES = [
  'draft',
  'first_review',
  'changes_requested',
  'interview',
  'second_review',
  'submitted_to_miit',
  'miit_sms_check',
  'administration_review',
  'approved',
  'rejected',
] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const TERMINAL_STATUSES: readonly ReviewStatus[] = ['approved', 'rejected'];
/** Statuses in which a filing is in the review pipeline and can be claimed by staff. */
export const ACTIVE_STATUSES: readonly ReviewStatus[] = REVIEW_STATUSES.filter(
  (s) => s !== 'draft' && !TERMINAL_STATUSES.includes(s),
);

/** The happy path, in order: what is left of it is summed for the whole-filing ETA. */
export const PIPELINE: readonly ReviewStatus[] = [
  'first_review',
  'interview',
  'second_review',
  'submitted_to_miit',
  'miit_sms_check',
  'administration_review',
];

export type StageDuration =
  | { kind: 'working_days'; days: number }
  /** Wall-clock hours: the MIIT SMS window runs day and night. */
  | { kind: 'hours'; hours: number }
  /** Waiting for the applicant: no promise, nobody on the provider side is late. */
  | { kind: 'applicant' };

/**
 * Expected length of each stage. First review 2 and second review 1.5 working days are the seed's
 * promises; the SMS window is MIIT's 24 h. The interview (booking a slot or a call) and the
 * provider's submission to MIIT have no published figure: 2 and 1 working days are this product's
 * own targets.
 */
export function stageDuration(status: ReviewStatus, sponsorProvince: string): StageDuration | undefined {
  switch (status) {
    case 'first_review':
      return { kind: 'working_days', days: 2 };
    case 'changes_requested':
      return { kind: 'applicant' };
    case 'interview':
      return { kind: 'working_days', days: 2 };
    case 'second_review':
      return { kind: 'working_days', days: 1.5 };
    case 'submitted_to_miit':
      return { kind: 'working_days', days: 1 };
    case 'miit_sms_check':
      return { kind: 'hours', hours: 24 };
    case 'administration_review':
      return { kind: 'working_days', days: administrationReviewDays(sponsorProvince) };
    default:
      return undefined;
  }
}

export interface Due {
  date: Date;
  estimate: boolean;
}

/** When a stage that starts at `start` should be over; undefined when it has no deadline. */
export function stageDue(
  status: ReviewStatus,
  start: Date,
  sponsorProvince: string,
  calendar: WorkingDayCalendar,
): Due | undefined {
  const duration = stageDuration(status, sponsorProvince);
  if (!duration || duration.kind === 'applicant') return undefined;
  if (duration.kind === 'hours') {
    const date = new Date(start.getTime() + duration.hours * HOUR_MS);
    return { date, estimate: false };
  }
  return calendar.addWorkingDays(start, duration.days);
}

import type { Actor, ReviewAction } from '../../src/review/actions.ts';
import { chineseWorkingDayCalendar } from '../../src/review/chinese-days-source.ts';
import { createReview, type ReviewState } from '../../src/review/review-state.ts';
import type { ReviewStatus } from '../../src/review/stages.ts';
import { applyAction, type ReviewEvent, type WorkflowContext } from '../../src/review/workflow.ts';

/** A Shanghai wall-clock time as an instant. */
export const sh = (local: string) => new Date(`${local}+08:00`);

export const staff: Actor = { kind: 'staff', id: 'U_STAFF1' };
export const applicant: Actor = { kind: 'applicant', id: 'tg:42' };
export const system: Actor = { kind: 'system', id: 'scheduler' };

export function ctx(now: Date, actor: Actor, over: Partial<WorkflowContext> = {}): WorkflowContext {
  return {
    now,
    actor,
    sponsorProvince: '110000',
    websiteCount: 2,
    calendar: chineseWorkingDayCalendar(),
    ...over,
  };
}

/** Applies an action that must succeed. */
export function step(
  review: ReviewState,
  action: ReviewAction,
  now: Date,
  actor: Actor,
  over: Partial<WorkflowContext> = {},
): { review: ReviewState; event: ReviewEvent } {
  const result = applyAction(review, action, ctx(now, actor, over));
  if (!result.ok) throw new Error(`${action.type} refused: ${JSON.stringify(result.problem)}`);
  return result;
}

/** The action that legitimately ends each stage along the happy path, with its actor. */
const FORWARD: [ReviewAction, Actor][] = [
  [{ type: 'submit' }, applicant],
  [{ type: 'approve_first_review' }, staff],
  [{ type: 'record_interview', outcome: 'passed', option: 'phone' }, staff],
  [{ type: 'approve_second_review' }, staff],
  [{ type: 'submitted_to_miit' }, staff],
  [{ type: 'sms_verified' }, system],
  [{ type: 'approve', icpNumber: '京ICP备16020626号' }, staff],
];

/** A review brought to `status` by the shortest legitimate path, starting Monday 2026-11-30. */
export function reach(status: ReviewStatus, start = sh('2026-11-30T10:00')): ReviewState {
  let review = createReview();
  let now = start;
  const tick = () => {
    now = new Date(now.getTime() + 60 * 60 * 1000);
    return now;
  };
  if (status === 'changes_requested' || status === 'rejected') {
    review = step(review, { type: 'submit' }, tick(), applicant).review;
    const action: ReviewAction =
      status === 'rejected'
        ? { type: 'reject', reason: 'site name not allowed' }
        : { type: 'request_changes', fields: ['websites.0.name'], documents: [], reason: 'name' };
    return step(review, action, tick(), staff).review;
  }
  for (const [action, actor] of FORWARD) {
    if (review.status === status) return review;
    review = step(review, action, tick(), actor).review;
  }
  if (review.status !== status) throw new Error(`cannot reach ${status}`);
  return review;
}

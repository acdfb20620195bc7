import { describe, expect, it } from 'vitest';
import { FILING_TYPES, type FilingType } from '../../src/filing/enums.ts';
import { filingEta } from '../../src/review/eta.ts';
import { createReview, type ReviewState } from '../../src/review/review-state.ts';
import type { ReviewStatus } from '../../src/review/stages.ts';
import { progressLine, statusMessage } from '../../src/review/status-message.ts';
import { applyAction, type ReviewEvent, type WorkflowContext } from '../../src/review/workflow.ts';
import { applicant, ctx, sh, staff, step, system } from './helpers.ts';

/** The specification per order, written out: cancellations have no interview (seed Step II). */
const INTERVIEW: Record<FilingType, boolean> = {
  first_filing: true,
  new_website: true,
  new_access: true,
  change: true,
  cancel_website: false,
  cancel_sponsor: false,
  remove_access: false,
};
const CANCELLATIONS: readonly FilingType[] = ['cancel_website', 'cancel_sponsor', 'remove_access'];
const NUMBER = '京ICP备16020626号';

/** Runs an order from submission to approval; returns the statuses visited and the last event. */
function throughReview(type: FilingType): {
  statuses: ReviewStatus[];
  review: ReviewState;
  last: ReviewEvent;
} {
  let now = sh('2026-11-30T10:00');
  const tick = () => {
    now = new Date(now.getTime() + 3_600_000);
    return now;
  };
  const over = { filingType: type, ...(type === 'first_filing' ? {} : { existingIcpNumber: NUMBER }) };
  let { review, event } = step(createReview(), { type: 'submit' }, tick(), applicant, over);
  const statuses: ReviewStatus[] = [review.status];
  const go = (action: Parameters<typeof step>[1], actor = staff) => {
    ({ review, event } = step(review, action, tick(), actor, over));
    statuses.push(review.status);
  };
  go({ type: 'approve_first_review' });
  if (review.status === 'interview') go({ type: 'record_interview', outcome: 'passed', option: 'phone' });
  go({ type: 'approve_second_review' });
  go({ type: 'submitted_to_miit' });
  go({ type: 'sms_verified' }, system);
  go({ type: 'approve', icpNumber: NUMBER });
  return { statuses, review, last: event };
}

describe('review stages per filing order', () => {
  for (const type of FILING_TYPES) {
    it(`${type}: ${INTERVIEW[type] ? 'goes through' : 'skips'} the interview and ends approved`, () => {
      const { statuses, review } = throughReview(type);
      expect(review.filingType).toBe(type);
      expect(statuses.includes('interview')).toBe(INTERVIEW[type]);
      expect(statuses.at(-1)).toBe('approved');
      // Cancellations issue no website numbers; the others keep the sponsor's number.
      expect(review.icpNumber).toBe(NUMBER);
      if (CANCELLATIONS.includes(type)) expect(review.websiteIcpNumbers).toEqual([]);
    });
  }

  it('a cancellation at first review offers no interview step and its ETA and progress leave it out', () => {
    const over = { filingType: 'cancel_sponsor' as const };
    const { review } = step(createReview(), { type: 'submit' }, sh('2026-11-30T10:00'), applicant, over);
    const eta = filingEta(review, ctx(sh('2026-11-30T11:00'), staff));
    expect(eta?.remaining.map((r) => r.status)).toEqual([
      'second_review',
      'submitted_to_miit',
      'miit_sms_check',
      'administration_review',
    ]);
    const stages = progressLine(review).map((t) => t.params?.stage);
    expect(stages).not.toContain('interview');
    const first = step(createReview(), { type: 'submit' }, sh('2026-11-30T10:00'), applicant);
    expect(progressLine(first.review).map((t) => t.params?.stage)).toContain('interview');
  });

  it('a review stored before orders existed is a first filing (interview kept)', () => {
    const { review } = step(createReview(), { type: 'submit' }, sh('2026-11-30T10:00'), applicant);
    const { filingType: _dropped, ...legacy } = review;
    const next = step(legacy as ReviewState, { type: 'approve_first_review' }, sh('2026-11-30T11:00'), staff);
    expect(next.review.status).toBe('interview');
  });

  it('approving a new website numbers it after the sponsor numbers issued here; a new access keeps its own', () => {
    const atAdministration = (over: Partial<WorkflowContext>) => ({
      ...step(createReview(), { type: 'submit' }, sh('2026-11-30T10:00'), applicant, over).review,
      status: 'administration_review' as const,
    });
    const approve = (over: Partial<WorkflowContext>) =>
      step(
        atAdministration(over),
        { type: 'approve', icpNumber: NUMBER },
        sh('2026-12-01T10:00'),
        staff,
        over,
      ).review.websiteIcpNumbers;
    const issued = [`${NUMBER}-1`];
    expect(
      approve({
        filingType: 'new_website',
        existingIcpNumber: NUMBER,
        websiteCount: 1,
        issuedWebsiteNumbers: issued,
      }),
    ).toEqual([`${NUMBER}-2`]);
    expect(
      approve({
        filingType: 'new_access',
        existingIcpNumber: NUMBER,
        websiteCount: 1,
        filedWebsiteNumbers: [`${NUMBER}-3`],
        issuedWebsiteNumbers: issued,
      }),
    ).toEqual([`${NUMBER}-3`]);
    // Staff may type the new website's own number (-2 for a filing of one website).
    const typed = applyAction(
      atAdministration({ filingType: 'new_website', existingIcpNumber: NUMBER, websiteCount: 1 }),
      { type: 'approve', icpNumber: `${NUMBER}-2` },
      ctx(sh('2026-12-01T10:00'), staff, {
        filingType: 'new_website',
        existingIcpNumber: NUMBER,
        websiteCount: 1,
        issuedWebsiteNumbers: issued,
      }),
    );
    expect(typed.ok && typed.review.websiteIcpNumbers).toEqual([`${NUMBER}-2`]);
  });

  it('a website number typed by staff on an existing number is the one MIIT issued: used as typed, refused when taken', () => {
    const over = (websiteCount: number): Partial<WorkflowContext> => ({
      filingType: 'new_website',
      existingIcpNumber: NUMBER,
      websiteCount,
      // -1 here, and the sponsor may hold numbers filed elsewhere that this list cannot know.
      issuedWebsiteNumbers: [`${NUMBER}-1`],
    });
    const approve = (icpNumber: string, websiteCount: number) => {
      const review = {
        ...step(createReview(), { type: 'submit' }, sh('2026-11-30T10:00'), applicant, over(websiteCount))
          .review,
        status: 'administration_review' as const,
      };
      return applyAction(
        review,
        { type: 'approve', icpNumber },
        ctx(sh('2026-12-01T10:00'), staff, over(websiteCount)),
      );
    };
    // Not the computed -2: MIIT's -5 (numbers -2 to -4 went to websites filed elsewhere).
    const five = approve(`${NUMBER}-5`, 1);
    expect(five.ok && five.review.websiteIcpNumbers).toEqual([`${NUMBER}-5`]);
    // Two new websites: the typed number is the first's, the second follows it.
    const two = approve(`${NUMBER}-3`, 2);
    expect(two.ok && two.review.websiteIcpNumbers).toEqual([`${NUMBER}-3`, `${NUMBER}-4`]);
    // -1 belongs to the website approved here before: a typo, not a new number.
    expect(approve(`${NUMBER}-1`, 1)).toEqual({
      ok: false,
      problem: { code: 'review.website_number_taken', params: { number: `${NUMBER}-1` } },
    });
  });

  it('refuses to approve an order on an existing number with another number', () => {
    const over = { filingType: 'change' as const, existingIcpNumber: NUMBER };
    const { review } = step(createReview(), { type: 'submit' }, sh('2026-11-30T10:00'), applicant, over);
    const atAdministration = { ...review, status: 'administration_review' as const };
    const result = applyAction(
      atAdministration,
      { type: 'approve', icpNumber: '京ICP备16020627号' },
      ctx(sh('2026-12-01T10:00'), staff, over),
    );
    expect(result).toEqual({
      ok: false,
      problem: {
        code: 'review.icp_number_differs',
        params: { icpNumber: '京ICP备16020627号', existing: NUMBER },
      },
    });
  });
});

describe('applicant pings per filing order', () => {
  const keysOf = (type: FilingType, pick: (statuses: ReviewStatus[]) => number) => {
    let now = sh('2026-11-30T10:00');
    const over = { filingType: type };
    const submitted = step(createReview(), { type: 'submit' }, now, applicant, over);
    now = sh('2026-11-30T12:00');
    const passed = step(submitted.review, { type: 'approve_first_review' }, now, staff, over);
    const eta = ctx(now, staff);
    const pings = [
      statusMessage(submitted.event, submitted.review, eta),
      statusMessage(passed.event, passed.review, eta),
    ];
    return pings[pick([submitted.review.status, passed.review.status])]!.map((t) => t.key);
  };

  it('a cancellation says at submission and after the first review that no interview is needed', () => {
    for (const type of CANCELLATIONS) {
      expect(keysOf(type, () => 0)).toContain('review:next.no_interview');
      const afterFirst = keysOf(type, () => 1);
      expect(afterFirst).toContain('review:message.first_review_passed_no_interview');
      expect(afterFirst).not.toContain('review:next.choose_interview');
    }
    expect(keysOf('change', () => 0)).not.toContain('review:next.no_interview');
    expect(keysOf('change', () => 1)).toContain('review:next.choose_interview');
  });

  it('the approval ping of a cancellation issues no number and no footer duty; a change keeps its number', () => {
    const cancelled = throughReview('cancel_website');
    const texts = statusMessage(cancelled.last, cancelled.review, ctx(sh('2026-12-20T10:00'), staff));
    expect(texts.map((t) => t.key)).toEqual(['review:message.approved_order.cancel_website']);
    expect(texts[0]?.params).toMatchObject({ icpNumber: NUMBER });

    const changed = throughReview('change');
    const keys = statusMessage(changed.last, changed.review, ctx(sh('2026-12-20T10:00'), staff)).map(
      (t) => t.key,
    );
    expect(keys[0]).toBe('review:message.approved_order.change');
    expect(keys).toContain('review:next.footer');
    expect(keys).not.toContain('review:next.public_security');
  });
});

import { describe, expect, it } from 'vitest';
import type { ActionType, ReviewAction } from '../../src/review/actions.ts';
import { createReview } from '../../src/review/review-state.ts';
import { REVIEW_STATUSES, type ReviewStatus } from '../../src/review/stages.ts';
import { applyAction, availableActions } from '../../src/review/workflow.ts';
import { applicant, ctx, reach, sh, staff, step, system } from './helpers.ts';

/** A valid instance of every action, with an actor allowed to take it. */
const SAMPLES: Record<ActionType, [ReviewAction, typeof staff]> = {
  submit: [{ type: 'submit' }, applicant],
  claim: [{ type: 'claim', staffId: 'U_STAFF2' }, staff],
  unclaim: [{ type: 'unclaim' }, staff],
  approve_first_review: [{ type: 'approve_first_review' }, staff],
  request_changes: [
    { type: 'request_changes', fields: ['sponsor.name'], documents: [], reason: 'typo' },
    staff,
  ],
  resubmit: [{ type: 'resubmit' }, applicant],
  choose_interview: [{ type: 'choose_interview', option: 'beijing_office' }, applicant],
  record_interview: [{ type: 'record_interview', outcome: 'passed', option: 'phone' }, staff],
  approve_second_review: [{ type: 'approve_second_review' }, staff],
  submitted_to_miit: [{ type: 'submitted_to_miit' }, staff],
  sms_verified: [{ type: 'sms_verified' }, staff],
  sms_expired: [{ type: 'sms_expired' }, system],
  approve: [{ type: 'approve', icpNumber: '京ICP备16020626号' }, staff],
  reject: [{ type: 'reject', reason: 'documents are photocopies' }, staff],
  administration_reject: [{ type: 'administration_reject', reason: 'cross-province filing' }, staff],
};

/** The specification, written out independently of the implementation's tables. */
const EXPECTED: Record<ReviewStatus, ActionType[]> = {
  draft: ['submit'],
  first_review: ['claim', 'approve_first_review', 'request_changes', 'reject'],
  changes_requested: ['claim', 'resubmit'],
  interview: ['claim', 'request_changes', 'choose_interview', 'record_interview', 'reject'],
  second_review: ['claim', 'request_changes', 'approve_second_review', 'reject'],
  submitted_to_miit: ['claim', 'submitted_to_miit'],
  miit_sms_check: ['claim', 'sms_verified', 'sms_expired'],
  administration_review: ['claim', 'approve', 'administration_reject'],
  approved: [],
  rejected: [],
};

describe('review workflow: which actions each status allows', () => {
  for (const status of REVIEW_STATUSES) {
    it(`${status}: exactly ${EXPECTED[status].join(', ') || 'nothing'}`, () => {
      const review = reach(status);
      expect(review.status).toBe(status);
      expect(new Set(availableActions(review))).toEqual(new Set(EXPECTED[status]));
      // Long after any deadline, so time-bound actions are not refused for timing.
      const later = sh('2027-06-01T10:00');
      for (const [type, [action, actor]] of Object.entries(SAMPLES) as [
        ActionType,
        [ReviewAction, typeof staff],
      ][]) {
        if (type === 'unclaim') continue; // needs a claim first; tested below
        const result = applyAction(review, action, ctx(later, actor));
        if (EXPECTED[status].includes(type)) expect(result.ok, `${type} from ${status}`).toBe(true);
        else {
          expect(result, `${type} from ${status}`).toEqual({
            ok: false,
            problem: { code: 'review.transition_not_allowed', params: { action: type, status } },
          });
        }
      }
    });
  }
});

describe('review workflow: the full path', () => {
  it('goes submitted → first review → interview → second review → MIIT → SMS → administration → approved', () => {
    let r = createReview();
    const events = [];
    let s = step(r, { type: 'submit' }, sh('2026-11-30T10:00'), applicant); // Monday
    events.push(s.event);
    r = s.review;
    expect(r.status).toBe('first_review');
    expect(r.submittedAt).toBe(sh('2026-11-30T10:00').toISOString());
    expect(r.stageDueAt).toBe(sh('2026-12-02T10:00').toISOString()); // 2 working days

    s = step(r, { type: 'claim', staffId: staff.id }, sh('2026-11-30T11:00'), staff);
    expect(s.review.status).toBe('first_review'); // claiming is not a transition
    expect(s.review.claimedBy).toBe(staff.id);
    expect(s.event).toMatchObject({
      type: 'claim',
      from: 'first_review',
      to: 'first_review',
      data: { staffId: staff.id },
    });
    r = s.review;

    s = step(r, { type: 'approve_first_review' }, sh('2026-12-01T15:00'), staff);
    r = s.review;
    expect(r.status).toBe('interview');
    expect(availableActions(r)).toContain('choose_interview');

    s = step(r, { type: 'choose_interview', option: 'shanghai_office' }, sh('2026-12-01T16:00'), applicant);
    r = s.review;
    expect(r.status).toBe('interview');
    expect(r.interview?.option).toBe('shanghai_office');

    s = step(r, { type: 'record_interview', outcome: 'passed' }, sh('2026-12-02T11:00'), staff);
    r = s.review;
    expect(r.status).toBe('second_review');
    expect(r.interview).toMatchObject({ option: 'shanghai_office', outcome: 'passed', recordedBy: staff.id });
    expect(r.stageDueAt).toBe(sh('2026-12-03T15:30').toISOString()); // 1.5 working days = 13.5 office hours

    r = step(r, { type: 'approve_second_review' }, sh('2026-12-03T10:00'), staff).review;
    expect(r.status).toBe('submitted_to_miit');

    r = step(r, { type: 'submitted_to_miit' }, sh('2026-12-03T16:00'), staff).review;
    expect(r.status).toBe('miit_sms_check');
    expect(r.stageDueAt).toBe(sh('2026-12-04T16:00').toISOString()); // 24 h on the clock

    r = step(r, { type: 'sms_verified' }, sh('2026-12-03T20:00'), system).review;
    expect(r.status).toBe('administration_review');
    // Beijing: 2 weeks = 10 working days from the next opening (Friday 09:00).
    expect(r.stageDueAt).toBe(sh('2026-12-17T18:00').toISOString());

    s = step(r, { type: 'approve', icpNumber: '京ICP备16020626号-1' }, sh('2026-12-15T10:00'), staff);
    r = s.review;
    expect(r.status).toBe('approved');
    expect(r.icpNumber).toBe('京ICP备16020626号');
    expect(r.websiteIcpNumbers).toEqual(['京ICP备16020626号-1', '京ICP备16020626号-2']);
    expect(s.event).toMatchObject({
      type: 'approve',
      actor: staff,
      at: sh('2026-12-15T10:00').toISOString(),
      from: 'administration_review',
      to: 'approved',
    });
    expect(r.history.map((h) => h.status)).toEqual([
      'first_review',
      'interview',
      'second_review',
      'submitted_to_miit',
      'miit_sms_check',
      'administration_review',
      'approved',
    ]);
    expect(r.history.slice(0, -1).every((h) => h.endedAt !== null && h.endedBy !== null)).toBe(true);
    expect(r.history[0]).toMatchObject({
      endedBy: 'approve_first_review',
      endedAt: sh('2026-12-01T15:00').toISOString(),
    });
    expect(availableActions(r)).toEqual([]);
    // The stored state is plain JSON.
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    expect(events[0]).toMatchObject({ type: 'submit', from: 'draft', to: 'first_review', actor: applicant });
  });
});

describe('review workflow: changes requested ⇄ resubmitted', () => {
  it('asks for exactly the named fields and documents, then returns to first review with a fresh deadline', () => {
    let r = reach('first_review');
    const s = step(
      r,
      {
        type: 'request_changes',
        fields: ['websites.0.domains', ' sponsor.name ', 'websites.0.domains'],
        documents: ['id_card_front'],
        reason: ' The domain holder is not the sponsor. ',
      },
      sh('2026-12-01T10:00'),
      staff,
    );
    r = s.review;
    expect(r.status).toBe('changes_requested');
    expect(r.stageDueAt).toBeNull(); // the applicant's turn: no deadline
    expect(r.requestedChanges).toMatchObject({
      fields: ['websites.0.domains', 'sponsor.name'],
      documents: ['id_card_front'],
      reason: 'The domain holder is not the sponsor.',
      requestedBy: staff.id,
      fromStatus: 'first_review',
    });
    expect(s.event.reason).toBe('The domain holder is not the sponsor.');
    expect(availableActions(r)).toEqual(['claim', 'resubmit']);

    r = step(r, { type: 'resubmit' }, sh('2026-12-04T17:00'), applicant).review; // Friday 17:00
    expect(r.status).toBe('first_review');
    expect(r.stageDueAt).toBe(sh('2026-12-08T17:00').toISOString());
    expect(r.changeRounds).toBe(1);

    r = step(
      r,
      { type: 'request_changes', fields: [], documents: ['domain_certificate'], reason: 'expired' },
      sh('2026-12-07T10:00'),
      staff,
    ).review;
    r = step(r, { type: 'resubmit' }, sh('2026-12-07T12:00'), applicant).review;
    expect(r.changeRounds).toBe(2);
    expect(r.history.map((h) => h.status)).toEqual([
      'first_review',
      'changes_requested',
      'first_review',
      'changes_requested',
      'first_review',
    ]);
  });

  it('does not repeat a passed interview after changes asked at second review', () => {
    let r = reach('second_review');
    r = step(
      r,
      { type: 'request_changes', fields: ['websites.0.name'], documents: [], reason: 'name' },
      sh('2026-12-03T10:00'),
      staff,
    ).review;
    r = step(r, { type: 'resubmit' }, sh('2026-12-03T11:00'), applicant).review;
    r = step(r, { type: 'approve_first_review' }, sh('2026-12-03T12:00'), staff).review;
    expect(r.status).toBe('second_review');
  });

  it('refuses an empty or malformed request', () => {
    const r = reach('first_review');
    const at = sh('2026-12-01T10:00');
    const code = (action: ReviewAction) => {
      const result = applyAction(r, action, ctx(at, staff));
      return result.ok ? 'ok' : result.problem.code;
    };
    expect(code({ type: 'request_changes', fields: [], documents: [], reason: 'x' })).toBe(
      'review.changes_empty',
    );
    expect(code({ type: 'request_changes', fields: ['sponsor.name'], documents: [], reason: '  ' })).toBe(
      'review.reason_required',
    );
    expect(code({ type: 'request_changes', fields: ['sponsor..name'], documents: [], reason: 'x' })).toBe(
      'review.field_path_invalid',
    );
    expect(code({ type: 'request_changes', fields: [], documents: ['ID Card'], reason: 'x' })).toBe(
      'review.document_kind_invalid',
    );
    expect(
      code({ type: 'request_changes', fields: ['sponsor.name'], documents: [], reason: 'x'.repeat(2001) }),
    ).toBe('review.reason_too_long');
  });
});

describe('review workflow: the MIIT SMS window', () => {
  it('refuses expiry while the 24 h run, then returns the filing to the provider to resubmit', () => {
    let r = reach('submitted_to_miit');
    r = step(r, { type: 'submitted_to_miit' }, sh('2026-12-03T16:00'), staff).review;
    expect(availableActions(r, sh('2026-12-04T15:59'))).not.toContain('sms_expired');
    expect(availableActions(r, sh('2026-12-04T16:00'))).toContain('sms_expired');

    const early = applyAction(r, { type: 'sms_expired' }, ctx(sh('2026-12-04T15:00'), system));
    expect(early).toEqual({
      ok: false,
      problem: { code: 'review.sms_window_open', params: { dueAt: sh('2026-12-04T16:00').toISOString() } },
    });

    const s = step(r, { type: 'sms_expired' }, sh('2026-12-04T16:05'), system);
    r = s.review;
    expect(r.status).toBe('submitted_to_miit');
    expect(r.smsMisses).toBe(1);
    expect(s.event.data.misses).toBe(1);

    r = step(r, { type: 'submitted_to_miit' }, sh('2026-12-07T10:00'), staff).review;
    expect(r.status).toBe('miit_sms_check');
    expect(r.stageDueAt).toBe(sh('2026-12-08T10:00').toISOString());
  });
});

describe('review workflow: refusals', () => {
  it('lets only the right kind of actor act', () => {
    const r = reach('first_review');
    const result = applyAction(r, { type: 'approve_first_review' }, ctx(sh('2026-12-01T10:00'), applicant));
    expect(result).toEqual({
      ok: false,
      problem: {
        code: 'review.actor_not_allowed',
        params: { action: 'approve_first_review', actor: 'applicant' },
      },
    });
    expect(applyAction(reach('draft'), { type: 'submit' }, ctx(sh('2026-12-01T10:00'), staff)).ok).toBe(
      false,
    );
    expect(
      applyAction(reach('changes_requested'), { type: 'resubmit' }, ctx(sh('2026-12-01T10:00'), staff)).ok,
    ).toBe(false);
  });

  it('records claims and refuses a second claim or an unclaim of nothing', () => {
    let r = reach('first_review');
    const at = sh('2026-12-01T10:00');
    const unclaimNothing = applyAction(r, { type: 'unclaim' }, ctx(at, staff));
    expect(unclaimNothing.ok ? '' : unclaimNothing.problem.code).toBe('review.not_claimed');
    r = step(r, { type: 'claim', staffId: 'U_A' }, at, { kind: 'staff', id: 'U_A' }).review;
    expect(availableActions(r)).toContain('unclaim');
    const second = applyAction(r, { type: 'claim', staffId: 'U_B' }, ctx(at, { kind: 'staff', id: 'U_B' }));
    expect(second).toEqual({
      ok: false,
      problem: { code: 'review.already_claimed', params: { staffId: 'U_A' } },
    });
    const s = step(r, { type: 'unclaim' }, at, staff);
    expect(s.review.claimedBy).toBeNull();
    expect(s.event.data).toEqual({ staffId: 'U_A' });
  });

  it('rejects at first review with a reason, and needs one', () => {
    const r = reach('first_review');
    const at = sh('2026-12-01T10:00');
    const none = applyAction(r, { type: 'reject', reason: ' ' }, ctx(at, staff));
    expect(none.ok ? '' : none.problem.code).toBe('review.reason_required');
    const s = step(r, { type: 'reject', reason: 'photocopied ID card' }, at, staff);
    expect(s.review.status).toBe('rejected');
    expect(s.review.rejection).toMatchObject({
      reason: 'photocopied ID card',
      by: 'provider',
      atStatus: 'first_review',
    });
    expect(s.event.reason).toBe('photocopied ID card');
  });

  it('records an administration rejection', () => {
    const s = step(
      reach('administration_review'),
      { type: 'administration_reject', reason: 'domain not real-name verified' },
      sh('2026-12-10T10:00'),
      staff,
    );
    expect(s.review.rejection).toMatchObject({ by: 'administration', atStatus: 'administration_review' });
  });

  it('needs the interview option to record it, and a reason for a failed one', () => {
    const r = reach('interview');
    const at = sh('2026-12-02T10:00');
    const noOption = applyAction(r, { type: 'record_interview', outcome: 'passed' }, ctx(at, staff));
    expect(noOption.ok ? '' : noOption.problem.code).toBe('review.interview_option_missing');
    const noReason = applyAction(
      r,
      { type: 'record_interview', outcome: 'failed', option: 'phone' },
      ctx(at, staff),
    );
    expect(noReason.ok ? '' : noReason.problem.code).toBe('review.reason_required');
    const failed = step(
      r,
      { type: 'record_interview', outcome: 'failed', option: 'phone', reason: 'no show' },
      at,
      staff,
    );
    expect(failed.review.status).toBe('rejected');
    const bad = applyAction(
      r,
      { type: 'choose_interview', option: 'paris_office' as never },
      ctx(at, applicant),
    );
    expect(bad.ok ? '' : bad.problem.code).toBe('review.interview_option_invalid');
  });

  it('checks the ICP number against the sponsor province and leaves the state untouched on refusal', () => {
    const r = reach('administration_review');
    const before = structuredClone(r);
    const result = applyAction(
      r,
      { type: 'approve', icpNumber: '沪ICP备16020626号' },
      ctx(sh('2026-12-10T10:00'), staff),
    );
    expect(result).toEqual({
      ok: false,
      problem: { code: 'icp_number.province_mismatch', params: { given: '沪', expected: '京' } },
    });
    expect(r).toEqual(before);
    const gansu = applyAction(
      r,
      { type: 'approve', icpNumber: '陇ICP备2021003158号' },
      ctx(sh('2026-12-10T10:00'), staff, { sponsorProvince: '620000', websiteCount: 1 }),
    );
    expect(gansu.ok && gansu.review.websiteIcpNumbers).toEqual(['陇ICP备2021003158号-1']);
  });
});

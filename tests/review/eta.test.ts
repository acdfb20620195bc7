import { describe, expect, it } from 'vitest';
import { render } from '../../src/i18n/index.ts';
import { chineseWorkingDayCalendar } from '../../src/review/chinese-days-source.ts';
import { expectedByText, filingEta, stageAge, stageAgeText } from '../../src/review/eta.ts';
import { stageDue } from '../../src/review/stages.ts';
import { etaTexts } from '../../src/review/status-message.ts';
import { applicant, reach, sh, staff, step } from './helpers.ts';

const calendar = chineseWorkingDayCalendar();
const beijing = (now: Date) => ({ now, sponsorProvince: '110000', calendar });

describe('ETAs', () => {
  it('lays the remaining stages end to end from the current deadline', () => {
    const review = reach('first_review', sh('2026-11-30T09:00')); // submitted Monday 10:00
    const eta = filingEta(review, beijing(sh('2026-11-30T11:00')))!;
    expect(eta.stageDueAt).toEqual(sh('2026-12-02T10:00'));
    expect(eta.remaining.map((s) => [s.status, s.dueAt.toISOString()])).toEqual([
      ['interview', sh('2026-12-04T10:00').toISOString()],
      ['second_review', sh('2026-12-07T14:30').toISOString()],
      ['submitted_to_miit', sh('2026-12-08T14:30').toISOString()],
      ['miit_sms_check', sh('2026-12-09T14:30').toISOString()],
      ['administration_review', sh('2026-12-23T14:30').toISOString()], // Beijing: 10 working days
    ]);
    expect(eta.finishAt).toEqual(sh('2026-12-23T14:30'));
    expect(eta.estimate).toBe(false);
    expect(expectedByText(eta.finishAt, eta.estimate)).toEqual({
      key: 'review:eta.expected_by',
      params: { date: '2026-12-23' },
    });
  });

  it('starts from now when the current deadline has passed', () => {
    const review = reach('administration_review', sh('2026-11-30T09:00'));
    const late = sh('2027-03-01T10:00');
    const eta = filingEta(review, beijing(late))!;
    expect(eta.remaining).toEqual([]);
    expect(eta.finishAt).toEqual(late);
  });

  it('flags an ETA that crosses into 2027 as an estimate', () => {
    let review = reach('miit_sms_check', sh('2026-12-10T09:00'));
    review = step(review, { type: 'sms_verified' }, sh('2026-12-11T10:00'), staff, {
      sponsorProvince: '620000',
    }).review;
    expect(review.dueIsEstimate).toBe(true); // Gansu: 15 working days from 2026-12-11 ends in January 2027
    const eta = filingEta(review, { now: sh('2026-12-11T11:00'), sponsorProvince: '620000', calendar })!;
    expect(eta.estimate).toBe(true);
    expect(expectedByText(eta.finishAt, eta.estimate).key).toBe('review:eta.expected_by_estimate');
  });

  it('says "estimate" when a province publishes no review time (the legal maximum stands in)', () => {
    const jilin = (now: Date) => ({ now, sponsorProvince: '220000', calendar });
    const now = sh('2026-11-30T11:00');
    const eta = filingEta(reach('first_review', sh('2026-11-30T09:00')), jilin(now))!;
    expect(eta.estimate).toBe(true);
    expect(etaTexts(reach('first_review', sh('2026-11-30T09:00')), jilin(now)).at(-1)?.key).toBe(
      'review:eta.expected_by_unpublished',
    );
    // In the administration review itself, its own deadline says so too.
    const atAdministration = reach('administration_review', sh('2026-11-30T09:00'));
    const texts = etaTexts(atAdministration, jilin(sh('2026-11-30T10:00')));
    expect(texts.map((text) => text.key)).toEqual([
      'review:eta.stage_due_unpublished',
      'review:eta.expected_by_unpublished',
    ]);
    expect(render('en', texts[1]!)).toMatch(/estimate/);
    expect(render('zh', texts[1]!)).toMatch(/估算/);
    // Beijing publishes its time: no caveat.
    expect(etaTexts(atAdministration, beijing(sh('2026-11-30T10:00'))).map((text) => text.key)).toEqual([
      'review:eta.stage_due',
      'review:eta.expected_by',
    ]);
  });

  it('runs the whole pipeline again from now after changes are requested', () => {
    const review = reach('changes_requested', sh('2026-11-30T09:00'));
    const now = sh('2026-12-01T09:00');
    const eta = filingEta(review, beijing(now))!;
    expect(eta.stageDueAt).toBeNull();
    expect(eta.remaining[0]).toMatchObject({ status: 'first_review', dueAt: sh('2026-12-02T18:00') });
    expect(eta.remaining).toHaveLength(6);
  });

  it('has no ETA once decided', () => {
    expect(filingEta(reach('approved'), beijing(sh('2026-12-30T10:00')))).toBeUndefined();
    expect(filingEta(reach('rejected'), beijing(sh('2026-12-30T10:00')))).toBeUndefined();
  });

  it('gives staff the age in working days and hours, and whether the stage is overdue', () => {
    let review = reach('draft');
    review = step(review, { type: 'submit' }, sh('2026-11-30T10:00'), applicant).review;
    const young = stageAge(review, sh('2026-12-01T14:00'), calendar)!;
    expect(young).toMatchObject({
      workingDays: 1,
      hours: 4,
      elapsedHours: 28,
      overdue: false,
      overdueWorkingDays: 0,
    });
    expect(stageAgeText(young)).toEqual({
      key: 'review:eta.age',
      params: { days: 1, hours: 4, overdueDays: 0 },
    });

    const old = stageAge(review, sh('2026-12-03T14:00'), calendar)!; // due Wednesday 10:00
    expect(old.overdue).toBe(true);
    expect(old.overdueWorkingDays).toBeCloseTo(13 / 9);
    expect(stageAgeText(old)).toEqual({
      key: 'review:eta.age_overdue',
      params: { days: 3, hours: 4, overdueDays: 1.5 },
    });
  });

  it('never lets a province exceed 20 working days and uses the seed figures', () => {
    const start = sh('2026-12-01T09:00'); // Tuesday
    expect(stageDue('administration_review', start, '310000', calendar)?.date).toEqual(
      sh('2026-12-03T18:00'),
    );
    expect(stageDue('administration_review', start, '620000', calendar)?.date).toEqual(
      sh('2026-12-21T18:00'),
    );
    for (const province of ['110000', '370000', '540000', '999999']) {
      const due = stageDue('administration_review', start, province, calendar)!;
      expect(calendar.workingDaysBetween(start, due.date)).toBeLessThanOrEqual(20);
    }
  });
});

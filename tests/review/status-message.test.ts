import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasText, LANGS, render, type Text } from '../../src/i18n/index.ts';
import type { ReviewAction } from '../../src/review/actions.ts';
import { chineseWorkingDayCalendar } from '../../src/review/chinese-days-source.ts';
import { expectedByText, stageAge, stageAgeText, stageDueText } from '../../src/review/eta.ts';
import { createReview, INTERVIEW_OPTIONS, type ReviewState } from '../../src/review/review-state.ts';
import { REVIEW_STATUSES } from '../../src/review/stages.ts';
import {
  eventLogText,
  historyTexts,
  interviewChoice,
  interviewOptionLabel,
  MIIT_BEIAN_URL,
  progressLine,
  statusMessage,
} from '../../src/review/status-message.ts';
import type { ReviewEvent } from '../../src/review/workflow.ts';
import { applicant, reach, sh, staff, step, system } from './helpers.ts';

const calendar = chineseWorkingDayCalendar();
const seen: Text[] = [];
const keep = (texts: Text[]) => {
  seen.push(...texts);
  return texts;
};

interface Walk {
  review: ReviewState;
  event: ReviewEvent;
  message: Text[];
}

/** Walks a path, returning each step's message (and collecting every Text for the key check). */
function walk(steps: [ReviewAction, typeof staff][], start = sh('2026-11-30T10:00'), over = {}): Walk[] {
  let review = createReview();
  let now = start;
  return steps.map(([action, actor]) => {
    now = new Date(now.getTime() + 2 * 60 * 60 * 1000);
    const s = step(review, action, now, actor, over);
    review = s.review;
    const message = keep(statusMessage(s.event, review, { now, sponsorProvince: '110000', calendar }));
    keep([eventLogText(s.event), ...progressLine(review), ...historyTexts(review)]);
    const age = stageAge(review, now, calendar);
    if (age) keep([stageAgeText(age)]);
    return { review, event: s.event, message };
  });
}

const keys = (texts: Text[]) => texts.map((t) => t.key);

describe('status messages', () => {
  const happy = walk([
    [{ type: 'submit' }, applicant],
    [{ type: 'claim', staffId: 'U1' }, staff],
    [
      {
        type: 'request_changes',
        fields: ['websites.0.domains', 'sponsor.name'],
        documents: ['id_card_front'],
        reason: 'Blurry scan',
      },
      staff,
    ],
    [{ type: 'resubmit' }, applicant],
    [{ type: 'approve_first_review' }, staff],
    [{ type: 'choose_interview', option: 'beijing_office' }, applicant],
    [{ type: 'record_interview', outcome: 'passed' }, staff],
    [{ type: 'approve_second_review' }, staff],
    [{ type: 'submitted_to_miit' }, staff],
    [{ type: 'sms_verified' }, system],
    [{ type: 'approve', icpNumber: '京ICP备16020626号' }, staff],
  ]);
  const at = (type: string) => happy.find((w) => w.event.type === type)!;

  it('tells the applicant what happened, what to do next and when to expect a decision', () => {
    expect(keys(at('submit').message)).toEqual([
      'review:message.submitted',
      'review:eta.stage_due',
      'review:eta.expected_by',
    ]);
    expect(at('claim').message).toEqual([]); // staff bookkeeping only
  });

  it('lists exactly the fields and documents to fix, with the reason', () => {
    const message = at('request_changes').message;
    expect(message[0]).toEqual({
      key: 'review:message.changes_requested',
      params: { reason: 'Blurry scan' },
    });
    expect(message.slice(1, 7)).toEqual([
      { key: 'review:next.fix_fields' },
      { key: 'review:message.field_path', params: { path: 'websites.0.domains' } },
      { key: 'review:message.field_path', params: { path: 'sponsor.name' } },
      { key: 'review:next.fix_documents' },
      { key: 'review:message.document_kind', params: { kind: 'id_card_front' } },
      { key: 'review:next.resubmit' },
    ]);
    // No stage deadline while it is the applicant's turn, only the overall forecast.
    expect(keys(message).filter((k) => k.startsWith('review:eta.'))).toEqual(['review:eta.expected_by']);
  });

  it('lets the caller label fields with the catalog', () => {
    const { event, review } = at('request_changes');
    const message = statusMessage(
      event,
      review,
      { now: sh('2026-12-01T10:00'), sponsorProvince: '110000', calendar },
      {
        fieldLabel: (path) => ({ key: 'filing:label', params: { path } }),
      },
    );
    expect(message[2]).toEqual({ key: 'filing:label', params: { path: 'websites.0.domains' } });
  });

  it('offers the three interview options with the seed addresses and phone', () => {
    const message = at('approve_first_review').message;
    expect(keys(message).slice(0, 5)).toEqual([
      'review:message.first_review_passed',
      'review:next.choose_interview',
      'review:interview.details.beijing_office',
      'review:interview.details.shanghai_office',
      'review:interview.details.phone',
    ]);
    for (const lang of LANGS) {
      const details = message.slice(2, 5).map((t) => render(lang, t));
      expect(details.every((d) => d.includes('400-089-0365'))).toBe(true);
    }
    expect(render('en', message[2]!)).toContain('Jiuxiangqiao');
    expect(render('zh', message[3]!)).toContain('科苑路88号');
  });

  it('asks for the MIIT SMS within 24 h on beian.miit.gov.cn, with the deadline in Beijing time', () => {
    const { message, review } = at('submitted_to_miit');
    const sms = message.find((t) => t.key === 'review:next.sms_verify')!;
    expect(sms.params).toEqual({ deadline: '2026-12-02 04:00', url: MIIT_BEIAN_URL });
    // Submitted at 04:00 (the walk steps 2 h at a time): the window runs on the clock, not office hours.
    expect(review.stageDueAt).toBe(sh('2026-12-02T04:00').toISOString());
    expect(render('zh', sms)).toContain('24 小时');
  });

  it('gives the ICP number, the footer link and the public security deadline on approval', () => {
    const message = at('approve').message;
    expect(message).toEqual([
      { key: 'review:message.approved', params: { icpNumber: '京ICP备16020626号' } },
      { key: 'review:message.website_number', params: { index: 1, number: '京ICP备16020626号-1' } },
      { key: 'review:message.website_number', params: { index: 2, number: '京ICP备16020626号-2' } },
      {
        key: 'review:next.footer',
        params: { icpNumber: '京ICP备16020626号', url: 'https://beian.miit.gov.cn/' },
      },
      { key: 'review:next.public_security', params: { days: 30 } },
    ]);
    expect(render('en', message[3]!)).toBe(
      'Show the ICP number 京ICP备16020626号 in the footer of every page of your website, linked to https://beian.miit.gov.cn/.',
    );
  });

  it('explains an SMS miss and the rejections', () => {
    const missed = walk(
      [
        [{ type: 'submit' }, applicant],
        [{ type: 'approve_first_review' }, staff],
        [{ type: 'record_interview', outcome: 'passed', option: 'phone' }, staff],
        [{ type: 'approve_second_review' }, staff],
        [{ type: 'submitted_to_miit' }, staff],
      ],
      sh('2026-11-30T10:00'),
    );
    const last = missed.at(-1)!;
    const later = sh('2026-12-02T10:00');
    const expired = step(last.review, { type: 'sms_expired' }, later, system);
    const message = keep(
      statusMessage(expired.event, expired.review, { now: later, sponsorProvince: '110000', calendar }),
    );
    expect(keys(message).slice(0, 2)).toEqual(['review:message.sms_expired', 'review:next.sms_again']);
    keep([eventLogText(expired.event)]);

    for (const [action, stage] of [
      [{ type: 'reject', reason: 'photocopy' }, 'first_review'],
      [{ type: 'administration_reject', reason: 'cross-province' }, 'administration_review'],
    ] as const) {
      const r = reach(stage);
      const s = step(r, action, sh('2027-01-05T10:00'), staff);
      const texts = keep(
        statusMessage(s.event, s.review, {
          now: sh('2027-01-05T10:00'),
          sponsorProvince: '110000',
          calendar,
        }),
      );
      expect(texts[0]).toEqual({
        key: `review:message.${action.type === 'reject' ? 'rejected' : 'administration_rejected'}`,
        params: { reason: action.reason },
      });
      expect(texts.at(-1)).toEqual({ key: 'review:next.rejected_contact' }); // no ETA once decided
      keep([eventLogText(s.event), ...progressLine(s.review)]);
    }
    const failed = step(
      reach('interview'),
      { type: 'record_interview', outcome: 'failed', option: 'phone', reason: 'no show' },
      sh('2026-12-05T10:00'),
      staff,
    );
    keep([
      ...statusMessage(failed.event, failed.review, {
        now: sh('2026-12-05T10:00'),
        sponsorProvince: '110000',
        calendar,
      }),
      eventLogText(failed.event),
    ]);
    const unclaimed = step(
      step(reach('first_review'), { type: 'claim', staffId: 'U9' }, sh('2026-12-01T10:00'), staff).review,
      { type: 'unclaim' },
      sh('2026-12-01T11:00'),
      staff,
    );
    keep([eventLogText(unclaimed.event)]);
  });
});

describe('progress line', () => {
  const render1 = (texts: Text[]) => texts.map((t) => render('en', t)).join(' → ');

  it('marks done, current and pending stages', () => {
    expect(render1(progressLine(reach('interview')))).toBe(
      '✅ Submitted → ✅ First review → ⏳ Interview → ○ Second review → ○ Submission to MIIT → ○ MIIT SMS verification → ○ Provincial administration review → ○ Approved',
    );
  });

  it('shows changes requested, rejection and approval', () => {
    expect(progressLine(reach('changes_requested'))[1]).toEqual({
      key: 'review:progress.changes',
      params: { stage: 'first_review' },
    });
    const rejected = progressLine(reach('rejected'));
    expect(rejected[1]).toEqual({ key: 'review:progress.failed', params: { stage: 'first_review' } });
    expect(rejected.at(-1)).toEqual({ key: 'review:progress.failed', params: { stage: 'rejected' } });
    expect(progressLine(reach('approved')).every((t) => t.key === 'review:progress.done')).toBe(true);
    expect(progressLine(createReview())[0]).toEqual({
      key: 'review:progress.current',
      params: { stage: 'draft' },
    });
  });
});

describe('texts exist', () => {
  it('every Text the review produces exists in zh and en and renders completely', () => {
    const extra: Text[] = [
      ...interviewChoice(),
      ...INTERVIEW_OPTIONS.map(interviewOptionLabel),
      ...REVIEW_STATUSES.map((stage) => ({ key: 'review:progress.current', params: { stage } })),
      ...REVIEW_STATUSES.map((stage) => stageDueText(stage, sh('2026-12-01T10:00'), true)),
      stageDueText('first_review', sh('2026-12-01T10:00'), false),
      expectedByText(sh('2027-01-10T10:00'), true),
      expectedByText(sh('2026-12-10T10:00'), false),
      ...progressLine(createReview()),
    ];
    const all = [...seen, ...extra];
    const logKeys = new Set(all.filter((t) => t.key.startsWith('review:log.')).map((t) => t.key));
    expect(logKeys.size).toBe(15); // every action type was logged at least once
    for (const text of all) {
      for (const lang of LANGS) {
        expect(hasText(lang, text.key), `${lang} ${text.key}`).toBe(true);
        const out = render(lang, text);
        expect(out, `${lang} ${text.key}`).not.toMatch(/\{\{|\$t\(|review:|stages\.|labels\.|outcomes\./);
      }
    }
  });

  it('every problem code in src/review has an errors: text in zh and en', () => {
    const dir = join(import.meta.dirname, '../../src/review');
    const codes = new Set<string>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      for (const m of readFileSync(join(dir, file), 'utf8').matchAll(/'((?:review|icp_number)\.[a-z_]+)'/g))
        codes.add(m[1]!);
    }
    expect(codes.size).toBeGreaterThan(15);
    for (const code of codes)
      for (const lang of LANGS) expect(hasText(lang, `errors:${code}`), `${lang} ${code}`).toBe(true);
  });
});

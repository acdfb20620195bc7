import { expect, it } from 'vitest';
import { listEvents } from '../../src/db/events.ts';
import { pendingOutbox } from '../../src/db/outbox.ts';
import { render } from '../../src/i18n/index.ts';
import type { StatusPingPayload } from '../../src/services/staff-outbox.ts';
import { describeEachBackend } from '../support/db.ts';
import { clock, draftFiling, service, sh } from './staff-fixtures.ts';

describeEachBackend('staff service: the applicant chooses the interview', (db) => {
  /** A filing that passed the first review: status interview, no choice yet. */
  async function atInterview() {
    const time = clock(sh('2026-03-02T10:00:00'));
    const { staff } = service(db(), time.now);
    const made = await draftFiling(db(), time.now());
    const submitted = await staff.onSubmitted(made.filing.id);
    if (!submitted.ok) throw new Error(submitted.problem.code);
    const approved = await staff.act('U_STAFF1', made.filing.id, { type: 'approve_first_review' });
    if (!approved.ok) throw new Error(approved.problem.code);
    return { ...made, staff, time };
  }

  const rowsOf = async (filingId: string) =>
    (await pendingOutbox(db().prisma, {})).filter((r) => JSON.stringify(r.payload).includes(filingId));

  it('records the choice as the applicant: event, status ping and Slack update in one go, status unchanged', async () => {
    const { filing, applicant, staff } = await atInterview();
    const before = (await rowsOf(filing.id)).length;
    const result = await staff.chooseInterview(applicant.id, 'shanghai_office', { filingId: filing.id });
    expect(result).toMatchObject({ ok: true, value: { filingId: filing.id, option: 'shanghai_office' } });

    const view = await staff.show(filing.id);
    expect(view?.status).toBe('interview');
    expect(view?.review.interview?.option).toBe('shanghai_office');
    const events = await listEvents(db().prisma, db().pii, { filingId: filing.id });
    expect(events.at(-1)).toMatchObject({
      type: 'review.choose_interview',
      actor: `applicant:${applicant.id}`,
      data: { option: 'shanghai_office' },
    });
    const added = (await rowsOf(filing.id)).slice(before);
    expect(added.map((r) => r.topic)).toEqual(['status_ping', 'slack_update']);
    const ping = added[0]!.payload as unknown as StatusPingPayload;
    expect(ping.event).toBe('choose_interview');
    expect(ping.askInterviewChoice).toBeUndefined();
    expect(ping.texts.map((t) => render('en', t)).join('\n')).toContain('Keyuan Road');
  });

  it('without a filing id it finds the filing waiting for the choice', async () => {
    const { filing, applicant, staff } = await atInterview();
    const result = await staff.chooseInterview(applicant.id, 'phone');
    expect(result).toMatchObject({ ok: true, value: { filingId: filing.id, option: 'phone' } });
  });

  it('a second choice is refused with the first one named, and nothing is logged', async () => {
    const { filing, applicant, staff } = await atInterview();
    const first = await staff.chooseInterview(applicant.id, 'beijing_office', { filingId: filing.id });
    expect(first.ok).toBe(true);
    const version = (await staff.show(filing.id))?.version;
    const second = await staff.chooseInterview(applicant.id, 'phone', { filingId: filing.id });
    expect(second).toMatchObject({
      ok: false,
      problem: { code: 'staff.interview_already_chosen', params: { option: 'beijing_office' } },
    });
    expect((await staff.show(filing.id))?.version).toBe(version);
    const events = await listEvents(db().prisma, db().pii, { filingId: filing.id });
    expect(events.filter((e) => e.type === 'review.choose_interview')).toHaveLength(1);
  });

  it('two presses at once record one choice', async () => {
    const { filing, applicant, staff } = await atInterview();
    const results = await Promise.all([
      staff.chooseInterview(applicant.id, 'beijing_office', { filingId: filing.id }),
      staff.chooseInterview(applicant.id, 'phone', { filingId: filing.id }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const events = await listEvents(db().prisma, db().pii, { filingId: filing.id });
    expect(events.filter((e) => e.type === 'review.choose_interview')).toHaveLength(1);
  });

  it('refuses an unknown option, another applicant, and a filing not at the interview', async () => {
    const { filing, applicant, staff } = await atInterview();
    expect(await staff.chooseInterview(applicant.id, 'moon_office', { filingId: filing.id })).toMatchObject({
      ok: false,
      problem: { code: 'staff.interview_option_invalid' },
    });
    const other = await draftFiling(db(), sh('2026-03-02T10:00:00'));
    expect(await staff.chooseInterview(other.applicant.id, 'phone', { filingId: filing.id })).toMatchObject({
      ok: false,
      problem: { code: 'staff.interview_not_awaiting' },
    });
    // A draft (never submitted) has nothing to choose.
    expect(await staff.chooseInterview(other.applicant.id, 'phone')).toMatchObject({
      ok: false,
      problem: { code: 'staff.interview_not_awaiting' },
    });
    expect(
      await staff.chooseInterview(other.applicant.id, 'phone', { filingId: other.filing.id }),
    ).toMatchObject({ ok: false, problem: { code: 'staff.interview_not_awaiting' } });
    expect(await staff.chooseInterview(applicant.id, 'phone', { filingId: 'not-a-uuid' })).toMatchObject({
      ok: false,
      problem: { code: 'staff.interview_not_awaiting' },
    });
    const view = await staff.show(filing.id);
    expect(view?.review.interview?.option ?? null).toBeNull();
  });
});

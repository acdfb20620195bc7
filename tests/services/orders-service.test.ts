/**
 * Issue 15 end to end, through the applicant service, the staff service and the database, on both
 * backends: an applicant whose first filing was approved here adds a website without a sponsor
 * question; an applicant with a number from elsewhere files a new access; and while that order is
 * with the staff, a second order for the same sponsor (another applicant) is refused, naming it and
 * its stage. Every order goes through the whole review to the approval ping the applicant receives.
 */
import { expect, it } from 'vitest';
import { createEngine } from '../../src/conversation/engine.ts';
import type { EngineInput, Outgoing, QuestionMessage } from '../../src/conversation/types.ts';
import { getFiling } from '../../src/db/filings.ts';
import { pendingOutbox } from '../../src/db/outbox.ts';
import { catalog } from '../../src/filing/catalog.ts';
import { requiredMaterials } from '../../src/filing/materials.ts';
import { validateDraft, validateFiling } from '../../src/filing/validate-filing.ts';
import { type Lang, render } from '../../src/i18n/index.ts';
import {
  type ApplicantService,
  type ChatAddress,
  createApplicantService,
} from '../../src/services/applicant-service.ts';
import type { StatusPingPayload } from '../../src/services/staff-outbox.ts';
import type { StaffAction } from '../../src/services/staff-types.ts';
import type { Answer, Script } from '../conversation/fixtures/driver.ts';
import { enterprise, shopWebsiteAnswers } from '../conversation/fixtures/real-scripts.ts';
import { describeEachBackend, type TestDatabase } from '../support/db.ts';
import { clock, sh, service as staffService } from './staff-fixtures.ts';

const engine = createEngine({ catalog, validateDraft, validateFiling, requiredMaterials });
const ICP = '闽ICP备2026001234号';

/** An applicant in a chat, answering through the service whatever the engine asks. */
class ServiceApplicant {
  messages: Outgoing[] = [];
  asked: string[] = [];
  constructor(
    readonly service: ApplicantService,
    readonly chat: ChatAddress,
  ) {}

  async send(input: EngineInput) {
    this.messages = await this.service.handleInput(this.chat, input);
    for (const m of this.messages) if (m.type === 'question') this.asked.push(m.path);
    return this.messages;
  }

  get question(): QuestionMessage {
    const q = this.messages.filter((m): m is QuestionMessage => m.type === 'question').at(-1);
    if (!q) throw new Error(`no question in ${JSON.stringify(this.messages)}`);
    return q;
  }

  async choose(value: string) {
    let q = this.question;
    while (!q.options?.some((o) => o.value === value)) {
      const group = q.options?.find((o) => o.value.startsWith('@group:') && o.value !== '@group:');
      if (group) await this.send({ type: 'choice', token: q.token, value: group.value });
      else if (q.page && q.page.index + 1 < q.page.count)
        await this.send({ type: 'page', token: q.token, page: q.page.index + 1 });
      else throw new Error(`${q.fieldId}: no option ${value}`);
      q = this.question;
    }
    return this.send({ type: q.multi ? 'toggle' : 'choice', token: q.token, value });
  }

  async answer(answer: Answer) {
    if ('text' in answer) return this.send({ type: 'text', text: answer.text });
    if ('choice' in answer) return this.choose(answer.choice);
    if ('skip' in answer) return this.send({ type: 'command', command: 'skip' });
    const token = this.question.token;
    const shown = new Set(this.question.options?.filter((o) => o.selected).map((o) => o.value));
    for (const value of answer.ticks) if (!shown.has(value)) await this.choose(value);
    for (const value of shown) if (!answer.ticks.includes(value)) await this.choose(value);
    return this.send({ type: 'done', token });
  }

  /** Answers until submitted, uploading every document asked for; stops at a refused answer. */
  async run(script: Script): Promise<void> {
    for (let i = 0; i < 200; i++) {
      const q = this.question;
      if (q.fieldId === '@confirm') {
        await this.choose('confirm');
        continue;
      }
      if (q.fieldId === '@submit') {
        const docs = this.messages.find((m) => m.type === 'documents');
        if (docs?.type === 'documents') {
          for (const [n, d] of docs.required.entries()) {
            await this.send({
              type: 'document',
              kind: d.kind,
              ...(d.websiteIndex === undefined ? {} : { websiteIndex: d.websiteIndex }),
              documentId: `doc-${n}`,
            });
          }
        }
        await this.choose('submit');
        if (this.messages.some((m) => m.type === 'submitted')) return;
        throw new Error(`not submitted: ${JSON.stringify(this.messages)}`);
      }
      const answer = script.answers[q.path] ?? script.answers[q.fieldId];
      if (!answer) throw new Error(`script has no answer for ${q.path}`);
      await this.answer(answer);
      const refused = this.messages.find((m) => m.type === 'error');
      if (refused) throw new Error(`refused: ${q.path} ${JSON.stringify(refused)}`);
    }
    throw new Error('script did not finish');
  }

  submitted() {
    const done = this.messages.find((m) => m.type === 'submitted');
    if (done?.type !== 'submitted') throw new Error('not submitted');
    return done.filing;
  }
}

/** The applicant's chat and the staff's Slack, sharing one clock and the submission hook of the app. */
function desk(db: TestDatabase) {
  const time = clock(sh('2026-03-02T16:00:00'));
  const { staff } = staffService(db, time.now);
  const applicants = createApplicantService({
    db,
    engine,
    now: time.now,
    onSubmitted: async (tx, { filing }) => {
      const submitted = await staff.onSubmitted(filing.id, { tx });
      if (!submitted.ok) throw new Error(`review refused the submission: ${submitted.problem.code}`);
    },
  });
  return { time, staff, applicants };
}

/**
 * The whole review of a submitted order, as staff and applicant do it (claim, first review, the
 * applicant's interview choice, interview, second review, MIIT, SMS, approval), half a working day
 * per step; returns the filing's last status ping.
 */
async function throughReview(
  db: TestDatabase,
  { time, staff }: ReturnType<typeof desk>,
  filingId: string,
  icpNumber: string,
): Promise<StatusPingPayload> {
  const act = async (action: StaffAction) => {
    time.set(new Date(time.now().getTime() + 4 * 3_600_000));
    const result = await staff.act('U_STAFF1', filingId, action);
    if (!result.ok) throw new Error(`${action.type}: ${result.problem.code}`);
    return result.value.filing;
  };
  await act({ type: 'claim', staffId: 'U_STAFF1' });
  expect((await act({ type: 'approve_first_review' })).status).toBe('interview');
  const filing = await getFiling(db.prisma, db.pii, filingId);
  const chosen = await staff.chooseInterview(filing!.applicantId, 'phone', { filingId });
  expect(chosen.ok).toBe(true);
  await act({ type: 'record_interview', outcome: 'passed' });
  await act({ type: 'approve_second_review' });
  await act({ type: 'submitted_to_miit' });
  await act({ type: 'sms_verified' });
  expect((await act({ type: 'approve', icpNumber })).status).toBe('approved');
  const pings = (await pendingOutbox(db.prisma, {}))
    .filter((r) => r.topic === 'status_ping' && JSON.stringify(r.payload).includes(filingId))
    .map((r) => r.payload as unknown as StatusPingPayload);
  return pings.at(-1)!;
}

/** The ping as the applicant reads it, one text a line. */
const read = (ping: StatusPingPayload, lang: Lang) => ping.texts.map((t) => render(lang, t)).join('\n');

describeEachBackend('orders through the applicant service and the review', (db) => {
  let seq = 0;
  const chat = (lang: 'zh' | 'en'): ChatAddress => ({
    channel: 'telegram',
    chatId: `orders-${process.pid}-${++seq}`,
    lang,
  });

  it('an applicant approved here adds a website: no sponsor question, through the review to the ping', async () => {
    const d = desk(db());
    const a = new ServiceApplicant(d.applicants, chat('zh'));
    await a.send({ type: 'command', command: 'start' });
    await a.run({ ...enterprise, websites: 1 });
    const { filingId } = await d.applicants.currentFiling(a.chat);
    const approvedFirst = await throughReview(db(), d, filingId, ICP);
    expect(approvedFirst.texts[0]?.key).toBe('review:message.approved');
    expect(approvedFirst.websiteIcpNumbers).toEqual([`${ICP}-1`]);

    await a.send({ type: 'command', command: 'restart' });
    a.asked = [];
    await a.run({
      uploadAll: true,
      answers: { filingType: { choice: 'new_website' }, ...shopWebsiteAnswers },
    });
    expect(a.asked.filter((p) => p.startsWith('sponsor') || p === 'icpNumber')).toEqual([]);
    const filing = a.submitted();
    expect(filing).toMatchObject({
      filingType: 'new_website',
      icpNumber: ICP,
      sponsor: { documentNumber: '91350100M000100Y43' },
      websites: [{ name: '某某科技商城' }],
    });
    expect(validateFiling(filing, { now: d.time.now() })).toEqual({ valid: true, errors: [] });
    const { filingId: second } = await d.applicants.currentFiling(a.chat);
    expect(second).not.toBe(filingId);

    // The new website takes the sponsor's next number: -1 is the first filing's.
    const ping = await throughReview(db(), d, second, ICP);
    expect(ping.event).toBe('approve');
    expect(ping.texts.map((t) => t.key).slice(0, 2)).toEqual([
      'review:message.approved_order.new_website',
      'review:message.website_number',
    ]);
    expect(ping.websiteIcpNumbers).toEqual([`${ICP}-2`]);
    const text = read(ping, 'zh');
    expect(text).toContain(`新增网站`);
    expect(text).toContain(`网站 1：${ICP}-2`);
  });

  it('a number from elsewhere files a new access; a second order for that sponsor is refused meanwhile; the review approves it', async () => {
    const d = desk(db());
    const NEW_ACCESS = '浙ICP备2025004321号';
    const sponsor = {
      icpNumber: { text: NEW_ACCESS },
      'sponsor.province': { text: '浙江' },
      'sponsor.city': { text: '杭州' },
      'sponsor.county': { text: '西湖' },
      'sponsor.nature': { choice: 'enterprise' },
      'sponsor.documentType': { choice: 'business_license' },
      'sponsor.documentNumber': { text: '91330106MA27XR5L44' },
      'sponsor.name': { text: '杭州某某网络有限公司' },
    } as const;
    const a = new ServiceApplicant(d.applicants, chat('en'));
    await a.send({ type: 'command', command: 'start' });
    await a.run({
      answers: {
        filingType: { choice: 'new_access' },
        ...sponsor,
        ...Object.fromEntries(
          Object.entries(enterprise.answers).filter(([k]) => k.startsWith('sponsorPrincipal')),
        ),
        'websites.0.icpNumber': { text: `${NEW_ACCESS}-2` },
        ...shopWebsiteAnswers,
      },
    });
    const filing = a.submitted();
    expect(filing).toMatchObject({
      filingType: 'new_access',
      icpNumber: NEW_ACCESS,
      websites: [{ icpNumber: `${NEW_ACCESS}-2`, domains: ['shop-example.cn'] }],
    });
    expect(validateFiling(filing, { now: d.time.now() })).toEqual({ valid: true, errors: [] });

    for (const lang of ['zh', 'en'] as const) {
      const b = new ServiceApplicant(d.applicants, chat(lang));
      await b.send({ type: 'command', command: 'start' });
      await expect(
        b.run({ answers: { filingType: { choice: 'cancel_sponsor' }, ...sponsor } }),
      ).rejects.toThrow('refused: sponsor.documentNumber');
      const refusal = b.messages.find((m) => m.type === 'error');
      const line = refusal?.type === 'error' ? render(lang, refusal.problems[0]!.text) : '';
      expect(line).toContain(lang === 'zh' ? '新增接入' : 'New access');
      expect(line).toContain(lang === 'zh' ? '初审' : 'First review');
      expect(b.question.path).toBe('sponsor.documentNumber');
    }

    // The website keeps the number it was filed under elsewhere.
    const { filingId } = await d.applicants.currentFiling(a.chat);
    const ping = await throughReview(db(), d, filingId, NEW_ACCESS);
    expect(ping.event).toBe('approve');
    expect(ping.texts[0]?.key).toBe('review:message.approved_order.new_access');
    expect(ping.websiteIcpNumbers).toEqual([`${NEW_ACCESS}-2`]);
    const text = read(ping, 'en');
    expect(text).toContain(`New access`);
    expect(text).toContain(`Website 1: ${NEW_ACCESS}-2`);
  });
});

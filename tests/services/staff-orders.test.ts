/**
 * Issue 15, review side: a change and a cancellation go through the staff service from submission
 * to the final ping, and staff see the order, the ICP number's MIIT link and (for a change) what it
 * changes against the filing approved here, in Slack and in `icp staff show`.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { triageMessage } from '../../src/channels/slack/triage-message.ts';
import { runStaff } from '../../src/cli/staff-command.ts';
import { findOrCreateApplicantByChat } from '../../src/db/applicants.ts';
import { createFiling } from '../../src/db/filings.ts';
import { pendingOutbox } from '../../src/db/outbox.ts';
import { render } from '../../src/i18n/index.ts';
import type { StatusPingPayload } from '../../src/services/staff-outbox.ts';
import type { StaffService } from '../../src/services/staff-service.ts';
import type { StaffAction } from '../../src/services/staff-types.ts';
import { describeEachBackend } from '../support/db.ts';
import { clock, EXAMPLE, service, sh } from './staff-fixtures.ts';

// biome-ignore lint/suspicious/noExplicitAny: test documents are edited freely
type Doc = Record<string, any>;

const example = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../examples/${name}.json`, import.meta.url), 'utf8')) as Doc;

const NUMBER = '闽ICP备2026001234号';
let seq = 0;

describeEachBackend('staff service: every filing order through the review', (db) => {
  const time = clock(sh('2026-03-02T10:00:00'));
  /** Half a working day per step keeps every deadline honest without waiting on the SMS window. */
  const later = () => time.set(new Date(time.now().getTime() + 4 * 3_600_000));

  async function applicantWith() {
    seq += 1;
    const chatId = `orders-${process.pid}-${Date.now()}-${seq}`;
    return (await findOrCreateApplicantByChat(db().prisma, { channel: 'console', chatId, lang: 'en' }))
      .applicant;
  }

  /** A unique sponsor per test, so lookups by ICP number and document number meet only this test's filings. */
  function sponsorOf(doc: Doc, documentNumber: string, icpNumber = NUMBER) {
    doc.sponsor.documentNumber = documentNumber;
    if (doc.filingType !== 'first_filing') doc.icpNumber = icpNumber;
    if (Array.isArray(doc.websites))
      doc.websites.forEach((w: Record<string, unknown>, i: number) => {
        if (w.icpNumber !== undefined) w.icpNumber = `${icpNumber}-${i + 1}`;
      });
    return doc;
  }

  async function submit(staff: StaffService, applicantId: string, document: Record<string, unknown>) {
    const filing = await createFiling(db().prisma, db().pii, { applicantId, document });
    const result = await staff.onSubmitted(filing.id);
    if (!result.ok) throw new Error(result.problem.code);
    return filing.id;
  }

  async function act(staff: StaffService, filingId: string, action: StaffAction) {
    later();
    const result = await staff.act('U_STAFF1', filingId, action);
    if (!result.ok) throw new Error(`${action.type}: ${result.problem.code}`);
    return result.value.filing;
  }

  /** The applicant's pings for this filing, in order, as event → text keys. */
  async function pings(filingId: string) {
    const rows = await pendingOutbox(db().prisma, {});
    return rows
      .filter((r) => r.topic === 'status_ping' && JSON.stringify(r.payload).includes(filingId))
      .map((r) => r.payload as unknown as StatusPingPayload);
  }

  /** From second review to the decision: the same for every order. */
  async function toApproval(staff: StaffService, filingId: string, icpNumber: string) {
    await act(staff, filingId, { type: 'approve_second_review' });
    await act(staff, filingId, { type: 'submitted_to_miit' });
    await act(staff, filingId, { type: 'sms_verified' });
    return act(staff, filingId, { type: 'approve', icpNumber });
  }

  it('a change shows its diff against the filing approved here and ends with the "change approved" ping', async () => {
    const { staff } = service(db(), time.now);
    const applicant = await applicantWith();
    const documentNumber = `91350100M0001${String(seq).padStart(5, '0')}`.slice(0, 18);
    const icpNumber = `闽ICP备2026${String(seq + 100000).padStart(6, '0')}号`;

    // The first filing, approved here with the number the change will name.
    const first = await submit(
      staff,
      applicant.id,
      sponsorOf(structuredClone(EXAMPLE) as Doc, documentNumber),
    );
    await act(staff, first, { type: 'approve_first_review' });
    await act(staff, first, { type: 'record_interview', outcome: 'passed', option: 'phone' });
    expect((await toApproval(staff, first, icpNumber)).status).toBe('approved');

    const change = await submit(staff, applicant.id, sponsorOf(example('change'), documentNumber, icpNumber));
    const view = await staff.show(change);
    expect(view?.filingType).toBe('change');
    expect(view?.orderIcpNumber).toBe(icpNumber);
    expect(view?.change?.previousFilingId).toBe(first);
    expect(view?.change?.lines.map((l) => [l.path, l.before, l.after, l.declared])).toEqual([
      ['sponsor.mailingAddress', '福建省福州市鼓楼区某某路1号3层', '福建省福州市鼓楼区某某路8号5层', true],
      ['websites.1.name', '某某科技视频课堂', '某某科技在线课堂', true],
    ]);

    // Slack, in Chinese: the order, the number linked to MIIT's query site, the diff.
    const slack = JSON.stringify(triageMessage(view!, 'zh').blocks);
    expect(slack).toContain('变更备案');
    expect(slack).toContain(`<https://beian.miit.gov.cn/|${icpNumber}>`);
    expect(slack).toContain('福建省福州市鼓楼区某某路1号3层 → 福建省福州市鼓楼区某某路8号5层');

    // `icp staff show`, in English.
    const out: string[] = [];
    const code = await runStaff(['show', change], {
      serviceFor: () => staff,
      lang: 'en',
      env: {},
      out: (line) => out.push(line),
      err: (line) => out.push(line),
    });
    expect(code).toBe(0);
    const shown = out.join('\n');
    expect(shown).toContain('Order: Change of filing');
    expect(shown).toContain(
      `ICP number of the order: ${icpNumber} (look it up on https://beian.miit.gov.cn/)`,
    );
    expect(shown).toContain(`Changes against the approved filing ${first}`);
    expect(shown).toMatch(/websites\.1\.name .*某某科技视频课堂 → 某某科技在线课堂/);

    // A change keeps the interview; another number than the one it names is refused.
    expect((await act(staff, change, { type: 'approve_first_review' })).status).toBe('interview');
    await act(staff, change, { type: 'record_interview', outcome: 'passed', option: 'phone' });
    await act(staff, change, { type: 'approve_second_review' });
    await act(staff, change, { type: 'submitted_to_miit' });
    await act(staff, change, { type: 'sms_verified' });
    const wrong = await staff.act('U_STAFF1', change, { type: 'approve', icpNumber: '闽ICP备2026999999号' });
    expect(wrong).toMatchObject({ ok: false, problem: { code: 'review.icp_number_differs' } });
    expect((await act(staff, change, { type: 'approve', icpNumber })).status).toBe('approved');

    const last = (await pings(change)).at(-1)!;
    expect(last.event).toBe('approve');
    expect(last.texts[0]?.key).toBe('review:message.approved_order.change');
    expect(render('zh', last.texts[0]!)).toContain(`变更备案`);
    expect(render('en', last.texts[0]!)).toContain(`Your ICP number stays ${icpNumber}`);
  });

  it('a change on a number not approved here lists the new values of the declared sections only', async () => {
    const { staff } = service(db(), time.now);
    const applicant = await applicantWith();
    const doc = sponsorOf(
      example('change'),
      `91350100M0002${String(seq).padStart(5, '0')}`.slice(0, 18),
      '闽ICP备2026777777号',
    );
    const change = await submit(staff, applicant.id, doc);
    const view = await staff.show(change);
    expect(view?.change?.previousFilingId).toBeNull();
    const paths = view?.change?.lines.map((l) => l.path) ?? [];
    expect(paths).toContain('sponsor.mailingAddress');
    expect(paths).toContain('websites.1.name');
    expect(paths.some((p) => p.startsWith('sponsorPrincipal.') || p.startsWith('websites.0.'))).toBe(false);
    expect(JSON.stringify(triageMessage(view!, 'en').blocks)).toContain('not held here');
  });

  it('a new website takes the next number after those on filings approved here, including those a new access or a cancellation named', async () => {
    const { staff } = service(db(), time.now);
    const applicant = await applicantWith();
    const documentNumber = `91350100M0003${String(seq).padStart(5, '0')}`.slice(0, 18);
    const icpNumber = `闽ICP备2026${String(seq + 300000).padStart(6, '0')}号`;
    const throughReview = async (filingId: string) => {
      await act(staff, filingId, { type: 'approve_first_review' });
      await act(staff, filingId, { type: 'record_interview', outcome: 'passed', option: 'phone' });
      return toApproval(staff, filingId, icpNumber);
    };

    // The sponsor's site filed elsewhere as -2 moves here, and its -4 is cancelled through us: a new
    // website then gets -5, neither -1 nor a cancelled website's number.
    const access = sponsorOf(example('new-access'), documentNumber, icpNumber);
    access.websites[0].icpNumber = `${icpNumber}-2`;
    const accessId = await submit(staff, applicant.id, access);
    expect((await throughReview(accessId)).review.websiteIcpNumbers).toEqual([`${icpNumber}-2`]);
    const cancel = sponsorOf(example('cancel-website'), documentNumber, icpNumber);
    cancel.websites[0].icpNumber = `${icpNumber}-4`;
    const cancelId = await submit(staff, applicant.id, cancel);
    await act(staff, cancelId, { type: 'approve_first_review' });
    expect((await toApproval(staff, cancelId, icpNumber)).review.websiteIcpNumbers).toEqual([]);

    const websiteId = await submit(
      staff,
      applicant.id,
      sponsorOf(example('new-website'), documentNumber, icpNumber),
    );
    expect((await throughReview(websiteId)).review.websiteIcpNumbers).toEqual([`${icpNumber}-5`]);
    const last = (await pings(websiteId)).at(-1)!;
    expect(last.texts.map((t) => t.key).slice(0, 2)).toEqual([
      'review:message.approved_order.new_website',
      'review:message.website_number',
    ]);
    expect(render('en', last.texts[1]!)).toBe(`Website 1: ${icpNumber}-5`);
  });

  it('a cancellation skips the interview, says so to the applicant and staff, and ends with the "cancelled" ping', async () => {
    const { staff } = service(db(), time.now);
    const applicant = await applicantWith();
    const cancel = await submit(
      staff,
      applicant.id,
      sponsorOf(example('cancel-sponsor'), '91350100M000100Y43'),
    );

    const submitted = (await pings(cancel))[0]!;
    expect(submitted.texts.map((t) => t.key)).toContain('review:next.no_interview');
    expect(render('zh', submitted.texts.find((t) => t.key === 'review:next.no_interview')!)).toContain(
      '注销主体',
    );

    const view = await staff.show(cancel);
    expect(view?.filingType).toBe('cancel_sponsor');
    const buttons = JSON.stringify(triageMessage(view!, 'en').blocks);
    expect(buttons).toContain('Approve first review (no interview)');
    expect(JSON.stringify(triageMessage(view!, 'zh').blocks)).toContain('注销主体');

    const afterFirst = await act(staff, cancel, { type: 'approve_first_review' });
    expect(afterFirst.status).toBe('second_review');
    expect(afterFirst.actions).not.toContain('record_interview');
    expect((await pings(cancel)).at(-1)?.texts[0]?.key).toBe(
      'review:message.first_review_passed_no_interview',
    );

    const approved = await toApproval(staff, cancel, NUMBER);
    expect(approved.status).toBe('approved');
    expect(approved.review.history.map((h) => h.status)).not.toContain('interview');
    expect(approved.review.websiteIcpNumbers).toEqual([]);
    const last = (await pings(cancel)).at(-1)!;
    expect(last.texts.map((t) => t.key)).toEqual(['review:message.approved_order.cancel_sponsor']);
    expect(render('en', last.texts[0]!)).toContain(`the filing ${NUMBER} and all its websites are cancelled`);
  });
});

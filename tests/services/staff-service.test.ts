import { expect, it } from 'vitest';
import { listEvents } from '../../src/db/events.ts';
import { pendingOutbox } from '../../src/db/outbox.ts';
import { render } from '../../src/i18n/index.ts';
import type { StatusPingPayload } from '../../src/services/staff-outbox.ts';
import { describeEachBackend } from '../support/db.ts';
import { clock, draftFiling, service, sh } from './staff-fixtures.ts';

describeEachBackend('staff service', (db) => {
  async function submitted(at = sh('2026-03-02T10:00:00')) {
    const time = clock(at);
    const { staff, blobStore } = service(db(), time.now);
    const made = await draftFiling(db(), at);
    const result = await staff.onSubmitted(made.filing.id);
    if (!result.ok) throw new Error(result.problem.code);
    return { ...made, staff, blobStore, time };
  }

  it('onSubmitted starts the first review, logs it, and queues the ping and the triage message', async () => {
    const { filing, staff, applicant } = await submitted();
    const view = await staff.show(filing.id);
    expect(view?.status).toBe('first_review');
    expect(view?.version).toBe(filing.version + 1);
    // Monday 10:00 + 2 working days = Wednesday 10:00 Shanghai.
    expect(view?.stageDueAt).toBe(sh('2026-03-04T10:00:00').toISOString());
    expect(view?.actions).toEqual(['claim', 'approve_first_review', 'request_changes', 'reject']);

    const events = await listEvents(db().prisma, db().pii, { filingId: filing.id });
    expect(events.map((e) => [e.type, e.actor])).toEqual([['review.submit', `applicant:${applicant.id}`]]);
    const rows = await pendingOutbox(db().prisma, {});
    const mine = rows.filter((r) => JSON.stringify(r.payload).includes(filing.id));
    expect(mine.map((r) => [r.topic, r.orderKey])).toEqual([
      ['status_ping', `applicant:${applicant.id}`],
      ['slack_triage', `slack:${filing.id}`],
    ]);
    const ping = mine[0]!.payload as unknown as StatusPingPayload;
    expect(ping.event).toBe('submit');
    expect(ping.eta?.stageDueAt).toBe(sh('2026-03-04T10:00:00').toISOString());
    expect(ping.texts.map((t) => render('en', t))[0]).toContain('submitted');
  });

  it('refuses anyone not configured as staff and changes nothing', async () => {
    const { filing, staff } = await submitted();
    const before = await staff.show(filing.id);
    const result = await staff.act('U_STRANGER', filing.id, { type: 'claim', staffId: 'U_STRANGER' });
    expect(result).toMatchObject({ ok: false, problem: { code: 'staff.not_staff' } });
    expect((await staff.show(filing.id))?.version).toBe(before?.version);
    const events = await listEvents(db().prisma, db().pii, { filingId: filing.id });
    expect(events.map((e) => e.type)).toEqual(['review.submit']);
  });

  it('a claim records the staff member, bumps the version and sends no applicant ping', async () => {
    const { filing, staff } = await submitted();
    const before = await staff.show(filing.id);
    const result = await staff.act('U_STAFF1', filing.id, { type: 'claim', staffId: 'U_STAFF1' });
    if (!result.ok) throw new Error(result.problem.code);
    expect(result.value.filing.claimedBy).toBe('U_STAFF1');
    expect(result.value.filing.version).toBe((before?.version ?? 0) + 1);
    expect(render('en', result.value.logText)).toBe('Claimed by U_STAFF1.');
    const rows = (await pendingOutbox(db().prisma, {})).filter((r) =>
      JSON.stringify(r.payload).includes(filing.id),
    );
    expect(rows.map((r) => r.topic)).toEqual(['status_ping', 'slack_triage', 'slack_update']);
  });

  it('two clicks on the same version apply once; the second is told it was already handled', async () => {
    const { filing, staff } = await submitted();
    const version = (await staff.show(filing.id))!.version;
    const [a, b] = await Promise.all([
      staff.act('U_STAFF1', filing.id, { type: 'approve_first_review' }, { expectedVersion: version }),
      staff.act('U_STAFF2', filing.id, { type: 'approve_first_review' }, { expectedVersion: version }),
    ]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    const refused = a.ok ? b : a;
    expect(refused).toMatchObject({ ok: false, problem: { code: 'staff.already_handled' } });
    const events = await listEvents(db().prisma, db().pii, { filingId: filing.id });
    expect(events.filter((e) => e.type === 'review.approve_first_review')).toHaveLength(1);
    expect((await staff.show(filing.id))?.version).toBe(version + 1);
  });

  it('without a version, a repeated transition is refused by the workflow', async () => {
    const { filing, staff } = await submitted();
    expect((await staff.act('U_STAFF1', filing.id, { type: 'approve_first_review' })).ok).toBe(true);
    const again = await staff.act('U_STAFF1', filing.id, { type: 'approve_first_review' });
    expect(again).toMatchObject({ ok: false, problem: { code: 'review.transition_not_allowed' } });
    if (!again.ok) expect(render('en', again.problem.text)).toContain('approve_first_review');
  });

  it('request_changes records exactly the fields, documents and reason for the conversation', async () => {
    const { filing, staff } = await submitted();
    const result = await staff.act('U_STAFF1', filing.id, {
      type: 'request_changes',
      fields: ['websites.0.domains', 'sponsorPrincipal.mobiles'],
      documents: ['sponsor_certificate'],
      reason: 'The domain holder does not match the sponsor',
    });
    if (!result.ok) throw new Error(result.problem.code);
    expect(result.value.filing.status).toBe('changes_requested');
    expect(result.value.filing.review.requestedChanges).toMatchObject({
      fields: ['websites.0.domains', 'sponsorPrincipal.mobiles'],
      documents: ['sponsor_certificate'],
    });
    const rows = await pendingOutbox(db().prisma, { topic: 'status_ping' });
    const ping = rows
      .map((r) => r.payload as unknown as StatusPingPayload)
      .find((p) => p.filingId === filing.id && p.event === 'request_changes');
    expect(ping?.requestedChanges).toEqual({
      fields: ['websites.0.domains', 'sponsorPrincipal.mobiles'],
      documents: ['sponsor_certificate'],
      reason: 'The domain holder does not match the sponsor',
    });
    const lines = ping!.texts.map((t) => render('en', t));
    expect(lines).toContain('Please correct these fields:');
    // Field labels as the conversation names them, with the website number.
    expect(lines).toContain('Website 1: Domain(s)');
    const events = await listEvents(db().prisma, db().pii, {
      filingId: filing.id,
      types: ['review.request_changes'],
    });
    expect(events[0]?.data).toMatchObject({ reason: 'The domain holder does not match the sponsor' });

    // The applicant resubmits: back to first review, still showing what was asked.
    const back = await staff.onSubmitted(filing.id);
    expect(back.ok && back.value.filing.status).toBe('first_review');
    expect(back.ok && back.value.event.type).toBe('resubmit');
  });

  it('approve checks the ICP number against the sponsor province', async () => {
    const { filing, staff } = await submitted();
    for (const action of [
      { type: 'approve_first_review' },
      { type: 'record_interview', outcome: 'passed', option: 'phone' },
      { type: 'approve_second_review' },
      { type: 'submitted_to_miit' },
      { type: 'sms_verified' },
    ] as const) {
      const r = await staff.act('U_STAFF1', filing.id, action);
      expect(r.ok, action.type).toBe(true);
    }
    const wrong = await staff.act('U_STAFF1', filing.id, {
      type: 'approve',
      icpNumber: '京ICP备2021003158号',
    });
    expect(wrong).toMatchObject({ ok: false, problem: { code: 'icp_number.province_mismatch' } });
    const right = await staff.act('U_STAFF1', filing.id, {
      type: 'approve',
      icpNumber: '闽ICP备2021003158号',
    });
    expect(right.ok && right.value.filing.status).toBe('approved');
    expect(right.ok && right.value.filing.icpNumber).toBe('闽ICP备2021003158号');
    expect(await staff.find('闽ICP备2021003158号-2')).toEqual([expect.objectContaining({ id: filing.id })]);
  });

  it('lists the queue overdue first, and mine / unclaimed', async () => {
    const early = await submitted(sh('2026-03-02T09:30:00'));
    const late = await submitted(sh('2026-03-03T11:00:00'));
    await late.staff.act('U_STAFF2', late.filing.id, { type: 'claim', staffId: 'U_STAFF2' });
    // Thursday: the first filing (due Wednesday 09:30) is overdue, the second (due Thursday 11:00) not yet.
    late.time.set(sh('2026-03-05T10:00:00'));
    const all = await late.staff.list({ filter: 'all' });
    const ids = all.map((v) => v.id);
    expect(ids.indexOf(early.filing.id)).toBeLessThan(ids.indexOf(late.filing.id));
    expect(all.find((v) => v.id === early.filing.id)?.overdue).toBe(true);
    expect(all.find((v) => v.id === late.filing.id)?.overdue).toBe(false);
    const overdueFlags = all.map((v) => v.overdue);
    expect(overdueFlags).toEqual([...overdueFlags].sort((a, b) => Number(b) - Number(a)));
    const mine = await late.staff.list({ filter: 'mine', staffId: 'U_STAFF2' });
    expect(mine.map((v) => v.id)).toContain(late.filing.id);
    expect(mine.every((v) => v.claimedBy === 'U_STAFF2')).toBe(true);
    const unclaimed = await late.staff.list({ filter: 'unclaimed' });
    expect(unclaimed.map((v) => v.id)).toContain(early.filing.id);
    expect(unclaimed.map((v) => v.id)).not.toContain(late.filing.id);
  });

  it('finds by domain, sponsor name and principal name; an explicit show unmasks ID numbers, other views mask them', async () => {
    const { filing, staff, domain } = await submitted();
    expect((await staff.find(`https://${domain}/`)).map((v) => v.id)).toContain(filing.id);
    // A full name (only its keyed hash is stored), ignoring spaces; a part of it finds nothing.
    expect((await staff.find('福州某某科技有限公司')).map((v) => v.id)).toContain(filing.id);
    expect((await staff.find('王 五')).map((v) => v.id)).toContain(filing.id);
    expect((await staff.find('福州某某')).map((v) => v.id)).not.toContain(filing.id);
    expect((await staff.find('王五')).map((v) => v.id)).toContain(filing.id);
    expect(await staff.find('nothing-like-this.example.org')).toEqual([]);

    const shown = await staff.show(filing.id, { unmask: true });
    const id = shown?.details.find((d) => d.path === 'sponsorPrincipal.idNumber');
    expect(id?.value).toBe('350102198801010001');
    const listed = (await staff.find(domain))[0];
    expect(listed?.details.find((d) => d.path === 'sponsorPrincipal.idNumber')?.value).toBe(
      '**************0001',
    );
  });

  it('makes a short-lived document link on request, for staff only, and logs it', async () => {
    const { filing, document, staff, blobStore } = await submitted();
    expect(await staff.documentLink('U_STRANGER', filing.id, document.id)).toMatchObject({
      ok: false,
      problem: { code: 'staff.not_staff' },
    });
    const link = await staff.documentLink('U_STAFF1', filing.id, document.id);
    // The app's own short-lived link (decrypts on the fly), never a presigned storage URL.
    expect(link.ok && link.value.url).toMatch(/^http:\/\/127\.0\.0\.1:3002\/documents\/[\w-]+\.[\w-]+$/);
    expect(link.ok && link.value.ttlSeconds).toBe(600);
    expect(blobStore.presigned).toEqual([]);
    const other = await draftFiling(db(), new Date());
    expect(await staff.documentLink('U_STAFF1', other.filing.id, document.id)).toMatchObject({
      ok: false,
      problem: { code: 'staff.document_not_found' },
    });
    const events = await listEvents(db().prisma, db().pii, {
      filingId: filing.id,
      types: ['document_link_created'],
    });
    expect(events.map((e) => e.actor)).toEqual(['staff:U_STAFF1']);
  });

  it('recording the Slack message keeps the version (the posted buttons stay valid)', async () => {
    const { filing, staff } = await submitted();
    const before = await staff.show(filing.id);
    await staff.recordSlackMessage(filing.id, { channel: 'C1', ts: '1.0001' });
    const after = await staff.show(filing.id);
    expect(after).toMatchObject({ version: before?.version, slackChannel: 'C1', slackTs: '1.0001' });
  });
});

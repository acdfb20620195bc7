import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listEvents } from '../../../src/db/events.ts';
import { pendingOutbox } from '../../../src/db/outbox.ts';
import { pdfPages, squeeze } from '../../documents/forms/pdf-text.ts';
import { EXAMPLE } from '../../services/staff-fixtures.ts';
import {
  buttonIds,
  CHANNEL,
  click,
  deliverSlackRows,
  eventCallback,
  findButton,
  type Harness,
  plainValue,
  postedFiling,
  send,
  slashCommand,
  startHarness,
  submitModal,
} from './slack-harness.ts';

describe('Slack app (Bolt HTTP receiver against a fake Web API)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const message = (ts: string) => h.slack.messages.get(ts);
  const events = async (filingId: string) =>
    (await listEvents(h.db.prisma, h.db.pii, { filingId })).map((e) => e.type);

  it('posts the triage message with masked IDs and only the buttons valid now', async () => {
    const { ts } = await postedFiling(h);
    const posted = message(ts);
    expect(posted?.channel).toBe(CHANNEL);
    expect(buttonIds(posted)).toEqual([
      'icp:act:claim',
      'icp:act:approve_first_review',
      'icp:open:request_changes',
      'icp:open:reject',
      // Issue 13: erasure on request, at any stage.
      'icp:privacy:erase',
    ]);
    const all = JSON.stringify(posted?.blocks);
    expect(all).not.toContain('350102198801010001');
    expect(all).toContain('**************0001');
    expect(all).toContain('First review');
    expect(findButton(posted, 'icp:doc')).toBeDefined();
  });

  it('a staff click claims: message updated in place, action noted in its thread, event logged', async () => {
    const { filing, ts } = await postedFiling(h);
    const before = h.slack.callsOf('chat.update').length;
    const res = await click(h, 'U_STAFF1', ts, findButton(message(ts), 'icp:act:claim')!);
    expect(res.status).toBe(200);
    expect(h.slack.callsOf('chat.update').length).toBe(before + 1);
    expect(h.slack.callsOf('chat.update').at(-1)).toMatchObject({ channel: CHANNEL, ts });
    expect(buttonIds(message(ts))).toContain('icp:act:unclaim');
    expect(buttonIds(message(ts))).not.toContain('icp:act:claim');
    expect(JSON.stringify(message(ts)?.blocks)).toContain('<@U_STAFF1>');
    expect(h.slack.thread(ts).map((m) => m.text)).toEqual([
      expect.stringContaining('Claimed by <@U_STAFF1>'),
    ]);
    expect(await events(filing.id)).toEqual(['review.submit', 'review.claim']);
    // Delivered by the handler itself, so the worker has nothing left to send for Slack.
    expect(await pendingOutbox(h.db.prisma, { orderKey: `slack:${filing.id}` })).toHaveLength(0);
  });

  it('a forged signature gets 401 and nothing changes', async () => {
    const { filing, ts } = await postedFiling(h);
    const calls = h.slack.calls.length;
    const res = await click(h, 'U_STAFF1', ts, findButton(message(ts), 'icp:act:claim')!, {
      secret: 'not-the-secret',
    });
    expect(res.status).toBe(401);
    expect(h.slack.calls.length).toBe(calls);
    expect(await events(filing.id)).toEqual(['review.submit']);
    expect((await h.staff.show(filing.id))?.claimedBy).toBeNull();
  });

  it('a stale timestamp (over 5 minutes old) gets 401 even when correctly signed', async () => {
    const { filing, ts } = await postedFiling(h);
    const calls = h.slack.calls.length;
    const res = await click(h, 'U_STAFF1', ts, findButton(message(ts), 'icp:act:claim')!, {
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    expect(res.status).toBe(401);
    expect(h.slack.calls.length).toBe(calls);
    expect(await events(filing.id)).toEqual(['review.submit']);
  });

  it('a non-staff click gets an ephemeral refusal and nothing changes', async () => {
    const { filing, ts } = await postedFiling(h);
    const version = (await h.staff.show(filing.id))?.version;
    const res = await click(h, 'U_VISITOR', ts, findButton(message(ts), 'icp:act:approve_first_review')!);
    expect(res.status).toBe(200);
    expect(h.slack.callsOf('chat.postEphemeral').at(-1)).toMatchObject({
      channel: CHANNEL,
      user: 'U_VISITOR',
      text: expect.stringContaining('Only review staff'),
    });
    expect((await h.staff.show(filing.id))?.version).toBe(version);
    expect(await events(filing.id)).toEqual(['review.submit']);
    expect(h.slack.thread(ts)).toEqual([]);
  });

  it('a double click (same version) applies once; the second clicker is told it was handled', async () => {
    const { filing, ts } = await postedFiling(h);
    const button = findButton(message(ts), 'icp:act:approve_first_review')!;
    const [a, b] = await Promise.all([click(h, 'U_STAFF1', ts, button), click(h, 'U_STAFF2', ts, button)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(await events(filing.id)).toEqual(['review.submit', 'review.approve_first_review']);
    expect((await h.staff.show(filing.id))?.status).toBe('interview');
    expect(h.slack.callsOf('chat.postEphemeral').at(-1)).toMatchObject({
      text: expect.stringContaining('already handled'),
    });
    expect(h.slack.thread(ts)).toHaveLength(1);
    expect(buttonIds(message(ts))).toContain('icp:open:record_interview');
  });

  it('request changes: the dialog lists the filing fields; the submission records fields, documents and reason', async () => {
    const { filing, ts } = await postedFiling(h);
    await click(h, 'U_STAFF1', ts, findButton(message(ts), 'icp:open:request_changes')!);
    const opened = h.slack.callsOf('views.open').at(-1);
    expect(opened?.trigger_id).toBe(`trigger-U_STAFF1-${ts}`);
    const dialog = JSON.stringify(opened?.view);
    expect(dialog).toContain('"value":"websites.1.domains"');
    expect(dialog).toContain('Website 2 · Domain(s)');

    const empty = await submitModal(h, 'U_STAFF1', { reason: plainValue('Fix it') });
    expect(empty.json()).toMatchObject({ response_action: 'errors', errors: { fields: expect.any(String) } });
    expect(await events(filing.id)).toEqual(['review.submit']);

    const res = await submitModal(h, 'U_STAFF1', {
      fields: { value: { type: 'multi_static_select', selected_options: [{ value: 'websites.1.domains' }] } },
      documents: {
        value: { type: 'multi_static_select', selected_options: [{ value: 'domain_certificate' }] },
      },
      reason: plainValue('The second domain is registered to someone else'),
    });
    expect(res.status).toBe(200);
    expect(res.body === '' || res.json().response_action === undefined).toBe(true);
    const view = await h.staff.show(filing.id);
    expect(view?.status).toBe('changes_requested');
    expect(view?.review.requestedChanges).toMatchObject({
      fields: ['websites.1.domains'],
      documents: ['domain_certificate'],
      reason: 'The second domain is registered to someone else',
    });
    expect(h.slack.thread(ts).at(-1)?.text).toContain('websites.1.domains');
    expect(JSON.stringify(message(ts)?.blocks)).toContain('Changes requested');
  });

  it('Approved dialog: a bad ICP number is shown under its input, a good one approves', async () => {
    const { filing, ts } = await postedFiling(h);
    for (const action of [
      { type: 'approve_first_review' },
      { type: 'record_interview', outcome: 'passed', option: 'beijing_office' },
      { type: 'approve_second_review' },
      { type: 'submitted_to_miit' },
      { type: 'sms_verified' },
    ] as const) {
      const r = await h.staff.act('U_STAFF2', filing.id, action);
      expect(r.ok).toBe(true);
    }
    await deliverSlackRows(h, filing.id);
    expect(buttonIds(message(ts))).toEqual([
      'icp:act:claim',
      'icp:open:approve',
      'icp:open:administration_reject',
      'icp:privacy:erase',
    ]);
    await click(h, 'U_STAFF1', ts, findButton(message(ts), 'icp:open:approve')!);

    const bad = await submitModal(h, 'U_STAFF1', { icp_number: plainValue('京ICP备2021003158号') });
    expect(bad.json()).toMatchObject({
      response_action: 'errors',
      errors: { icp_number: expect.stringContaining('闽') },
    });
    expect((await h.staff.show(filing.id))?.status).toBe('administration_review');

    const good = await submitModal(h, 'U_STAFF1', { icp_number: plainValue('闽ICP备2021003158号') });
    expect(good.status).toBe(200);
    const view = await h.staff.show(filing.id);
    expect(view?.status).toBe('approved');
    expect(view?.icpNumber).toBe('闽ICP备2021003158号');
    // No review action left; only erasure on request (issue 13).
    expect(buttonIds(message(ts))).toEqual(['icp:privacy:erase']);
    expect(JSON.stringify(message(ts)?.blocks)).toContain('闽ICP备2021003158号');
  });

  it('a non-staff dialog submission is refused and changes nothing', async () => {
    const { filing, ts } = await postedFiling(h);
    await click(h, 'U_STAFF1', ts, findButton(message(ts), 'icp:open:reject')!);
    const res = await submitModal(h, 'U_VISITOR', { reason: plainValue('no') });
    expect(res.json()).toMatchObject({
      response_action: 'errors',
      errors: { reason: expect.stringContaining('staff') },
    });
    expect((await h.staff.show(filing.id))?.status).toBe('first_review');
  });

  it('"Get link" makes a short-lived link for staff only, as an ephemeral reply', async () => {
    const { ts, document } = await postedFiling(h);
    const button = findButton(message(ts), 'icp:doc')!;
    await click(h, 'U_VISITOR', ts, button);
    expect(h.slack.callsOf('chat.postEphemeral').at(-1)).toMatchObject({ user: 'U_VISITOR' });
    expect(h.blobStore.presigned.filter((p) => p.key === document.storageKey)).toEqual([]);
    await click(h, 'U_STAFF1', ts, button);
    expect(h.slack.callsOf('chat.postEphemeral').at(-1)).toMatchObject({
      user: 'U_STAFF1',
      text: expect.stringMatching(/http:\/\/127\.0\.0\.1:3002\/documents\/[\w-]+\.[\w-]+/),
    });
    // The app's link, not a presigned one of the (encrypted) stored object.
    expect(h.blobStore.presigned).toEqual([]);
    expect(h.slack.callsOf('chat.postEphemeral').at(-1)?.text).not.toContain(document.storageKey);
  });

  it("a form button uploads the PDF into the clicker's direct messages, never the channel; staff only", async () => {
    const { ts, filing, domain } = await postedFiling(h);
    const button = findButton(message(ts), 'icp:form:verification_form')!;
    expect(button).toBeDefined();
    await click(h, 'U_VISITOR', ts, button);
    expect(h.slack.uploads.size).toBe(0);
    expect(h.slack.callsOf('chat.postEphemeral').at(-1)).toMatchObject({ user: 'U_VISITOR' });

    await click(h, 'U_STAFF2', ts, button);
    const uploaded = [...h.slack.uploads.values()].at(-1)!;
    expect(uploaded.channel).toBe('D_U_STAFF2');
    expect(uploaded.filename).toBe('verification-form.pdf');
    const text = squeeze((await pdfPages(uploaded.bytes)).join('\n'));
    expect(text).toContain(domain);
    expect(text).toContain(squeeze(String((EXAMPLE.sponsor as { name: string }).name)));
    expect(text).toContain(String((EXAMPLE.sponsorPrincipal as { idNumber: string }).idNumber));
    expect(h.slack.callsOf('chat.postEphemeral').at(-1)).toMatchObject({ user: 'U_STAFF2' });
    expect(await events(filing.id)).toContain('staff.form_made');
  });

  it('/icp finds a filing by domain for staff and refuses others', async () => {
    const { filing, domain } = await postedFiling(h);
    const found = await slashCommand(h, 'U_STAFF2', domain);
    expect(found.status).toBe(200);
    expect(found.json()).toMatchObject({ response_type: 'ephemeral' });
    expect(found.body).toContain(filing.id);
    const refused = await slashCommand(h, 'U_VISITOR', domain);
    expect(refused.json()).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining('Only review staff'),
    });
    expect(refused.body).not.toContain(filing.id);
    const none = await slashCommand(h, 'U_STAFF2', 'no-such-site.example.org');
    expect(none.json().text).toContain('No filing matches');
  });

  it('App Home shows the queue in "mine" and "unclaimed" sections', async () => {
    const mine = await postedFiling(h);
    await h.staff.act('U_STAFF2', mine.filing.id, { type: 'claim', staffId: 'U_STAFF2' });
    const open = await postedFiling(h);
    const res = await eventCallback(h, {
      type: 'app_home_opened',
      user: 'U_STAFF2',
      channel: 'D1',
      tab: 'home',
    });
    expect(res.status).toBe(200);
    const published = h.slack.callsOf('views.publish').at(-1);
    expect(published?.user_id).toBe('U_STAFF2');
    const blocks = JSON.stringify((published?.view as { blocks?: unknown[] } | undefined)?.blocks ?? []);
    const mineAt = blocks.indexOf('Claimed by me');
    const unclaimedAt = blocks.indexOf('"Unclaimed"');
    expect(mineAt).toBeGreaterThan(-1);
    expect(unclaimedAt).toBeGreaterThan(mineAt);
    expect(blocks.indexOf(mine.filing.id)).toBeGreaterThan(mineAt);
    expect(blocks.indexOf(mine.filing.id)).toBeLessThan(unclaimedAt);
    expect(blocks.indexOf(open.filing.id)).toBeGreaterThan(unclaimedAt);
  });

  it('an overdue alert refreshes the message with the overdue flag and says so in the thread', async () => {
    const { filing, ts } = await postedFiling(h);
    const start = h.time.now();
    try {
      await h.app.publisher.deliver('slack_overdue', { filingId: filing.id });
      expect(h.slack.thread(ts)).toEqual([]);
      // Submitted Monday 10:00, first review due Wednesday 10:00; Thursday it is late.
      h.time.set(new Date(start.getTime() + 3 * 24 * 3600_000));
      await h.app.publisher.deliver('slack_overdue', { filingId: filing.id });
      expect(h.slack.thread(ts).map((m) => m.text)).toEqual([
        expect.stringContaining('Overdue: First review'),
      ]);
      expect(JSON.stringify(message(ts)?.blocks)).toContain('*Overdue*');
    } finally {
      h.time.set(start);
    }
  });

  it('answers Slack URL verification with the challenge', async () => {
    const body = JSON.stringify({ token: 'legacy', challenge: 'challenge-123', type: 'url_verification' });
    const res = await send(h, body, 'application/json');
    expect(res.status).toBe(200);
    expect(res.body).toContain('challenge-123');
  });
});

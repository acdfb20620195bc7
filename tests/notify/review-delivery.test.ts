/**
 * A review transition reaches the applicant twice, exactly once each: in the Telegram chat (the
 * fake Bot API, failing for a while) and by email (a real SMTP server on loopback, down for a
 * while). Transitions go through the staff service, which writes the status_ping rows.
 */
import { readFileSync } from 'node:fs';
import { Telegram } from 'telegraf';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { renderAll } from '../../src/channels/telegram/render.ts';
import { findOrCreateApplicantByChat, setVerifiedEmail } from '../../src/db/applicants.ts';
import { createFiling } from '../../src/db/filings.ts';
import { render } from '../../src/i18n/index.ts';
import { createSmtpMailer } from '../../src/mail/smtp-mailer.ts';
import { createChatPacer } from '../../src/notify/chat-pacer.ts';
import { interviewQuestion } from '../../src/notify/interview-question.ts';
import { createNotifier } from '../../src/notify/notifier.ts';
import { createTelegramOutbound, renderNotice } from '../../src/notify/telegram-outbound.ts';
import { chineseWorkingDayCalendar } from '../../src/review/chinese-days-source.ts';
import type { StatusPingPayload } from '../../src/services/staff-outbox.ts';
import { createStaffService } from '../../src/services/staff-service.ts';
import type { BlobStore } from '../../src/storage/blob-store.ts';
import { describeEachBackend } from '../support/db.ts';
import { type FakeBotApi, startFakeBotApi } from '../support/fake-bot-api.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.ts';
import { frozenClock, unique } from './helpers.ts';

const EXAMPLE = JSON.parse(
  readFileSync(new URL('../../examples/enterprise-two-websites.json', import.meta.url), 'utf8'),
) as { websites: { domains: string[] }[] };

const noBlobs: BlobStore = {
  put: async () => {},
  get: async () => Buffer.alloc(0),
  exists: async () => false,
  delete: async () => {},
  presignGet: async () => 'https://files.test/none',
};

let smtp: TestSmtpServer;
let fake: FakeBotApi;
beforeAll(async () => {
  smtp = await startSmtpServer();
  fake = await startFakeBotApi();
});
afterAll(async () => {
  await smtp.stop();
  await fake.close();
});

describeEachBackend('status pings by chat and by email', (db) => {
  it('each transition reaches the Telegram chat and the verified address once, in order, across outages', async () => {
    const clock = frozenClock();
    const chatId = String(700_000 + Math.floor(Math.random() * 100_000));
    const email = `${unique('owner')}@example.cn`;
    const { applicant } = await findOrCreateApplicantByChat(db().prisma, {
      channel: 'telegram',
      chatId,
      lang: 'en',
    });
    await setVerifiedEmail(db().prisma, db().pii, applicant.id, email, clock.now());
    const document = structuredClone(EXAMPLE);
    const domain = `${unique('ping')}.example.cn`;
    document.websites[0]!.domains = [domain];
    const filing = await createFiling(db().prisma, db().pii, { applicantId: applicant.id, document });

    const staff = createStaffService({
      db: db(),
      calendar: chineseWorkingDayCalendar(),
      now: clock.now,
      staffIds: ['U_STAFF'],
      blobStore: noBlobs,
    });
    const api = new Telegram(fake.token, { apiRoot: fake.apiRoot });
    const pacer = createChatPacer({
      now: () => clock.now().getTime(),
      sleep: async (ms) => clock.advance(ms),
    });
    const mailer = createSmtpMailer({
      url: smtp.url,
      from: 'ICP <noreply@icp.test>',
      connectionTimeoutMs: 1_000,
    });
    const notifier = createNotifier({
      db: db(),
      mailer,
      telegram: createTelegramOutbound(api, pacer),
      now: clock.now,
      pollMs: 0,
      sweepMs: 0,
    });

    // Both ends are down: SMTP refuses connections, the Bot API answers 502 twice, then 429.
    await smtp.stop();
    fake.failNext('sendMessage', { status: 502 }, 2);
    fake.failNext('sendMessage', { status: 429, retryAfter: 3 });

    const submitted = await staff.onSubmitted(filing.id);
    expect(submitted.ok).toBe(true);
    const approved = await staff.act('U_STAFF', filing.id, { type: 'approve_first_review' });
    expect(approved.ok).toBe(true);
    const pings = (
      await db().prisma.outbox.findMany({
        where: { topic: 'status_ping', orderKey: `applicant:${applicant.id}` },
        orderBy: { id: 'asc' },
      })
    ).map((row) => db().pii.decryptPii(row.payload) as unknown as StatusPingPayload);
    expect(pings.map((p) => p.event)).toEqual(['submit', 'approve_first_review']);

    const mailsTo = () => smtp.received.filter((m) => m.envelopeTo.includes(email));
    const delivered = () => [...(fake.messages.get(Number(chatId))?.values() ?? [])].map((m) => m.text);
    for (let round = 0; round < 12 && (delivered().length < 3 || mailsTo().length < 2); round++) {
      await notifier.worker.drain();
      if (round === 6) await smtp.start();
      clock.advance(5 * 60_000);
    }
    await notifier.worker.drain();
    await notifier.stop();

    // Chat: each ping once, in order, in the applicant's language, with the ETA; the first-review
    // ping is followed by the interview question with its buttons.
    const expectedChat = pings.map((p) =>
      renderNotice('en', p.texts)
        .map((m) => m.text)
        .join(''),
    );
    const [question] = renderAll('en', [interviewQuestion(filing.id)]);
    expect(delivered()).toEqual([...expectedChat, question!.text]);
    expect(delivered()[0]).toContain('Decision expected by');
    const buttons = [...(fake.messages.get(Number(chatId))?.values() ?? [])].at(-1)?.replyMarkup;
    expect(buttons).toEqual({ inline_keyboard: question!.keyboard });
    // Three deliveries after three failed calls (502, 502, 429).
    expect(fake.callsTo('sendMessage').filter((c) => String(c.params.chat_id) === chatId)).toHaveLength(
      3 + 3,
    );

    // Email: each ping once, in order, with the domain and the stage in the subject.
    const mails = mailsTo();
    expect(mails.map((m) => m.subject)).toEqual([
      `[ICP filing] ${domain}: ${render('en', { key: 'review:stages.first_review' })}`,
      `[ICP filing] ${domain}: ${render('en', { key: 'review:stages.interview' })}`,
    ]);
    expect(mails[1]!.text).toContain(render('en', { key: 'review:next.choose_interview' }));
    const emailRows = await db().prisma.outbox.findMany({
      where: { orderKey: `email:${applicant.id}` },
      orderBy: { id: 'asc' },
    });
    expect(emailRows.map((r) => [r.dedupeKey, r.sentAt !== null])).toEqual(
      // One mail per transition: the ping's dedupe key (filing version) plus `:email`.
      [1, 2].map((step) => [`status_ping:${filing.id}:${filing.version + step}:email`, true]),
    );
    expect(emailRows[0]!.attempts).toBeGreaterThan(1);
  });
});

/**
 * Issue 12, item 1: many chats aiming at one victim's address. The per-applicant limits allow 15
 * guesses an hour per chat; the address limits must stop the crowd, keep the victim's chat and
 * filing where they are, and cap the mail the victim's inbox receives.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADDRESS_LIMITS, maxGuessesPerAddress, takeoverChance } from '../../src/account/address-limits.ts';
import { CODE_SPACE } from '../../src/account/code-hash.ts';
import type { Outgoing } from '../../src/conversation/types.ts';
import { createSmtpMailer } from '../../src/mail/smtp-mailer.ts';
import { createNotifier } from '../../src/notify/notifier.ts';
import { ADDRESS_MOVE_DUE_TOPIC } from '../../src/services/address-move.ts';
import { addressMoveDueHandler } from '../../src/services/address-move-due.ts';
import { createRegistrationService } from '../../src/services/registration-service.ts';
import { frozenClock, unique } from '../notify/helpers.ts';
import { describeEachBackend } from '../support/db.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.ts';

let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await smtp.stop();
});

const HOUR = 60 * 60_000;
const keys = (messages: Outgoing[]) =>
  messages.map((m) =>
    m.type === 'info' ? m.text.key : m.type === 'error' ? m.problems[0]!.text.key : m.type,
  );

describeEachBackend('address limits against many chats', (db) => {
  function setup() {
    const clock = frozenClock();
    const mailer = createSmtpMailer({
      url: smtp.url,
      from: 'ICP <noreply@icp.test>',
      connectionTimeoutMs: 2_000,
    });
    // Every code is 123456 here: the attackers below only ever type other codes.
    const registration = createRegistrationService({ db: db(), now: clock.now, randomCode: () => '123456' });
    const notifier = createNotifier({
      db: db(),
      mailer,
      now: clock.now,
      pollMs: 0,
      sweepMs: 0,
      extraHandlers: { [ADDRESS_MOVE_DUE_TOPIC]: addressMoveDueHandler(registration) },
    });
    const mailsTo = (to: string) => smtp.received.filter((m) => m.envelopeTo.includes(to));
    async function victim() {
      const email = `${unique('victim')}@example.cn`;
      const chat = { channel: 'console' as const, chatId: unique('victim'), lang: 'en' as const };
      await registration.handle(chat, { type: 'text', text: email });
      const done = await registration.handle(chat, { type: 'text', text: '123456' });
      expect(done).toMatchObject({ verified: true });
      const filing = await db().prisma.filing.create({ data: { applicantId: done.applicantId } });
      return { email, chat, applicantId: done.applicantId, filingId: filing.id };
    }
    async function identityOf(chat: { channel: string; chatId: string }) {
      return db().prisma.chatIdentity.findUnique({
        where: { channel_chatId: { channel: chat.channel, chatId: chat.chatId } },
      });
    }
    return { clock, registration, notifier, mailsTo, victim, identityOf };
  }

  it('many chats guessing one address are stopped long before the code space is covered', async () => {
    const { clock, registration, notifier, mailsTo, victim, identityOf } = setup();
    const target = await victim();
    await notifier.worker.drain();
    const mailsBefore = mailsTo(target.email).length;

    // 40 attacker chats over a day, each asking for a code and typing 5 wrong ones: 200 guesses
    // that the per-applicant limits alone would all compare.
    const answers: string[] = [];
    const sendAnswers: string[] = [];
    let guess = 0;
    for (let i = 0; i < 40; i++) {
      const chat = { channel: 'console' as const, chatId: unique('attacker'), lang: 'en' as const };
      const sent = await registration.handle(chat, { type: 'text', text: target.email });
      sendAnswers.push(...keys(sent.handled ? sent.messages : []));
      for (let t = 0; t < 5; t++) {
        guess += 1;
        const r = await registration.handle(chat, { type: 'text', text: String(guess).padStart(6, '9') });
        answers.push(...keys(r.handled ? r.messages : []));
      }
      clock.advance(HOUR / 2);
    }
    const key = db().addressKey(target.email);
    const compared = await db().prisma.addressAttempt.count({ where: { addressKey: key, kind: 'wrong' } });
    // Only wrong codes that were compared are counted: at most a day's allowance, out of 200.
    expect(compared).toBe(ADDRESS_LIMITS.wrongTriesPerDay);
    expect(compared).toBeLessThanOrEqual(maxGuessesPerAddress(1));
    expect(answers.filter((k) => k === 'account:problems.code_wrong')).toHaveLength(8);
    // After the tenth wrong code the address is locked: no chat gets a code for it for a day.
    expect(sendAnswers.slice(0, 2)).toEqual(['account:prompts.code_sent', 'account:prompts.code_sent']);
    expect(new Set(sendAnswers.slice(2))).toEqual(new Set(['account:problems.address_locked']));
    // The bound: a year of this covers under 0.4 % of the million codes.
    expect(maxGuessesPerAddress(365)).toBe(3650);
    expect(takeoverChance(365)).toBeLessThan(0.004);
    expect(maxGuessesPerAddress(365)).toBeLessThan(CODE_SPACE / 250);

    // The victim keeps the chat, the account and the filing.
    expect((await identityOf(target.chat))?.applicantId).toBe(target.applicantId);
    const filing = await db().prisma.filing.findUniqueOrThrow({ where: { id: target.filingId } });
    expect(filing.applicantId).toBe(target.applicantId);
    expect(await registration.handle(target.chat, { type: 'text', text: 'answer' })).toMatchObject({
      handled: false,
      applicantId: target.applicantId,
    });

    // The inbox got two codes (the lock came after their ten wrong tries) and one lock notice.
    await notifier.worker.drain();
    const mails = mailsTo(target.email).slice(mailsBefore);
    expect(mails.map((m) => m.subject)).toEqual([
      '[ICP filing] Your email verification code',
      '[ICP filing] Your email verification code',
      'Your address was locked after wrong verification codes',
    ]);
    // The counters hold a keyed hash, never the address.
    expect(key).not.toContain('example.cn');
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    await notifier.stop();
  });

  it('caps the code mails one address receives, however many chats ask', async () => {
    const { clock, registration, notifier, mailsTo } = setup();
    const email = `${unique('flooded')}@example.cn`;
    const refused: string[] = [];
    // A new chat every 10 minutes for 25 hours.
    for (let i = 0; i < 150; i++) {
      const chat = { channel: 'console' as const, chatId: unique('flood'), lang: 'zh' as const };
      const r = await registration.handle(chat, { type: 'text', text: email });
      refused.push(...keys(r.handled ? r.messages : []).filter((k) => k !== 'account:prompts.code_sent'));
      clock.advance(10 * 60_000);
    }
    await notifier.worker.drain();
    // 10 a day: the first day's 10, then the next day's as the oldest leave the window.
    const mails = mailsTo(email).length;
    expect(mails).toBeLessThanOrEqual(ADDRESS_LIMITS.sendsPerDay * 2);
    expect(mails).toBeGreaterThanOrEqual(ADDRESS_LIMITS.sendsPerDay);
    expect(new Set(refused)).toEqual(new Set(['account:problems.address_send_limit']));
    // Counters older than the day window are gone: the table holds about a day of traffic.
    const last = clock.now().getTime() - 10 * 60_000;
    const stale = await db().prisma.addressAttempt.count({
      where: { at: { lt: new Date(last - 24 * HOUR) } },
    });
    expect(stale).toBe(0);
    await notifier.stop();
  });

  it('a right code for an address with a verified chat only opens a move, which that chat can refuse', async () => {
    const { clock, registration, notifier, victim, identityOf } = setup();
    const target = await victim();
    const other = { channel: 'console' as const, chatId: unique('phisher'), lang: 'en' as const };
    await registration.handle(other, { type: 'text', text: target.email });
    const opened = await registration.handle(other, { type: 'text', text: '123456' });
    expect(keys(opened.handled ? opened.messages : [])).toEqual(['registration:move.pending']);
    expect(opened).not.toHaveProperty('verified');
    // Until the grace period ends, nothing moves and the new chat only hears "waiting".
    expect((await identityOf(target.chat))?.applicantId).toBe(target.applicantId);
    const waiting = await registration.handle(other, { type: 'text', text: 'hello' });
    expect(keys(waiting.handled ? waiting.messages : [])).toEqual(['registration:move.pending']);

    // The holder's chat was told (console inbox) and so was the mailbox.
    await notifier.worker.drain();
    const inbox = await db().prisma.outbox.findMany({
      where: { topic: 'console_inbox', orderKey: { contains: target.chat.chatId } },
    });
    expect(inbox.length).toBeGreaterThan(0);
    const notice = smtp.received.filter((m) => m.envelopeTo.includes(target.email)).at(-1)!;
    expect(notice.subject).toBe('Your ICP filing account is moving to another chat');
    expect(notice.text).toMatch(/\/refuse [A-Z2-9]{5}-[A-Z2-9]{5}/);

    const refused = await registration.handle(target.chat, { type: 'text', text: '/refuse' });
    expect(keys(refused.handled ? refused.messages : [])).toEqual(['registration:move.refused']);
    clock.advance(25 * HOUR);
    await notifier.worker.drain();
    const after = await registration.handle(other, { type: 'command', command: 'start' });
    expect(after.applicantId).not.toBe(target.applicantId);
    expect(keys(after.handled ? after.messages : [])).toEqual(['account:prompts.ask_email']);
    expect((await identityOf(target.chat))?.applicantId).toBe(target.applicantId);
    expect((await db().prisma.filing.findUniqueOrThrow({ where: { id: target.filingId } })).applicantId).toBe(
      target.applicantId,
    );
    await notifier.stop();
  });

  it('the code in the notice mail refuses the move from any chat', async () => {
    const { clock, registration, notifier, victim, identityOf } = setup();
    const target = await victim();
    const other = { channel: 'console' as const, chatId: unique('phisher'), lang: 'en' as const };
    await registration.handle(other, { type: 'text', text: target.email });
    await registration.handle(other, { type: 'text', text: '123456' });
    await notifier.worker.drain();
    const notice = smtp.received.filter((m) => m.envelopeTo.includes(target.email)).at(-1)!;
    const code = /\/refuse ([A-Z2-9]{5}-[A-Z2-9]{5})/.exec(notice.text)![1]!;

    const stranger = { channel: 'console' as const, chatId: unique('owner-elsewhere'), lang: 'en' as const };
    const wrong = await registration.handle(stranger, { type: 'text', text: '/refuse AAAAA-BBBBB' });
    expect(keys(wrong.handled ? wrong.messages : [])).toEqual(['registration:move.refuse_unknown']);
    const right = await registration.handle(stranger, {
      type: 'text',
      text: `/refuse ${code.toLowerCase()}`,
    });
    expect(keys(right.handled ? right.messages : [])).toEqual(['registration:move.refused']);
    clock.advance(25 * HOUR);
    await notifier.worker.drain();
    expect((await identityOf(target.chat))?.applicantId).toBe(target.applicantId);
    expect((await identityOf(other))?.applicantId).not.toBe(target.applicantId);
    await notifier.stop();
  });

  it('without a refusal the move completes when the grace period ends, and the old chat is unlinked', async () => {
    const { clock, registration, notifier, victim, identityOf } = setup();
    const owner = await victim();
    const newChat = { channel: 'console' as const, chatId: unique('new-device'), lang: 'en' as const };
    await registration.handle(newChat, { type: 'text', text: owner.email });
    await registration.handle(newChat, { type: 'text', text: '123456' });
    clock.advance(ADDRESS_LIMITS.moveGraceHours * HOUR - 60_000);
    await notifier.worker.drain();
    expect((await identityOf(newChat))?.applicantId).not.toBe(owner.applicantId);

    clock.advance(60_000);
    await notifier.worker.drain();
    expect((await identityOf(newChat))?.applicantId).toBe(owner.applicantId);
    expect(await identityOf(owner.chat)).toBeNull();
    expect(await registration.handle(newChat, { type: 'text', text: 'answer' })).toMatchObject({
      handled: false,
      applicantId: owner.applicantId,
    });
    await notifier.stop();
  });
});

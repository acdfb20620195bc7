import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Outgoing } from '../../src/conversation/types.ts';
import { applicantEmail } from '../../src/db/applicants.ts';
import { render } from '../../src/i18n/index.ts';
import { createSmtpMailer } from '../../src/mail/smtp-mailer.ts';
import { createNotifier, type Notifier } from '../../src/notify/notifier.ts';
import {
  createRegistrationService,
  type RegistrationService,
} from '../../src/services/registration-service.ts';
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

const keys = (messages: Outgoing[]) =>
  messages.map((m) =>
    m.type === 'info' ? m.text.key : m.type === 'error' ? m.problems[0]!.text.key : m.type,
  );

describeEachBackend('registration in the chat, against a real SMTP server', (db) => {
  function setup() {
    const clock = frozenClock();
    const mailer = createSmtpMailer({
      url: smtp.url,
      from: 'ICP <noreply@icp.test>',
      connectionTimeoutMs: 2_000,
    });
    const notifier: Notifier = createNotifier({ db: db(), mailer, now: clock.now, pollMs: 0, sweepMs: 0 });
    const registration: RegistrationService = createRegistrationService({ db: db(), now: clock.now });
    const received = () => smtp.received.length;
    /** Delivers the queued mail and returns the code in the newest message to `to`. */
    async function codeMailedTo(to: string): Promise<string> {
      const before = received();
      await notifier.worker.drain();
      const mails = await smtp.waitForMessages(before + 1);
      const mail = mails.filter((m) => m.envelopeTo.includes(to)).at(-1);
      const code = /\b(\d{6})\b/.exec(mail?.text ?? '')?.[1];
      if (!code) throw new Error(`no code mailed to ${to}`);
      return code;
    }
    const other = (code: string) => code.replace(/^(\d)/, (d) => String((Number(d) + 1) % 10));
    return { clock, notifier, registration, codeMailedTo, other };
  }

  it('asks for the address before anything else, mails a code and verifies it', async () => {
    const { registration, codeMailedTo, notifier } = setup();
    const chat = { channel: 'telegram' as const, chatId: unique('tg'), lang: 'en' as const };
    const email = `${unique('applicant')}@example.cn`;

    const first = await registration.handle(chat, { type: 'command', command: 'start' });
    expect(first).toMatchObject({ handled: true, lang: 'en' });
    expect(keys(first.handled ? first.messages : [])).toEqual(['account:prompts.ask_email']);

    const sent = await registration.handle(chat, { type: 'text', text: email.toUpperCase() });
    expect(keys(sent.handled ? sent.messages : [])).toEqual(['account:prompts.code_sent']);
    // The code exists only in the mail: sealed in the outbox, hashed in the verification table.
    const code = await codeMailedTo(email);
    const outbox = await db().prisma.outbox.findMany({
      where: { orderKey: `email-code:${sent.applicantId}` },
    });
    const verification = await db().prisma.emailVerification.findMany({
      where: { applicantId: sent.applicantId },
    });
    expect(outbox).toHaveLength(1);
    expect(JSON.stringify(outbox[0]!.payload)).not.toContain(code);
    expect(JSON.stringify(outbox[0]!.payload)).not.toContain('example.cn');
    expect(verification[0]!.codeHash).not.toContain(code);
    // The address too is encrypted there, with its keyed hash for lookups.
    expect(verification[0]!.email).not.toContain('example.cn');
    expect(db().pii.decryptValue(verification[0]!.email)).toBe(email);
    expect(verification[0]!.emailHash).toBe(db().pii.searchHash(email));
    const mail = smtp.received.at(-1)!;
    expect(mail.subject).toBe('[ICP filing] Your email verification code');

    const done = await registration.handle(chat, {
      type: 'text',
      text: `${code.slice(0, 3)} ${code.slice(3)}`,
    });
    expect(done).toMatchObject({ handled: true, verified: true, applicantId: sent.applicantId });
    expect(keys(done.handled ? done.messages : [])).toEqual(['account:prompts.verified']);
    const applicant = await db().prisma.applicant.findUniqueOrThrow({ where: { id: sent.applicantId } });
    expect(applicant.email).not.toContain('@');
    expect(applicantEmail(db().pii, applicant)).toBe(email);
    expect(applicant.emailVerifiedAt).not.toBeNull();

    // From now on the engine answers.
    expect(await registration.handle(chat, { type: 'text', text: 'Shanghai' })).toMatchObject({
      handled: false,
    });
    await notifier.stop();
  });

  it('a wrong code says how many tries are left; the right one still works', async () => {
    const { registration, codeMailedTo, other, notifier } = setup();
    const chat = { channel: 'console' as const, chatId: unique('console'), lang: 'zh' as const };
    const email = `${unique('wrong')}@example.cn`;
    await registration.handle(chat, { type: 'text', text: email });
    const code = await codeMailedTo(email);
    const wrong = await registration.handle(chat, { type: 'text', text: other(code) });
    expect(wrong.handled && wrong.messages[0]).toMatchObject({
      type: 'error',
      problems: [{ text: { key: 'account:problems.code_wrong', params: { remaining: 4 } } }],
    });
    const notACode = await registration.handle(chat, { type: 'text', text: 'hello' });
    expect(keys(notACode.handled ? notACode.messages : [])).toEqual(['account:problems.code_format']);
    // Rendered in the applicant's language, with the way out.
    const text =
      wrong.handled && wrong.messages[0]!.type === 'error' ? wrong.messages[0]!.problems[0]!.text : undefined;
    expect(render('zh', text!)).toContain('/resend');
    expect(await registration.handle(chat, { type: 'text', text: code })).toMatchObject({ verified: true });
    await notifier.stop();
  });

  it('an expired code is refused with a way to resend; the new code works and the old one is dead', async () => {
    const { registration, codeMailedTo, clock, notifier } = setup();
    const chat = { channel: 'telegram' as const, chatId: unique('tg'), lang: 'en' as const };
    const email = `${unique('late')}@example.cn`;
    await registration.handle(chat, { type: 'text', text: email });
    const oldCode = await codeMailedTo(email);
    clock.advance(10 * 60_000);
    const expired = await registration.handle(chat, { type: 'text', text: oldCode });
    expect(keys(expired.handled ? expired.messages : [])).toEqual(['account:problems.code_expired']);

    const resent = await registration.handle(chat, { type: 'text', text: '/resend' });
    expect(keys(resent.handled ? resent.messages : [])).toEqual(['account:prompts.code_sent']);
    const newCode = await codeMailedTo(email);
    if (newCode !== oldCode) {
      const stale = await registration.handle(chat, { type: 'text', text: oldCode });
      expect(keys(stale.handled ? stale.messages : [])).toEqual(['account:problems.code_wrong']);
    }
    expect(await registration.handle(chat, { type: 'text', text: newCode })).toMatchObject({
      verified: true,
    });
    await notifier.stop();
  });

  it('after five wrong tries the code is dead, even when right; /resend gives a working one', async () => {
    const { registration, codeMailedTo, other, notifier } = setup();
    const chat = { channel: 'telegram' as const, chatId: unique('tg'), lang: 'en' as const };
    const email = `${unique('guess')}@example.cn`;
    await registration.handle(chat, { type: 'text', text: email });
    const code = await codeMailedTo(email);
    const answers: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await registration.handle(chat, { type: 'text', text: other(code) });
      answers.push(...keys(r.handled ? r.messages : []));
    }
    expect(answers.at(-1)).toBe('account:problems.too_many_tries');
    expect(answers.slice(0, 4).every((k) => k === 'account:problems.code_wrong')).toBe(true);
    const right = await registration.handle(chat, { type: 'text', text: code });
    expect(keys(right.handled ? right.messages : [])).toEqual(['account:problems.too_many_tries']);
    await registration.handle(chat, { type: 'account', command: 'resend' });
    const fresh = await codeMailedTo(email);
    expect(await registration.handle(chat, { type: 'text', text: fresh })).toMatchObject({ verified: true });
    await notifier.stop();
  });

  it('three codes per hour at most, whatever the address; the next hour allows more', async () => {
    const { registration, codeMailedTo, clock, notifier } = setup();
    const chat = { channel: 'telegram' as const, chatId: unique('tg'), lang: 'en' as const };
    const email = `${unique('limit')}@example.cn`;
    await registration.handle(chat, { type: 'text', text: email });
    clock.advance(60_000);
    await registration.handle(chat, { type: 'text', text: '/resend' });
    clock.advance(60_000);
    await registration.handle(chat, { type: 'text', text: `/email other-${email}` });
    clock.advance(60_000);
    const refused = await registration.handle(chat, { type: 'text', text: '/resend' });
    expect(refused.handled && refused.messages[0]).toMatchObject({
      type: 'error',
      problems: [{ text: { key: 'account:problems.resend_limit', params: { max: 3, minutes: 57 } } }],
    });
    const changed = await registration.handle(chat, { type: 'text', text: `/email third-${email}` });
    expect(keys(changed.handled ? changed.messages : [])).toEqual(['account:problems.resend_limit']);
    const rows = await db().prisma.emailVerification.count({ where: { applicantId: refused.applicantId } });
    expect(rows).toBe(3);

    clock.advance(57 * 60_000);
    const again = await registration.handle(chat, { type: 'text', text: '/resend' });
    expect(keys(again.handled ? again.messages : [])).toEqual(['account:prompts.code_sent']);
    // The latest code goes to the latest address; it verifies that one.
    const code = await codeMailedTo(`other-${email}`);
    expect(await registration.handle(chat, { type: 'text', text: code })).toMatchObject({ verified: true });
    const applicant = await db().prisma.applicant.findUniqueOrThrow({ where: { id: again.applicantId } });
    expect(applicant.email).not.toContain('@');
    expect(applicantEmail(db().pii, applicant)).toBe(`other-${email}`);
    await notifier.stop();
  });

  it('verifying an address held by another account moves this chat there and unlinks the other chat', async () => {
    const { registration, codeMailedTo, notifier, clock } = setup();
    const email = `${unique('mover')}@example.cn`;
    const consoleChat = { channel: 'console' as const, chatId: unique('console'), lang: 'zh' as const };
    const telegramChat = { channel: 'telegram' as const, chatId: unique('tg'), lang: 'zh' as const };
    const intruderChat = { channel: 'telegram' as const, chatId: unique('tg'), lang: 'zh' as const };

    await registration.handle(consoleChat, { type: 'text', text: email });
    const first = await registration.handle(consoleChat, { type: 'text', text: await codeMailedTo(email) });
    expect(first).toMatchObject({ verified: true });
    const accountId = first.applicantId;

    // Someone else types the address: a code goes to the mailbox, nothing moves without it.
    const intruder = await registration.handle(intruderChat, { type: 'text', text: email });
    expect(intruder.applicantId).not.toBe(accountId);
    await codeMailedTo(email);
    const guess = await registration.handle(intruderChat, { type: 'text', text: '000000' });
    expect(guess).toMatchObject({ handled: true });
    const identity = await db().prisma.chatIdentity.findUniqueOrThrow({
      where: { channel_chatId: { channel: 'telegram', chatId: intruderChat.chatId } },
    });
    expect(identity.applicantId).not.toBe(accountId);

    // The owner, now on Telegram, gets a code at the same mailbox and types it.
    await registration.handle(telegramChat, { type: 'text', text: email });
    // The console chat is a verified chat of the address: the move waits out its grace period.
    const pending = await registration.handle(telegramChat, {
      type: 'text',
      text: await codeMailedTo(email),
    });
    expect(keys(pending.handled ? pending.messages : [])).toEqual(['registration:move.pending']);
    clock.advance(24 * 60 * 60_000);
    const moved = await registration.handle(telegramChat, { type: 'text', text: 'hello' });
    expect(moved).toMatchObject({ handled: true, verified: true, applicantId: accountId });
    expect(keys(moved.handled ? moved.messages : [])).toEqual(['registration:linked']);
    const identities = await db().prisma.chatIdentity.findMany({ where: { applicantId: accountId } });
    expect(identities.map((i) => [i.channel, i.chatId])).toEqual([['telegram', telegramChat.chatId]]);
    // The console chat starts over as a new, unregistered applicant.
    const back = await registration.handle(consoleChat, { type: 'command', command: 'start' });
    expect(back.applicantId).not.toBe(accountId);
    expect(keys(back.handled ? back.messages : [])).toEqual(['account:prompts.ask_email']);
    await notifier.stop();
  });

  it('/email changes a verified address after a new code; the old one stays until then', async () => {
    const { registration, codeMailedTo, notifier } = setup();
    const chat = { channel: 'telegram' as const, chatId: unique('tg'), lang: 'en' as const };
    const email = `${unique('old')}@example.cn`;
    const next = `${unique('new')}@example.cn`;
    await registration.handle(chat, { type: 'text', text: email });
    await registration.handle(chat, { type: 'text', text: await codeMailedTo(email) });

    const ask = await registration.handle(chat, { type: 'text', text: '/email' });
    expect(keys(ask.handled ? ask.messages : [])).toEqual(['account:prompts.ask_new_email']);
    const sent = await registration.handle(chat, { type: 'text', text: next });
    expect(keys(sent.handled ? sent.messages : [])).toEqual(['account:prompts.code_sent']);
    let applicant = await db().prisma.applicant.findUniqueOrThrow({ where: { id: sent.applicantId } });
    expect(applicant.email).not.toContain('@');
    expect(applicantEmail(db().pii, applicant)).toBe(email);
    const pending = await registration.handle(chat, { type: 'choice', token: 't', value: 'x' });
    expect(keys(pending.handled ? pending.messages : [])).toEqual(['account:prompts.ask_code']);

    await registration.handle(chat, { type: 'text', text: await codeMailedTo(next) });
    applicant = await db().prisma.applicant.findUniqueOrThrow({ where: { id: sent.applicantId } });
    expect(applicant.email).not.toContain('@');
    expect(applicantEmail(db().pii, applicant)).toBe(next);

    // A change can also be called off.
    await registration.handle(chat, { type: 'text', text: `/email ${email}x` });
    const cancelled = await registration.handle(chat, { type: 'command', command: 'cancel' });
    expect(keys(cancelled.handled ? cancelled.messages : [])).toEqual(['registration:change_cancelled']);
    expect(await registration.handle(chat, { type: 'text', text: 'answer' })).toMatchObject({
      handled: false,
    });
    await notifier.stop();
  });
});

/**
 * Consent before collection, through the applicant front as start-app wires it: the first message
 * gets the notice, nothing but the decision is stored until both consents are given, a refusal
 * ends politely, and a new text version asks again at the next message.
 */
import { expect, it } from 'vitest';
import { findApplicantByChat } from '../../src/db/applicants.ts';
import { verificationsOfAddress } from '../../src/db/email-verifications.ts';
import { t } from '../../src/i18n/index.ts';
import { CONSENT_FIELD_ID } from '../../src/privacy/rules/consent.ts';
import { unique } from '../notify/helpers.ts';
import { describeEachBackend } from '../support/db.ts';
import { ChatDriver, settableClock, wiredApp } from './harness.ts';

const AT = new Date('2026-03-02T02:00:00Z');

describeEachBackend('consent gate', (db) => {
  it('refused: the database holds the refusal and nothing else of that chat (no account, email, answer)', async () => {
    const clock = settableClock(AT);
    const chat = new ChatDriver(wiredApp(db(), { now: clock.now }), {
      channel: 'telegram',
      chatId: unique('tg'),
      lang: 'en',
    });
    await chat.type('/start');
    expect(chat.question.fieldId).toBe(CONSENT_FIELD_ID);
    expect(chat.texts()).toContain('MIIT');
    expect(chat.texts()).toContain('/export');
    await chat.press('refused');
    expect(chat.texts()).toBe(t('en', 'privacy:consent.refused'));
    // Typing an address anyway: asked again, the address is not kept.
    const email = `${unique('refuser')}@example.cn`;
    await chat.type(email);
    expect(chat.question.fieldId).toBe(CONSENT_FIELD_ID);

    const prisma = db().prisma;
    expect(await findApplicantByChat(prisma, chat.chat)).toBeNull();
    expect(await prisma.chatIdentity.count({ where: { chatId: chat.chat.chatId } })).toBe(0);
    expect(await prisma.applicant.count({ where: { emailHash: { in: db().pii.searchHashes(email) } } })).toBe(
      0,
    );
    expect(await prisma.emailVerification.count({ where: verificationsOfAddress(db().pii, email) })).toBe(0);
    const everything = await prisma.$queryRaw<{ n: bigint }[]>`
      SELECT (SELECT count(*) FROM outbox WHERE payload::text LIKE ${`%${chat.chat.chatId}%`} OR order_key LIKE ${`%${chat.chat.chatId}%`})
           + (SELECT count(*) FROM events WHERE data::text LIKE ${`%${email}%`})
           + (SELECT count(*) FROM conversations c JOIN chat_identities i ON i.applicant_id = c.applicant_id
              WHERE i.chat_id = ${chat.chat.chatId}) AS n`;
    expect(Number(everything[0]!.n)).toBe(0);
    const consents = await prisma.consent.findMany({ where: { chatId: chat.chat.chatId } });
    expect(
      consents.map((c) => [c.scope, c.decision, c.channel, c.version, c.createdAt.toISOString()]),
    ).toEqual([['general', 'refused', 'telegram', 1, AT.toISOString()]]);
  });

  it('agreed to both: recorded with version, time and channel, then the account email is asked', async () => {
    const clock = settableClock(AT);
    const chat = new ChatDriver(wiredApp(db(), { now: clock.now }), {
      channel: 'console',
      chatId: unique('console'),
      lang: 'zh',
    });
    await chat.type('你好');
    expect(chat.question.fieldId).toBe(CONSENT_FIELD_ID);
    // Nothing stored before "I agree".
    expect(await db().prisma.consent.count({ where: { chatId: chat.chat.chatId } })).toBe(0);
    await chat.type('同意');
    expect(chat.question.title.key).toBe('privacy:consent.sensitive.title');
    expect(await findApplicantByChat(db().prisma, chat.chat)).toBeNull();
    await chat.press('agreed');
    expect(chat.texts('zh')).toContain(t('zh', 'account:prompts.ask_email'));
    const rows = await db().prisma.consent.findMany({
      where: { chatId: chat.chat.chatId },
      orderBy: { id: 'asc' },
    });
    expect(rows.map((r) => [r.scope, r.decision, r.version, r.channel, r.lang])).toEqual([
      ['general', 'agreed', 1, 'console', 'zh'],
      ['sensitive', 'agreed', 1, 'console', 'zh'],
    ]);
  });

  it('refusing the sensitive part stores no account either', async () => {
    const chat = new ChatDriver(wiredApp(db(), { now: () => AT }), {
      channel: 'telegram',
      chatId: unique('tg'),
      lang: 'en',
    });
    await chat.type('hi');
    await chat.press('agreed');
    await chat.press('refused');
    expect(chat.texts()).toBe(t('en', 'privacy:consent.refused'));
    expect(await findApplicantByChat(db().prisma, chat.chat)).toBeNull();
    // Writing again asks for the part still missing; a press on the old general button is stale.
    await chat.type('hello again');
    expect(chat.question.title.key).toBe('privacy:consent.sensitive.title');
    await chat.send({ type: 'choice', token: 'pc1g', value: 'agreed' });
    expect(chat.question.title.key).toBe('privacy:consent.sensitive.title');
    expect(await db().prisma.consent.count({ where: { chatId: chat.chat.chatId } })).toBe(2);
  });

  it('a new text version asks again at the next message, then goes back to where the filing stands', async () => {
    const chat = new ChatDriver(wiredApp(db(), { now: () => AT }), {
      channel: 'telegram',
      chatId: unique('tg'),
      lang: 'en',
    });
    await chat.consentAndRegister(`${unique('v')}@example.cn`);
    const first = chat.question;
    expect(first.fieldId).not.toBe(CONSENT_FIELD_ID);
    // The texts changed (as if CONSENT_VERSION were bumped): what was agreed is an older version.
    await db().prisma.consent.updateMany({ where: { chatId: chat.chat.chatId }, data: { version: 0 } });
    await chat.type('something');
    expect(chat.question.fieldId).toBe(CONSENT_FIELD_ID);
    await chat.press('agreed');
    await chat.press('agreed');
    expect(chat.question.fieldId).toBe(first.fieldId);
  });
});

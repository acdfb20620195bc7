import { expect, it } from 'vitest';
import { findOrCreateApplicantByChat, setVerifiedEmail } from '../../src/db/applicants.ts';
import { withConversationLock } from '../../src/db/conversations.ts';
import { createFiling } from '../../src/db/filings.ts';
import type { Mailer, MailMessage } from '../../src/mail/mailer.ts';
import { takeConsoleInbox } from '../../src/notify/console-inbox.ts';
import { createNotifier } from '../../src/notify/notifier.ts';
import { sweepReminders } from '../../src/notify/reminders.ts';
import { describeEachBackend } from '../support/db.ts';
import { frozenClock, unique } from './helpers.ts';

const HOUR = 3_600_000;

function recordingMailer(): Mailer & { sent: MailMessage[] } {
  const sent: MailMessage[] = [];
  return {
    sent,
    send: async (message) => {
      sent.push(message);
      return { messageId: `<${sent.length}@test>` };
    },
    close() {},
  };
}

describeEachBackend('reminders', (db) => {
  async function consoleApplicant(lang: 'zh' | 'en', email?: string) {
    const chatId = unique('console');
    const { applicant } = await findOrCreateApplicantByChat(db().prisma, {
      channel: 'console',
      chatId,
      lang,
    });
    if (email) {
      await setVerifiedEmail(db().prisma, db().pii, applicant.id, email, new Date());
    }
    return { applicant, chatId };
  }

  async function idleDraft(applicantId: string, phase: string, idleSince: Date) {
    const conversationId = await withConversationLock(db(), applicantId, async (conversation) => {
      await conversation.save({ version: 1, phase, lang: 'en' });
      return conversation.id;
    });
    await db().prisma
      .$executeRaw`UPDATE conversations SET updated_at = ${idleSince} WHERE id = ${conversationId}::uuid`;
    return conversationId;
  }

  /** The sweep's own rows (not the `:email` / `:console` rows their delivery derives). */
  async function rowsFor(prefix: string) {
    return db().prisma.outbox.findMany({
      where: { dedupeKey: { startsWith: prefix }, topic: { in: ['reminder', 'slack_overdue'] } },
      orderBy: { id: 'asc' },
    });
  }

  it('a draft idle for 24 h gets one reminder in the chat and by email; a new idle period gets another', async () => {
    const clock = frozenClock();
    const email = `${unique('idle')}@example.cn`;
    const { applicant, chatId } = await consoleApplicant('en', email);
    const conversationId = await idleDraft(
      applicant.id,
      'asking',
      new Date(clock.now().getTime() - 25 * HOUR),
    );
    const mailer = recordingMailer();
    const notifier = createNotifier({ db: db(), mailer, now: clock.now, pollMs: 0, sweepMs: 0 });

    await sweepReminders(db(), clock.now());
    await sweepReminders(db(), clock.now());
    expect(await rowsFor(`reminder:draft_idle:${conversationId}:`)).toHaveLength(1);
    await notifier.worker.drain();

    const shown = await takeConsoleInbox(db(), chatId, clock.now());
    expect(shown.map((m) => (m.type === 'info' ? m.text.key : m.type))).toEqual([
      'notify:reminders.draft_idle',
      'notify:reminders.draft_continue',
    ]);
    expect(await takeConsoleInbox(db(), chatId, clock.now())).toEqual([]);
    const mine = mailer.sent.filter((m) => m.to === email);
    expect(mine.map((m) => m.subject)).toEqual(['[ICP filing] Your filing is waiting for you']);

    // The applicant comes back, then leaves again for a day: one more reminder.
    await idleDraft(applicant.id, 'documents', new Date(clock.now().getTime() - 2 * HOUR));
    await sweepReminders(db(), clock.now());
    expect(await rowsFor(`reminder:draft_idle:${conversationId}:`)).toHaveLength(1);
    clock.advance(23 * HOUR);
    await sweepReminders(db(), clock.now());
    expect(await rowsFor(`reminder:draft_idle:${conversationId}:`)).toHaveLength(2);
    await notifier.stop();
  });

  it('no reminder for a fresh draft, a submitted conversation or a long-abandoned draft', async () => {
    const clock = frozenClock();
    const fresh = await consoleApplicant('zh');
    const done = await consoleApplicant('zh');
    const old = await consoleApplicant('zh');
    const ids = [
      await idleDraft(fresh.applicant.id, 'asking', new Date(clock.now().getTime() - 23 * HOUR)),
      await idleDraft(done.applicant.id, 'submitted', new Date(clock.now().getTime() - 30 * HOUR)),
      await idleDraft(old.applicant.id, 'asking', new Date(clock.now().getTime() - 8 * 24 * HOUR)),
    ];
    await sweepReminders(db(), clock.now());
    for (const id of ids) expect(await rowsFor(`reminder:draft_idle:${id}:`)).toHaveLength(0);
  });

  it('the MIIT SMS pending for 12 h gets one reminder with the deadline; overdue stages one Slack alert each', async () => {
    const clock = frozenClock();
    const now = clock.now().getTime();
    const { applicant, chatId } = await consoleApplicant('en');
    const sms = await createFiling(db().prisma, db().pii, {
      applicantId: applicant.id,
      document: {},
      status: 'miit_sms_check',
    });
    await db().prisma.filing.update({
      where: { id: sms.id },
      data: { stageStartedAt: new Date(now - 13 * HOUR), stageDueAt: new Date(now + 11 * HOUR) },
    });
    const recent = await createFiling(db().prisma, db().pii, {
      applicantId: applicant.id,
      document: {},
      status: 'miit_sms_check',
    });
    await db().prisma.filing.update({
      where: { id: recent.id },
      data: { stageStartedAt: new Date(now - 11 * HOUR), stageDueAt: new Date(now + 13 * HOUR) },
    });
    const late = await createFiling(db().prisma, db().pii, {
      applicantId: applicant.id,
      document: {},
      status: 'first_review',
    });
    await db().prisma.filing.update({
      where: { id: late.id },
      data: { stageStartedAt: new Date(now - 72 * HOUR), stageDueAt: new Date(now - HOUR) },
    });

    const alerts: unknown[] = [];
    const notifier = createNotifier({
      db: db(),
      mailer: recordingMailer(),
      slack: { deliver: async (topic, payload) => void alerts.push({ topic, ...payload }) },
      now: clock.now,
      pollMs: 0,
      sweepMs: 0,
    });
    await notifier.reminders.sweep();
    await notifier.reminders.sweep();
    expect(await rowsFor(`reminder:miit_sms:${sms.id}:`)).toHaveLength(1);
    expect(await rowsFor(`reminder:miit_sms:${recent.id}:`)).toHaveLength(0);
    expect(await rowsFor(`alert:overdue:${late.id}:first_review:`)).toHaveLength(1);
    expect(await rowsFor(`alert:overdue:${sms.id}:`)).toHaveLength(0);
    await notifier.worker.drain();

    const shown = await takeConsoleInbox(db(), chatId, clock.now());
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ type: 'info', text: { key: 'notify:reminders.miit_sms' } });
    expect(alerts.filter((a) => (a as { filingId: string }).filingId === late.id)).toEqual([
      expect.objectContaining({
        topic: 'slack_overdue',
        status: 'first_review',
        logText: expect.objectContaining({ key: 'notify:alerts.overdue' }),
      }),
    ]);
    await notifier.stop();
  });
});

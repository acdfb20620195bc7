/**
 * Retention with an injected clock: an idle draft is warned 7 days before DRAFT_RETENTION_DAYS and
 * erased only after that warning has had its 7 days; an answer resets the clock; the files of a
 * decided filing go DOCUMENT_RETENTION_DAYS after the decision; the sweep logs counts only.
 */
import { expect, it } from 'vitest';
import { findApplicantByChat } from '../../src/db/applicants.ts';
import { render } from '../../src/i18n/index.ts';
import { startReminderSweeper } from '../../src/notify/reminders.ts';
import { ERASURE_TOPIC } from '../../src/privacy/erasure.ts';
import { sweepRetention } from '../../src/privacy/retention-sweep.ts';
import type { ErasureJob } from '../../src/privacy/rules/erasure-rules.ts';
import { individual } from '../conversation/fixtures/real-scripts.ts';
import { recordingLogger, unique } from '../notify/helpers.ts';
import { draftFiling } from '../services/staff-fixtures.ts';
import { describeEachBackend } from '../support/db.ts';
import { ChatDriver, RETENTION, settableClock, wiredApp } from './harness.ts';

const DAY = 86_400_000;
const START = new Date('2026-03-02T02:00:00Z');

describeEachBackend('retention', (db) => {
  async function runQueuedErasures(app: ReturnType<typeof wiredApp>) {
    const rows = await db().prisma.outbox.findMany({ where: { topic: ERASURE_TOPIC, sentAt: null } });
    for (const row of rows) {
      await app.erasure.run(row.payload as unknown as ErasureJob);
      await db().prisma.outbox.update({ where: { id: row.id }, data: { sentAt: new Date() } });
    }
    return rows.length;
  }

  async function idleDraft(app: ReturnType<typeof wiredApp>, touchedAt: Date) {
    const chat = new ChatDriver(app, { channel: 'telegram', chatId: unique('tg'), lang: 'en' });
    await chat.consentAndRegister(`${unique('idle')}@example.cn`);
    await chat.file(individual, (q) => q.path === 'sponsor.name');
    const applicant = await findApplicantByChat(db().prisma, chat.chat);
    await db().prisma
      .$executeRaw`UPDATE conversations SET updated_at = ${touchedAt} WHERE applicant_id = ${applicant!.id}::uuid`;
    return { chat, applicantId: applicant!.id };
  }

  it('an idle draft: warned 7 days before day 90, erased only once the warning is 7 days old; the account stays', async () => {
    const clock = settableClock(START);
    const app = wiredApp(db(), { now: clock.now });
    const { applicantId } = await idleDraft(app, START);
    const conversationCount = () => db().prisma.conversation.count({ where: { applicantId } });

    clock.set(new Date(START.getTime() + 82 * DAY));
    expect((await sweepRetention(db(), clock.now(), RETENTION)).draftWarnings).toBe(0);
    // Warned a day late (day 84): the erasure is announced for 7 days later, day 91.
    clock.set(new Date(START.getTime() + 84 * DAY));
    expect(await sweepRetention(db(), clock.now(), RETENTION)).toMatchObject({
      draftWarnings: 1,
      draftErasures: 0,
    });
    const warning = await db().prisma.outbox.findFirstOrThrow({
      where: { topic: 'reminder', orderKey: `applicant:${applicantId}` },
    });
    const payload = warning.payload as {
      kind: string;
      texts: { key: string; params: Record<string, string> }[];
    };
    expect(payload.kind).toBe('draft_retention');
    expect(render('en', payload.texts[0]!)).toContain('2026-06-01');
    // Once per idle period.
    expect((await sweepRetention(db(), clock.now(), RETENTION)).draftWarnings).toBe(0);

    // Day 90: idle long enough, but the warning is only 6 days old: kept.
    clock.set(new Date(START.getTime() + 90 * DAY));
    expect((await sweepRetention(db(), clock.now(), RETENTION)).draftErasures).toBe(0);
    clock.set(new Date(START.getTime() + 91 * DAY));
    expect((await sweepRetention(db(), clock.now(), RETENTION)).draftErasures).toBe(1);
    expect((await sweepRetention(db(), clock.now(), RETENTION)).draftErasures).toBe(0);
    expect(await conversationCount()).toBe(1);
    expect(await runQueuedErasures(app)).toBe(1);
    expect(await conversationCount()).toBe(0);
    expect(await db().prisma.filing.count({ where: { applicantId } })).toBe(0);
    const account = await db().prisma.applicant.findUniqueOrThrow({ where: { id: applicantId } });
    expect(account.email).not.toBeNull();
  });

  it('an answer after the warning keeps the draft', async () => {
    const clock = settableClock(START);
    const app = wiredApp(db(), { now: clock.now });
    const { chat, applicantId } = await idleDraft(app, START);
    clock.set(new Date(START.getTime() + 85 * DAY));
    expect((await sweepRetention(db(), clock.now(), RETENTION)).draftWarnings).toBe(1);
    await chat.send({ type: 'command', command: 'summary' });
    clock.set(new Date(START.getTime() + 95 * DAY));
    expect((await sweepRetention(db(), clock.now(), RETENTION)).draftErasures).toBe(0);
    expect(await db().prisma.conversation.count({ where: { applicantId } })).toBe(1);
  });

  it('the files of a decided filing go 180 days after the decision; its answers stay; counts are logged, nothing else', async () => {
    const clock = settableClock(START);
    const app = wiredApp(db(), { now: clock.now });
    const { filing, document } = await draftFiling(db(), START);
    await app.blobs.put(document.storageKey, Buffer.from('jpeg'), 'image/jpeg');
    await db().prisma.filing.update({
      where: { id: filing.id },
      data: { status: 'approved', icpNumber: '闽ICP备2026000001号', stageStartedAt: START },
    });
    const logger = recordingLogger();
    const sweeper = startReminderSweeper({
      db: db(),
      now: clock.now,
      intervalMs: 0,
      logger,
      extraSweep: (at) => sweepRetention(db(), at, RETENTION).then((r) => ({ ...r })),
    });
    clock.set(new Date(START.getTime() + 179 * DAY));
    await sweeper.sweep();
    expect(
      await db().prisma.outbox.count({ where: { topic: ERASURE_TOPIC, orderKey: `privacy:${filing.id}` } }),
    ).toBe(0);
    clock.set(new Date(START.getTime() + 180 * DAY));
    await sweeper.sweep();
    await sweeper.stop();
    await runQueuedErasures(app);
    expect(await app.blobs.exists(document.storageKey)).toBe(false);
    expect(await db().prisma.document.count({ where: { filingId: filing.id } })).toBe(0);
    const after = await db().prisma.filing.findUniqueOrThrow({ where: { id: filing.id } });
    expect(after.documentsErasedAt?.toISOString()).toBe(clock.now().toISOString());
    expect(after.erasedAt).toBeNull();
    expect(after.sponsorName).toBe(filing.sponsorName);
    const logged = logger.records.find((r) => r.msg === 'scheduled work queued');
    expect(logged?.obj).toMatchObject({ documentErasures: 1 });
    expect(Object.values(logged!.obj).every((v) => typeof v === 'number')).toBe(true);
  });
});

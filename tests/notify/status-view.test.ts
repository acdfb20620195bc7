import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { findOrCreateApplicantByChat } from '../../src/db/applicants.ts';
import { createFiling } from '../../src/db/filings.ts';
import { render } from '../../src/i18n/index.ts';
import { takeConsoleInbox } from '../../src/notify/console-inbox.ts';
import { interviewQuestion } from '../../src/notify/interview-question.ts';
import { createNotifier } from '../../src/notify/notifier.ts';
import { loadStatusView, renderStatusView } from '../../src/notify/status-view.ts';
import { chineseWorkingDayCalendar } from '../../src/review/chinese-days-source.ts';
import type { StatusPingPayload } from '../../src/services/staff-outbox.ts';
import { createStaffService } from '../../src/services/staff-service.ts';
import type { BlobStore } from '../../src/storage/blob-store.ts';
import { describeEachBackend } from '../support/db.ts';
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

describeEachBackend('console pings and /status', (db) => {
  it('a console applicant finds each ping at the next prompt, once, and /status shows stages, history and ETA', async () => {
    const clock = frozenClock();
    const chatId = unique('console');
    const { applicant } = await findOrCreateApplicantByChat(db().prisma, {
      channel: 'console',
      chatId,
      lang: 'zh',
    });
    const document = structuredClone(EXAMPLE);
    const domain = `${unique('status')}.example.cn`;
    document.websites[0]!.domains = [domain];
    const filing = await createFiling(db().prisma, db().pii, { applicantId: applicant.id, document });
    const calendar = chineseWorkingDayCalendar();
    const staff = createStaffService({
      db: db(),
      calendar,
      now: clock.now,
      staffIds: ['U1'],
      blobStore: noBlobs,
    });
    const notifier = createNotifier({
      db: db(),
      mailer: { send: async () => ({ messageId: 'x' }), close() {} },
      now: clock.now,
      pollMs: 0,
      sweepMs: 0,
    });

    expect(await loadStatusView(db(), applicant.id, { now: clock.now(), calendar })).toBeUndefined();
    await staff.onSubmitted(filing.id);
    clock.advance(3_600_000);
    await staff.act('U1', filing.id, { type: 'approve_first_review' });
    await notifier.worker.drain();
    await notifier.worker.drain();
    await notifier.stop();

    const pings = await db().prisma.outbox.findMany({
      where: { topic: 'status_ping', orderKey: `applicant:${applicant.id}` },
      orderBy: { id: 'asc' },
    });
    const texts = pings.flatMap((row) => (row.payload as unknown as StatusPingPayload).texts);
    const shown = await takeConsoleInbox(db(), chatId, clock.now());
    // The first-review ping ends with the interview question (buttons/numbers to choose with).
    expect(shown).toEqual([...texts.map((text) => ({ type: 'info', text })), interviewQuestion(filing.id)]);
    expect(await takeConsoleInbox(db(), chatId, clock.now())).toEqual([]);

    const view = await loadStatusView(db(), applicant.id, { now: clock.now(), calendar });
    expect(view).toMatchObject({ filingId: filing.id, domain, status: 'interview' });
    const lines = renderStatusView('en', view!);
    expect(lines[0]).toBe(`ICP filing for ${domain}`);
    expect(lines[1]).toMatch(/^✅ Submitted → ✅ First review → ⏳ Interview → ○ Second review/);
    expect(lines.join('\n')).toContain('Decision expected by');
    expect(lines.at(-1)!.split('\n')).toHaveLength(1 + view!.history.length);
    expect(renderStatusView('zh', view!)[0]).toBe(`${domain} 的 ICP 备案`);
    expect(render('en', view!.history[0]!)).toMatch(/Submitted$/);
  });
});

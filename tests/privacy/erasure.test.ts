/**
 * `/delete` mid-filing, after submission and after approval, through the applicant front as
 * start-app wires it, then every table and every stored file is searched for the applicant's
 * values: only the legal minimum of an approved filing may remain (the console's exports and forms
 * under DATA_DIR and the address guards' rows included). And an erasure interrupted
 * halfway (the process dies between two file deletions) is finished by the rerun.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { findApplicantByChat } from '../../src/db/applicants.ts';
import { getFiling } from '../../src/db/filings.ts';
import { ERASURE_TOPIC } from '../../src/privacy/erasure.ts';
import { formsFolder } from '../../src/privacy/local-copies.ts';
import { DELETE_FIELD_ID } from '../../src/privacy/rules/delete-confirmation.ts';
import type { ErasureJob } from '../../src/privacy/rules/erasure-rules.ts';
import { databasePendingUploads } from '../../src/services/database-pending-uploads.ts';
import { LocalBlobStore } from '../../src/storage/local-blob-store.ts';
import { individual } from '../conversation/fixtures/real-scripts.ts';
import { unique } from '../notify/helpers.ts';
import { describeEachBackend } from '../support/db.ts';
import { ChatDriver, wiredApp } from './harness.ts';
import { filesQuoting, filesUnder, findValues } from './scan.ts';

/** The script's personal values (the principal is also the individual sponsor). */
const PERSONAL = [
  '350102198001011233',
  '13800138000',
  '13900139000',
  '0591-87654321',
  'zhangsan@example.cn',
  '福建省福州市鼓楼区某某路1号',
  '上海市浦东新区某某路100弄2号',
  '2035-06-30',
];
const MARKER = 'photo-of-350102198001011233';

describeEachBackend('erasure', (db) => {
  async function applicantChat() {
    const app = wiredApp(db(), { now: () => new Date() });
    const chat = new ChatDriver(app, { channel: 'telegram', chatId: unique('tg'), lang: 'en' });
    const email = `${unique('owner')}@example.cn`;
    await chat.consentAndRegister(email);
    return { app, chat, email };
  }

  async function deleteEverything(chat: ChatDriver) {
    await chat.type('/delete');
    expect(chat.question.fieldId).toBe(DELETE_FIELD_ID);
    await chat.press('confirm');
  }

  it('mid-filing: nothing of the applicant remains, in any table or file', async () => {
    const { app, chat, email } = await applicantChat();
    await chat.file(individual, (q) => q.path === 'websites.0.name');
    const keys = await chat.uploadMissing(MARKER).catch(() => []);
    const applicant = await findApplicantByChat(db().prisma, chat.chat);
    expect(await findValues(db(), [email, ...PERSONAL])).not.toEqual([]);
    // A document tapped on Telegram, its photo not sent yet.
    await databasePendingUploads(db(), { channel: 'telegram' }).set(chat.chat.chatId, {
      expecting: { kind: 'sponsor_principal_id_front' },
    });

    await deleteEverything(chat);
    expect(chat.texts()).toContain('Your personal data has been erased');
    expect(await findValues(db(), [email, ...PERSONAL, chat.chat.chatId])).toEqual([]);
    expect(filesQuoting(join(app.dataDir, 'files'), MARKER)).toEqual([]);
    for (const key of keys) expect(await app.blobs.exists(key)).toBe(false);
    const row = await db().prisma.applicant.findUniqueOrThrow({ where: { id: applicant!.id } });
    expect(row.email).toBeNull();
    expect(row.erasedAt).not.toBeNull();
    // Writing again starts from the beginning: consent first.
    await chat.type('hello');
    expect(chat.question.fieldId).toBe('@privacy_consent');
  });

  it('on the console: its exports and forms under DATA_DIR, its address moves, counters and lock go too', async () => {
    const app = wiredApp(db(), { now: () => new Date() });
    const chat = new ChatDriver(app, { channel: 'console', chatId: unique('console'), lang: 'en' });
    const email = `${unique('owner')}@example.cn`;
    await chat.consentAndRegister(email);
    await chat.file(individual, (q) => q.path === 'websites.0.name');
    await chat.type('/export');
    expect(chat.texts()).toContain('written to');
    const { applicantId, filingId } = await app.applicant.currentFiling(chat.chat);
    // Where the console channel writes the filing's printable forms (console-channel.ts).
    mkdirSync(formsFolder(app.dataDir, filingId), { recursive: true });
    writeFileSync(join(formsFolder(app.dataDir, filingId), 'form.pdf'), `PDF of ${PERSONAL[0]}`);
    // A second chat proving the same address opens a move of it (issue 12): a row naming this account.
    await new ChatDriver(app, { channel: 'telegram', chatId: unique('tg'), lang: 'en' }).consentAndRegister(
      email,
    );
    expect(await db().prisma.addressMove.count({ where: { holderId: applicantId } })).toBe(1);
    // A lock of the address (ten wrong codes) is the address's too.
    const addressKey = db().addressKey(email);
    await db().prisma.addressLock.create({
      data: { addressKey, lockedAt: new Date(), lockedUntil: new Date(Date.now() + 3_600_000) },
    });
    expect(await findValues(db(), [addressKey])).toContain(`address_attempts: ${addressKey}`);
    expect(filesQuoting(app.dataDir, PERSONAL[0]!).length).toBe(2);

    await deleteEverything(chat);
    expect(chat.texts()).toContain('Your personal data has been erased');
    expect(filesUnder(join(app.dataDir, 'exports'))).toEqual([]);
    expect(filesUnder(join(app.dataDir, 'forms'))).toEqual([]);
    expect(filesQuoting(app.dataDir, PERSONAL[0]!)).toEqual([]);
    expect(await findValues(db(), [addressKey, ...PERSONAL, chat.chat.chatId])).toEqual([]);
    expect(
      await db().prisma.addressMove.count({
        where: { OR: [{ holderId: applicantId }, { requesterId: applicantId }] },
      }),
    ).toBe(0);
  });

  it('after submission: the filing goes entirely, the applicant is not told anything is kept', async () => {
    const { app, chat, email } = await applicantChat();
    await chat.file(individual);
    const filing = await db().prisma.filing.findFirstOrThrow({
      where: { applicant: { identities: { some: { chatId: chat.chat.chatId } } } },
    });
    expect(filing.status).toBe('first_review');
    await chat.type('/delete');
    expect(chat.texts()).not.toContain('must keep');
    await chat.press('confirm');
    expect(await findValues(db(), [email, ...PERSONAL, MARKER, 'zhangsan-notes.cn'])).toEqual([]);
    expect(await db().prisma.filing.findUnique({ where: { id: filing.id } })).toBeNull();
    expect(filesQuoting(join(app.dataDir, 'files'), 'JPEG of')).toEqual([]);
  });

  it('after approval: only the ICP number, sponsor name, domains and dates remain; the applicant is told so', async () => {
    const { app, chat, email } = await applicantChat();
    await chat.file(individual);
    const filing = await db().prisma.filing.findFirstOrThrow({
      where: { applicant: { identities: { some: { chatId: chat.chat.chatId } } } },
    });
    for (const action of [
      { type: 'approve_first_review' },
      { type: 'record_interview', outcome: 'passed', option: 'phone' },
      { type: 'approve_second_review' },
      { type: 'submitted_to_miit' },
      { type: 'sms_verified' },
      { type: 'approve', icpNumber: '沪ICP备2026012345号' },
    ] as const) {
      const done = await app.staff.act('U_STAFF1', filing.id, action);
      expect(done.ok, action.type).toBe(true);
    }
    // The sponsor's document number is found by its keyed hash until the erasure.
    expect(filing.sponsorNumberHash).toMatch(/^[\w-]{43}$/);
    await chat.type('/delete');
    expect(chat.texts()).toContain('zhangsan-notes.cn');
    expect(chat.texts()).toContain('keep the ICP number');
    await chat.press('confirm');
    expect(chat.texts()).toContain('keep the ICP number');

    expect(await findValues(db(), [email, ...PERSONAL])).toEqual([]);
    expect(filesQuoting(join(app.dataDir, 'files'), 'JPEG of')).toEqual([]);
    const kept = await db().prisma.filing.findUniqueOrThrow({ where: { id: filing.id } });
    expect(kept).toMatchObject({
      status: 'approved',
      icpNumber: '沪ICP备2026012345号',
      domains: ['zhangsan-notes.cn'],
    });
    expect(kept.submittedAt).not.toBeNull();
    expect(kept.erasedAt).not.toBeNull();
    expect(kept.sponsorNumberHash).toBeNull();
    // The document is stored sealed: read it as the app does.
    expect((await getFiling(db().prisma, db().pii, filing.id))?.document).toEqual({
      filingType: 'first_filing',
      sponsor: { name: '张三' },
      websites: [{ domains: ['zhangsan-notes.cn'] }],
    });
    expect(await db().prisma.document.count({ where: { filingId: filing.id } })).toBe(0);
  });

  it('a crash between two file deletions: the rerun of the queued job finishes, once', async () => {
    const { app, chat, email } = await applicantChat();
    await chat.file(individual);
    const applicant = await findApplicantByChat(db().prisma, chat.chat);
    const stored = await db().prisma.document.findMany({
      where: { filing: { applicantId: applicant!.id } },
      select: { storageKey: true },
    });
    expect(stored.length).toBeGreaterThan(1);

    // The process "dies" after the first file is gone: the job stays queued, nothing else changed.
    const local = new LocalBlobStore(join(app.dataDir, 'files'));
    let deletions = 0;
    const dying = wiredApp(db(), {
      now: () => new Date(),
      dataDir: app.dataDir,
      blobs: {
        ...local,
        put: (k, b, c) => local.put(k, b, c),
        get: (k) => local.get(k),
        exists: (k) => local.exists(k),
        presignGet: (k, t) => local.presignGet(k, t),
        delete: async (key) => {
          if (++deletions > 1) throw new Error('killed');
          await local.delete(key);
        },
      },
    });
    const dyingChat = new ChatDriver(dying, chat.chat);
    await dyingChat.type('/delete');
    await dyingChat.press('confirm');
    expect(dyingChat.texts()).toContain('will finish within minutes');
    expect(await local.exists(stored[0]!.storageKey)).toBe(false);
    expect(await local.exists(stored[1]!.storageKey)).toBe(true);
    expect(await findValues(db(), [email])).not.toEqual([]);

    // The worker's turn: the queued job row runs again (as after a restart) and finishes.
    const row = await db().prisma.outbox.findFirstOrThrow({
      where: { topic: ERASURE_TOPIC, payload: { path: ['scope', 'applicantId'], equals: applicant!.id } },
    });
    const job = row.payload as unknown as ErasureJob;
    const first = await app.erasure.run(job);
    expect(first).toMatchObject({ ran: true, filingsDeleted: 1 });
    for (const { storageKey } of stored) expect(await local.exists(storageKey)).toBe(false);
    expect(await findValues(db(), [email, ...PERSONAL])).toEqual([]);
    // A third run (the worker after a crash right before marking the row done) changes nothing.
    expect(await app.erasure.run(job)).toMatchObject({ ran: false });
    expect(
      await db().prisma.event.count({ where: { type: 'privacy.erased', applicantId: applicant!.id } }),
    ).toBe(1);
  });
});

import { randomBytes } from 'node:crypto';
/**
 * The channel over the real applicant service and database (PGlite; PostgreSQL too when
 * TEST_DATABASE_URL is set): answers are committed, the reply's outbox copy is marked sent after
 * the live send, a redelivered update changes nothing, uploads land in the documents table, and a
 * reply that could not be sent stays in the outbox for the notify worker.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { applicantPortFromService } from '../../../src/channels/telegram/applicant-bridge.ts';
import { createEngine } from '../../../src/conversation/engine.ts';
import { findApplicantByChat } from '../../../src/db/applicants.ts';
import { currentDocuments } from '../../../src/db/documents.ts';
import { pendingOutbox } from '../../../src/db/outbox.ts';
import { createPiiCipher } from '../../../src/db/pii-cipher.ts';
import { catalog } from '../../../src/filing/catalog.ts';
import { requiredMaterials } from '../../../src/filing/materials.ts';
import { validateDraft, validateFiling } from '../../../src/filing/validate-filing.ts';
import { createApplicantService } from '../../../src/services/applicant-service.ts';
import { databasePendingUploads } from '../../../src/services/database-pending-uploads.ts';
import {
  createDocumentUploadService,
  databaseDocumentRecords,
} from '../../../src/services/document-upload-service.ts';
import { createBlobSealer } from '../../../src/storage/blob-envelope.ts';
import { LocalBlobStore } from '../../../src/storage/local-blob-store.ts';
import { NOW } from '../../conversation/fixtures/driver.ts';
import { describeEachBackend, type TestDatabase } from '../../support/db.ts';
import { type FakeBotApi, startFakeBotApi } from '../../support/fake-bot-api.ts';
import { colourPhotoJpeg } from '../../support/images.ts';
import { type Harness, startBot } from './helpers.ts';

const testSealer = createBlobSealer(createPiiCipher(randomBytes(32)));

let fake: FakeBotApi;
let harness: Harness | undefined;
/** A second instance over the same database, with a Bot API of its own (its updates, its files). */
let other: { fake: FakeBotApi; harness: Harness } | undefined;
let dir: string;
let run = 0;

beforeEach(async () => {
  // One database serves the whole file: each fake starts its update ids elsewhere.
  fake = await startFakeBotApi(undefined, 10_000 * ++run);
  dir = await mkdtemp(join(tmpdir(), 'icp-tg-db-'));
});
afterEach(async () => {
  await harness?.runtime.stop('test end');
  harness = undefined;
  await other?.harness.runtime.stop('test end');
  await other?.fake.close();
  other = undefined;
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

async function start(db: TestDatabase, on: FakeBotApi = fake): Promise<Harness> {
  const engine = createEngine({ catalog, validateDraft, validateFiling, requiredMaterials });
  const service = createApplicantService({ db, engine, now: () => NOW });
  const applicant = applicantPortFromService(service, {
    langOf: async (chat, hint) =>
      ((await findApplicantByChat(db.prisma, { channel: 'telegram', chatId: chat.chatId }))?.lang as
        | 'zh'
        | 'en') ??
      hint ??
      'zh',
  });
  const uploads = createDocumentUploadService({
    sealer: testSealer,
    blobs: new LocalBlobStore(join(dir, 'files')),
    limits: { maxBytes: 10 * 1024 * 1024, minSidePx: 600 },
    records: databaseDocumentRecords(db, (chat) =>
      service.currentFiling({ channel: 'telegram', chatId: chat.chatId }),
    ),
    applicant,
  });
  const started = await startBot(on, {
    applicant,
    uploads,
    pendingUploads: databasePendingUploads(db, { channel: 'telegram', now: () => NOW }),
  });
  if (on === fake) harness = started;
  return started;
}

/** Telegram was told the update is done (possibly once committed), and its replies are out. */
async function settle(update: Record<string, unknown>, on = { fake, harness }) {
  const id = Number(update.update_id);
  await on.fake.waitForCall((c) => c.method === 'getUpdates' && Number(c.params.offset) > id, {
    timeoutMs: 15_000,
  });
  await on.harness?.runtime.idle();
}

describeEachBackend('Telegram with the applicant service', (db) => {
  it('commits, replies, marks the reply sent, and ignores a redelivered update', async () => {
    await start(db());
    const chat = { id: 7101, languageCode: 'en' };
    await settle(fake.pushText(chat, '/start'));
    const update = fake.pushText(chat, '/lang zh');
    fake.redeliver(update);
    await settle(update);
    await settle(fake.pushText(chat, '/status'));
    const applicant = await findApplicantByChat(db().prisma, { channel: 'telegram', chatId: '7101' });
    expect(applicant?.lang).toBe('zh');
    // Replies after /lang are rendered in Chinese; the redelivery produced nothing.
    const texts = fake.sentTexts(7101);
    expect(texts.at(-1)).toMatch(/[\u4e00-\u9fff]/);
    const processed = await db().prisma.processedUpdate.count({ where: { channel: 'telegram' } });
    expect(processed).toBe(3);
    // Sent-marks are written together a moment after the replies.
    await vi.waitFor(
      async () => expect(await pendingOutbox(db().prisma, { orderKey: 'telegram:7101' })).toEqual([]),
      {
        timeout: 5_000,
      },
    );
  });

  it('tells Telegram an update is done once its answer is committed, while its reply is still on its way', async () => {
    await start(db());
    const chat = { id: 7104, languageCode: 'en' };
    await settle(fake.pushText(chat, '/start'));
    const orderKey = 'telegram:7104';
    await vi.waitFor(async () => expect(await pendingOutbox(db().prisma, { orderKey })).toEqual([]), {
      timeout: 5_000,
    });
    const before = fake.messages.get(7104)?.size ?? 0;
    const release = fake.holdNext('sendMessage');
    try {
      const update = fake.pushText(chat, '/status');
      await fake.waitForCall(
        (c) => c.method === 'getUpdates' && Number(c.params.offset) > Number(update.update_id),
        { timeoutMs: 15_000 },
      );
      // Confirmed: the answer and its reply's copy are committed; the reply itself is still held.
      expect(fake.messages.get(7104)?.size).toBe(before);
      expect(await pendingOutbox(db().prisma, { orderKey })).toHaveLength(1);
    } finally {
      release();
    }
    await harness?.runtime.idle();
    expect(fake.messages.get(7104)?.size).toBeGreaterThan(before);
  });

  it('keeps a reply that could not be sent in the outbox', async () => {
    await start(db());
    const chat = { id: 7102, languageCode: 'en' };
    fake.failNext('sendMessage', { status: 502 }, 6);
    await settle(fake.pushText(chat, '/start'));
    const pending = await pendingOutbox(db().prisma, { orderKey: 'telegram:7102' });
    expect(pending).toHaveLength(1);
    expect(pending[0]?.topic).toBe('chat_reply');
  });

  it('records an uploaded photo in the documents table', async () => {
    await start(db());
    const chat = { id: 7103, languageCode: 'en' };
    await settle(fake.pushText(chat, '/start'));
    const bytes = await colourPhotoJpeg();
    fake.addFile('photo-1', bytes, { path: 'photos/file_1.jpg' });
    await settle(
      fake.pushCallback(chat, 't:doc:k:sponsor_principal_id_front', fake.lastMessage(7103)!.messageId),
    );
    await settle(fake.pushPhoto(chat, [{ fileId: 'photo-1', width: 1280, height: 900, size: bytes.length }]));
    const applicant = await findApplicantByChat(db().prisma, { channel: 'telegram', chatId: '7103' });
    const conversation = await db().prisma.conversation.findUnique({ where: { applicantId: applicant!.id } });
    const docs = await currentDocuments(db().prisma, conversation!.filingId!);
    expect(docs.map((d) => [d.kind, d.contentType, d.width, d.height])).toEqual([
      ['sponsor_principal_id_front', 'image/jpeg', 1280, 900],
    ]);
    // The upload's reply was sent and marked so: nothing is left for the worker to stand in for.
    await vi.waitFor(
      async () => expect(await pendingOutbox(db().prisma, { orderKey: 'telegram:7103' })).toEqual([]),
      { timeout: 5_000 },
    );
  });

  it('stores a file sent to one instance as the document tapped on another', async () => {
    await start(db());
    // Its update ids far from the first's: both record theirs in the one processed_updates table.
    const otherFake = await startFakeBotApi(undefined, 10_000 * ++run + 5_000);
    other = { fake: otherFake, harness: await start(db(), otherFake) };
    const chat = { id: 7105, languageCode: 'en' };
    await settle(fake.pushText(chat, '/start'));
    await settle(
      fake.pushCallback(chat, 't:doc:k:sponsor_principal_id_front', fake.lastMessage(7105)!.messageId),
    );
    const bytes = await colourPhotoJpeg();
    otherFake.addFile('photo-2', bytes, { path: 'photos/file_2.jpg' });
    await settle(
      otherFake.pushPhoto(chat, [{ fileId: 'photo-2', width: 1280, height: 900, size: bytes.length }]),
      other,
    );
    const applicant = await findApplicantByChat(db().prisma, { channel: 'telegram', chatId: '7105' });
    const conversation = await db().prisma.conversation.findUnique({ where: { applicantId: applicant!.id } });
    const docs = await currentDocuments(db().prisma, conversation!.filingId!);
    expect(docs.map((d) => d.kind)).toEqual(['sponsor_principal_id_front']);
    // The choice was used up: nothing is left waiting for the chat.
    expect(await db().prisma.pendingUpload.count({ where: { chatId: '7105' } })).toBe(0);
  });
});

import { randomBytes } from 'node:crypto';
/**
 * Complete filings on Telegram: the real engine (catalog, rules, materials) behind the channel,
 * telegraf over HTTP to the fake Bot API, uploads inspected and stored in a local folder or S3
 * (s3rver). The applicant types answers and presses buttons as a person would.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPiiCipher } from '../../../src/db/pii-cipher.ts';
import { validateFiling } from '../../../src/filing/validate-filing.ts';
import { t } from '../../../src/i18n/index.ts';
import {
  createDocumentUploadService,
  inMemoryDocumentRecords,
} from '../../../src/services/document-upload-service.ts';
import { createBlobSealer } from '../../../src/storage/blob-envelope.ts';
import type { BlobStore } from '../../../src/storage/blob-store.ts';
import { LocalBlobStore } from '../../../src/storage/local-blob-store.ts';
import { S3BlobStore } from '../../../src/storage/s3-blob-store.ts';
import { NOW } from '../../conversation/fixtures/driver.ts';
import * as realScripts from '../../conversation/fixtures/real-scripts.ts';
import { type FakeBotApi, startFakeBotApi } from '../../support/fake-bot-api.ts';
import { colourPhotoJpeg, fakeExe, greyscaleJpeg, minimalPdf } from '../../support/images.ts';
import { type RunningS3rver, startS3rver } from '../../support/s3rver.ts';
import { EngineApplicant } from './engine-applicant.ts';
import { type Harness, startBot } from './helpers.ts';
import { type Script, TelegramApplicant } from './telegram-driver.ts';

const testSealer = createBlobSealer(createPiiCipher(randomBytes(32)));

// The same scripted filings as the engine tests, with two twists for Telegram: the province is
// picked with a button, and a remark carries HTML characters that must be escaped.
const enterprise: Script = {
  websites: 2,
  answers: {
    ...realScripts.enterprise.answers,
    'sponsor.province': { choice: '350000' },
    // Remarks are asked only on request now: an address carries the applicant's own markup instead.
    'sponsor.mailingAddress': { text: '福建省福州市鼓楼区某某路1号 产品文档 <docs> & more' },
  },
};

const individual: Script = { answers: realScripts.individual.answers };

let fake: FakeBotApi;
let harness: Harness | undefined;
let dataDir: string;
let s3: RunningS3rver;

beforeAll(async () => {
  s3 = await startS3rver();
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'S3RVER');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'S3RVER');
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await s3?.stop();
});
beforeEach(async () => {
  fake = await startFakeBotApi();
  dataDir = await mkdtemp(join(tmpdir(), 'icp-telegram-'));
});
afterEach(async () => {
  await harness?.runtime.stop('test end');
  harness = undefined;
  await fake.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function startFiling(blobs: BlobStore) {
  const app = new EngineApplicant(NOW);
  const records = inMemoryDocumentRecords();
  const uploads = createDocumentUploadService({
    sealer: testSealer,
    blobs,
    limits: { maxBytes: 10 * 1024 * 1024, minSidePx: 600 },
    records,
    applicant: app,
  });
  harness = await startBot(fake, { applicant: app, uploads });
  return { app, records };
}

/** Uploads every missing document: photos for images of IDs, PDFs for the rest. */
async function uploadAll(user: TelegramApplicant, app: EngineApplicant, chatId: number) {
  await user.type('/documents');
  const refs: string[] = [];
  for (let i = 0; i < 30; i++) {
    const missing = user
      .latestKeyboard((b) => b.callback_data.startsWith('t:doc:k:'))
      .find((b) => b.text.startsWith('📎'));
    if (!missing) break;
    const ref = missing.callback_data.slice('t:doc:k:'.length);
    refs.push(ref);
    if (ref.includes('id_')) await user.upload(ref, await colourPhotoJpeg(), 'photo');
    else await user.upload(ref, minimalPdfVariant(i), 'document', `${ref}.pdf`);
    await user.type('/documents');
  }
  expect(app.state(chatId)?.documents.length).toBe(refs.length);
  return refs;
}

/** Distinct PDFs so each kind stores its own file. */
function minimalPdfVariant(i: number): Buffer {
  return Buffer.concat([minimalPdf(), Buffer.from(`\n% variant ${i}\n`)]);
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('a complete filing on Telegram', () => {
  it('zh: an enterprise with two websites, by buttons and text, documents stored in the local folder', async () => {
    const { app, records } = await startFiling(new LocalBlobStore(join(dataDir, 'files')));
    const chat = { id: 5001, languageCode: 'zh-hans' };
    const user = new TelegramApplicant(fake, chat, app);
    await user.type('/start');
    expect(app.state(chat.id)?.lang).toBe('zh');

    // An invalid answer is refused with the reason and the same question comes again.
    await user.fileUntilSubmit({ ...enterprise, answers: { ...enterprise.answers } });
    const refs = await uploadAll(user, app, chat.id);
    expect(refs).toEqual(expect.arrayContaining(['sponsor_certificate']));
    await user.choose('submit');

    const state = app.state(chat.id);
    expect(state?.phase).toBe('submitted');
    expect(validateFiling(state?.filing, { now: NOW })).toEqual({ valid: true, errors: [] });
    expect(fake.sentTexts(chat.id).at(-1)).toBe(t('zh', 'telegram:submitted'));
    // Every stored original is on disk under a generated key, never the sender's file name.
    const stored = await filesUnder(join(dataDir, 'files'));
    expect(stored.length).toBe(new Set(records.rows.map((r) => r.storageKey)).size);
    expect(stored.every((f) => /filings\/filing-5001\/[a-z_]+\/[0-9a-f-]{36}\.(jpg|pdf)$/.test(f))).toBe(
      true,
    );
    // The applicant's own text is escaped in HTML messages.
    expect(fake.sentTexts(chat.id).some((m) => m.includes('产品文档 &lt;docs&gt; &amp; more'))).toBe(true);
    // No message exceeded Telegram's limit.
    expect(fake.sentTexts(chat.id).every((m) => m.length <= 4096)).toBe(true);
    // Ticks and pages edited the question in place; every button press was answered.
    expect(fake.callsTo('editMessageText').length).toBeGreaterThan(0);
    expect(fake.callbacksPushed).toBeGreaterThan(30);
    expect(fake.callsTo('answerCallbackQuery').length).toBe(fake.callbacksPushed);
  });

  it('en: an individual, documents stored in S3 (s3rver)', async () => {
    const blobs = S3BlobStore.fromSettings({
      bucket: s3.bucket,
      endpoint: s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
    });
    const { app, records } = await startFiling(blobs);
    const chat = { id: 5002, languageCode: 'en-GB' };
    const user = new TelegramApplicant(fake, chat, app);
    await user.type('/start');
    expect(app.state(chat.id)?.lang).toBe('en');
    await user.fileUntilSubmit(individual);
    await uploadAll(user, app, chat.id);
    await user.choose('submit');
    expect(app.state(chat.id)?.phase).toBe('submitted');
    expect(validateFiling(app.state(chat.id)?.filing, { now: NOW }).valid).toBe(true);
    const photo = records.rows.find((r) => r.contentType === 'image/jpeg');
    const pdf = records.rows.find((r) => r.contentType === 'application/pdf');
    // Encrypted before it reaches S3 (issue 13): the object is not the photo; its data key opens it.
    const stored = await blobs.get(photo!.storageKey);
    expect(stored.equals(await colourPhotoJpeg())).toBe(false);
    expect(testSealer.open(stored, photo!.wrappedKey).equals(await colourPhotoJpeg())).toBe(true);
    expect(pdf?.storageKey).toMatch(/\.pdf$/);
    expect(photo?.width).toBe(1280);
  });
});

describe('answers and uploads that are refused', () => {
  async function atDocuments(lang: 'zh' | 'en', chatId: number) {
    const store = new LocalBlobStore(join(dataDir, 'files'));
    const started = await startFiling(store);
    const user = new TelegramApplicant(fake, { id: chatId, languageCode: lang }, started.app);
    await user.type('/start');
    return { ...started, user };
  }

  it('re-asks an invalid answer with its reason', async () => {
    const { app, user } = await atDocuments('en', 6001);
    for (let i = 0; i < 40 && user.question.path !== 'sponsor.documentNumber'; i++) {
      const answer = individual.answers[user.question.path];
      if (!answer) throw new Error(`no answer for ${user.question.path}`);
      await user.answer(answer);
    }
    const sentBefore = fake.sentTexts(6001).length;
    await user.type('12345');
    const replies = fake.sentTexts(6001).slice(sentBefore);
    expect(replies[0]).toMatch(/^⚠️/);
    expect(user.question.path).toBe('sponsor.documentNumber');
    expect(replies.at(-1)).toContain(t('en', 'filing:fields.sponsor.documentNumber.label'));
    expect(app.state(6001)?.filing).not.toHaveProperty('sponsor.documentNumber');
  });

  it('refuses an .exe renamed .jpg and a greyscale scan, stores nothing, keeps the flow', async () => {
    const { app, records, user } = await atDocuments('en', 6002);
    await user.fileUntilSubmit(individual);
    await user.type('/documents');
    const target = user.findButton((b) => b.callback_data.startsWith('t:doc:k:sponsor_principal_id_front'));
    expect(target).toBeDefined();
    const ref = target!.button.callback_data.slice('t:doc:k:'.length);

    await user.press(`t:doc:k:${ref}`);
    const before = fake.sentTexts(6002).length;
    await user.send(fakeExe(), 'document', 'id-front.jpg', 'image/jpeg');
    const unsupported = t('en', 'documents:problems.upload.unsupported_type', { detected: 'exe', maxMb: 10 });
    expect(
      fake
        .sentTexts(6002)
        .slice(before)
        .some((m) => m.includes(unsupported)),
    ).toBe(true);

    await user.press(`t:doc:k:${ref}`);
    await user.send(await greyscaleJpeg(), 'photo');
    const grey = t('en', 'documents:problems.upload.grayscale', { maxMb: 10 });
    expect(fake.sentTexts(6002).some((m) => m.includes(grey))).toBe(true);

    expect(records.rows).toEqual([]);
    expect(await filesUnder(join(dataDir, 'files')).catch(() => [])).toEqual([]);
    expect(app.state(6002)?.documents).toEqual([]);
  });

  it('refuses a file whose declared size is over the limit without downloading it', async () => {
    const { user } = await atDocuments('zh', 6003);
    await user.fileUntilSubmit(individual);
    await user.type('/documents');
    const found = user.findButton((b) => b.callback_data.startsWith('t:doc:k:'));
    await user.press(found!.button.callback_data);
    const bytes = await readFile(new URL(import.meta.url));
    fake.addFile('big', bytes, { path: 'documents/big', declaredSize: 15 * 1024 * 1024 });
    await user.settle(
      fake.pushDocument({ id: 6003 }, { fileId: 'big', fileName: 'big.pdf', size: 15 * 1024 * 1024 }),
    );
    expect(fake.callsTo('getFile')).toEqual([]);
    expect(fake.sentTexts(6003).at(-1)).toContain('15');
  });

  it('asks which document a photo is when none was chosen, then files it', async () => {
    const { app, user } = await atDocuments('en', 6004);
    await user.fileUntilSubmit(individual);
    await user.send(await colourPhotoJpeg(), 'photo');
    expect(fake.sentTexts(6004).at(-1)).toContain(t('en', 'telegram:documents.whichKind'));
    expect(fake.callsTo('getFile')).toEqual([]);
    const button = user.findButton((b) => b.callback_data.startsWith('t:doc:k:sponsor_principal_id_front'));
    await user.press(button!.button.callback_data);
    expect(fake.callsTo('getFile').map((c) => c.params.file_id)).toEqual(['f6004-1']);
    expect(app.state(6004)?.documents.map((d) => d.kind)).toEqual(['sponsor_principal_id_front']);
  });
});

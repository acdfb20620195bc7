/**
 * "Send a photo instead" on Telegram (issue 14, prefill): the real engine behind the channel,
 * telegraf over HTTP to the fake Bot API, the photo-answer service with its reading. The OCR
 * model's own reading of a synthetic card is tested in tests/services/photo-answer-service.test.ts;
 * here a stand-in returns its lines, so the test is about the channel.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PHOTO_OPTION, photoTarget } from '../../../src/conversation/photo-values.ts';
import type { EngineDeps } from '../../../src/conversation/types.ts';
import { createPiiCipher } from '../../../src/db/pii-cipher.ts';
import type { OcrReader } from '../../../src/documents/ocr/ocr-reader.ts';
import { catalog } from '../../../src/filing/catalog.ts';
import { requiredMaterials } from '../../../src/filing/materials.ts';
import { validateDraft, validateFiling } from '../../../src/filing/validate-filing.ts';
import { t } from '../../../src/i18n/index.ts';
import {
  createDocumentUploadService,
  inMemoryDocumentRecords,
} from '../../../src/services/document-upload-service.ts';
import { createPhotoAnswerService } from '../../../src/services/photo-answer-service.ts';
import { createBlobSealer } from '../../../src/storage/blob-envelope.ts';
import { LocalBlobStore } from '../../../src/storage/local-blob-store.ts';
import { NOW } from '../../conversation/fixtures/driver.ts';
import * as realScripts from '../../conversation/fixtures/real-scripts.ts';
import { idCardImage } from '../../support/document-fixtures.ts';
import { type FakeBotApi, startFakeBotApi } from '../../support/fake-bot-api.ts';
import { EngineApplicant } from './engine-applicant.ts';
import { type Harness, startBot } from './helpers.ts';
import { TelegramApplicant } from './telegram-driver.ts';

const deps: EngineDeps = { catalog, validateDraft, validateFiling, requiredMaterials };
const NAME = '王小明';
const ID = '11010519491231002X';

/** What the model returns for a clear ID card front. */
const ocr: OcrReader = {
  read: async () => [
    { text: `姓名${NAME}`, confidence: 0.99 },
    { text: `公民身份号码${ID}`, confidence: 0.98 },
  ],
  close: async () => {},
};

let fake: FakeBotApi;
let harness: Harness | undefined;
let dataDir: string;

beforeEach(async () => {
  fake = await startFakeBotApi();
  dataDir = await mkdtemp(join(tmpdir(), 'icp-telegram-photo-'));
});
afterEach(async () => {
  await harness?.runtime.stop('test end');
  harness = undefined;
  await fake.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function start(lang: 'zh' | 'en', chatId: number) {
  const app = new EngineApplicant(NOW);
  const records = inMemoryDocumentRecords();
  const uploadDeps = {
    sealer: createBlobSealer(createPiiCipher(randomBytes(32))),
    blobs: new LocalBlobStore(join(dataDir, 'files')),
    limits: { maxBytes: 10 * 1024 * 1024, minSidePx: 600 },
    records,
    applicant: app,
    reading: {
      ocr,
      answersFor: async (chat: { chatId: string }) => app.states.get(chat.chatId)?.filing,
      save: async () => {},
    },
  };
  const photos = createPhotoAnswerService({
    ...uploadDeps,
    questions: {
      targetFor: async (chat) => {
        const state = app.states.get(chat.chatId);
        return state && photoTarget(state, deps, NOW);
      },
    },
  });
  harness = await startBot(fake, {
    applicant: app,
    uploads: createDocumentUploadService(uploadDeps),
    photos,
  });
  const user = new TelegramApplicant(fake, { id: chatId, languageCode: lang }, app);
  await user.type('/start');
  return { app, records, user };
}

async function answerUntil(user: TelegramApplicant, path: string) {
  for (let i = 0; i < 40 && user.question.path !== path; i++) {
    const answer = realScripts.individual.answers[user.question.path];
    if (!answer) throw new Error(`no answer for ${user.question.path}`);
    await user.answer(answer);
  }
  expect(user.question.path).toBe(path);
}

describe('Telegram: a photo instead of typing', () => {
  for (const [lang, chatId] of [
    ['zh', 7101],
    ['en', 7102],
  ] as const) {
    it(`an individual's ID number and name from their ID card photo, one tap each (${lang})`, async () => {
      const { app, records, user } = await start(lang, chatId);
      await answerUntil(user, 'sponsor.documentNumber');
      const kind = t(lang, 'documents:kinds.sponsor_principal_id_front');
      expect(fake.sentTexts(chatId).at(-1)).toContain(t(lang, 'telegram:question.photoInstead', { kind }));

      await user.send(await idCardImage({ name: NAME, idNumber: ID }), 'photo');
      expect(records.rows.map((r) => r.kind)).toEqual(['sponsor_principal_id_front']);
      expect(app.state(chatId)?.documents.map((d) => d.kind)).toEqual(['sponsor_principal_id_front']);
      // Offered on a button, not filled in.
      expect(app.state(chatId)?.filing.sponsor).not.toHaveProperty('documentNumber');
      const idButton = user.findButton(
        (b) => b.callback_data === `t:${user.question.token}:o:${PHOTO_OPTION}`,
      );
      expect(idButton?.button.text).toBe(ID);
      await user.press(idButton!.button.callback_data);
      expect(app.state(chatId)?.filing.sponsor).toMatchObject({ documentNumber: ID });

      // The name read waits for its question.
      expect(user.question.path).toBe('sponsor.name');
      const nameButton = user.findButton(
        (b) => b.callback_data === `t:${user.question.token}:o:${PHOTO_OPTION}`,
      );
      expect(nameButton?.button.text).toBe(NAME);
      await user.press(nameButton!.button.callback_data);
      expect(app.state(chatId)?.filing.sponsor).toMatchObject({ name: NAME });
    });
  }

  it('a photo at a question no document answers is an ordinary upload: which document is it?', async () => {
    const { user } = await start('en', 7103);
    await answerUntil(user, 'sponsor.documentAddress');
    await user.send(await idCardImage(), 'photo');
    expect(fake.sentTexts(7103).at(-1)).toContain(t('en', 'telegram:documents.whichKind'));
    expect(fake.callsTo('getFile')).toEqual([]);
  });
});

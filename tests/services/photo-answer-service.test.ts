/**
 * "Send a photo instead" through the service (issue 14, prefill): a synthetic ID card front
 * rendered from the bundled CJK font, read by the real OCR worker, offered by the real engine as a
 * one-tap answer; OCR off, a refused file and a question that takes no photo.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatRef } from '../../src/channels/telegram/ports.ts';
import { PHOTO_OPTION, photoTarget } from '../../src/conversation/photo-values.ts';
import type {
  ConversationState,
  EngineDeps,
  Outgoing,
  QuestionMessage,
} from '../../src/conversation/types.ts';
import { findOrCreateApplicantByChat } from '../../src/db/applicants.ts';
import { withConversationLock } from '../../src/db/conversations.ts';
import { createPiiCipher } from '../../src/db/pii-cipher.ts';
import { startOcrWorker } from '../../src/documents/ocr/ocr-reader.ts';
import { catalog } from '../../src/filing/catalog.ts';
import { requiredMaterials } from '../../src/filing/materials.ts';
import { validateDraft, validateFiling } from '../../src/filing/validate-filing.ts';
import { type Lang, render } from '../../src/i18n/index.ts';
import { inMemoryDocumentRecords, type UploadReading } from '../../src/services/document-upload-service.ts';
import { createPhotoAnswerService, databasePhotoQuestions } from '../../src/services/photo-answer-service.ts';
import { createBlobSealer } from '../../src/storage/blob-envelope.ts';
import { LocalBlobStore } from '../../src/storage/local-blob-store.ts';
import { EngineApplicant } from '../channels/telegram/engine-applicant.ts';
import { enterprise } from '../conversation/fixtures/real-scripts.ts';
import { describeEachBackend } from '../support/db.ts';
import { idCardImage } from '../support/document-fixtures.ts';

const NOW = new Date('2026-03-02T10:00:00+08:00');
const deps: EngineDeps = { catalog, validateDraft, validateFiling, requiredMaterials };
const ID = '11010519491231002X';

/** The real OCR models in their worker: one for the file, seconds per image on a shared core. */
const ocr = startOcrWorker({ timeoutMs: 120_000 });
afterAll(() => ocr.close());

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'icp-photo-answer-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function setup(options: { ocr: boolean }) {
  const applicant = new EngineApplicant(NOW);
  const records = inMemoryDocumentRecords();
  const logs: Array<Record<string, unknown>> = [];
  const reading: UploadReading = {
    ...(options.ocr ? { ocr } : {}),
    answersFor: async (chat) => applicant.states.get(chat.chatId)?.filing,
    save: async () => {},
    log: (obj) => logs.push(obj),
    // The reading in the test is the real model on a shared machine: never cut short.
    photoWaitMs: 120_000,
  };
  const photos = createPhotoAnswerService({
    sealer: createBlobSealer(createPiiCipher(randomBytes(32))),
    blobs: new LocalBlobStore(dir),
    limits: { maxBytes: 10 * 1024 * 1024, minSidePx: 600 },
    records,
    applicant,
    reading,
    questions: {
      targetFor: async (chat) => {
        const state = applicant.states.get(chat.chatId);
        return state && photoTarget(state, deps, NOW);
      },
    },
  });
  return { applicant, records, photos, logs };
}

/** Answers the enterprise script in `chat` until the question at `path` is on screen. */
async function reach(applicant: EngineApplicant, chat: ChatRef, path: string, lang: Lang) {
  let reply = await applicant.handleInput(chat, { type: 'command', command: 'start' }, { lang });
  for (let i = 0; i < 40; i++) {
    const q = lastQuestion(reply.messages);
    if (q.path === path) return q;
    const answer = enterprise.answers[q.path]!;
    reply = await applicant.handleInput(
      chat,
      'text' in answer
        ? { type: 'text', text: answer.text }
        : { type: 'choice', token: q.token, value: (answer as { choice: string }).choice },
    );
  }
  throw new Error(`${path} never asked`);
}

function lastQuestion(messages: Outgoing[]): QuestionMessage {
  const q = messages.filter((m): m is QuestionMessage => m.type === 'question').at(-1);
  if (!q) throw new Error('no question');
  return q;
}

const rendered = (lang: Lang, messages: Outgoing[]) =>
  messages.flatMap((m) => (m.type === 'info' ? [render(lang, m.text)] : []));

describe('a photo of the ID card front sent at the name question', () => {
  for (const [lang, name, readLine] of [
    ['zh', '王小明', '从照片上识别到'],
    ['en', '李大伟', 'Read on your photo'],
  ] as const) {
    it(`is read, kept as the document, and its values offered one tap away (${lang})`, {
      timeout: 240_000,
    }, async () => {
      const { applicant, records, photos, logs } = setup({ ocr: true });
      const chat: ChatRef = { channel: 'telegram', chatId: `photo-${lang}` };
      await reach(applicant, chat, 'sponsorPrincipal.name', lang);
      expect(await photos.takesPhoto(chat)).toBe(true);

      const reply = await photos.answerWithPhoto(chat, { bytes: await idCardImage({ name, idNumber: ID }) });
      expect(records.rows.map((r) => r.kind)).toEqual(['sponsor_principal_id_front']);
      const told = rendered(lang, reply!.messages);
      expect(told.find((t) => t.startsWith(readLine))).toContain(name);
      // Offered, not filled.
      const q = lastQuestion(reply!.messages);
      expect(q.path).toBe('sponsorPrincipal.name');
      expect(q.options).toEqual([{ value: PHOTO_OPTION, label: { zh: name, en: name } }]);
      expect(applicant.states.get(chat.chatId)?.filing.sponsorPrincipal).toBeUndefined();

      await applicant.handleInput(chat, { type: 'choice', token: q.token, value: PHOTO_OPTION });
      expect(applicant.states.get(chat.chatId)?.filing.sponsorPrincipal).toEqual({ name });
      // The log names the fields read, never their values.
      expect(JSON.stringify(logs)).not.toContain(ID);
      expect(JSON.stringify(logs)).not.toContain(name);
    });
  }
});

describe('a photo that gives nothing to offer', () => {
  it('OCR off: the applicant is asked to type, in their language, and the photo is kept', async () => {
    for (const lang of ['zh', 'en'] as const) {
      const { applicant, records, photos } = setup({ ocr: false });
      const chat: ChatRef = { channel: 'console', chatId: `off-${lang}` };
      await reach(applicant, chat, 'sponsorPrincipal.name', lang);
      const reply = await photos.answerWithPhoto(chat, { bytes: await idCardImage() });
      expect(reply!.messages.map((m) => (m.type === 'info' ? m.text.key : m.type))).toEqual([
        'conversation:photo.kept',
        'conversation:photo.unread',
        'question',
      ]);
      expect(rendered(lang, reply!.messages)[1]).toMatch(lang === 'zh' ? /请直接输入/ : /type the answer/);
      expect(records.rows).toHaveLength(1);
    }
  });

  it('a file that is no image is refused with the reason; nothing stored, the question asked again', async () => {
    const { applicant, records, photos } = setup({ ocr: false });
    const chat: ChatRef = { channel: 'console', chatId: 'garbage' };
    await reach(applicant, chat, 'sponsorPrincipal.name', 'en');
    const reply = await photos.answerWithPhoto(chat, { bytes: Buffer.from('not a photo at all') });
    expect(reply!.messages[0]).toMatchObject({ type: 'error' });
    expect(lastQuestion(reply!.messages).path).toBe('sponsorPrincipal.name');
    expect(records.rows).toEqual([]);
  });

  it('a question no photo answers: not taken, so the channel treats the file as an upload', async () => {
    const { applicant, records, photos } = setup({ ocr: false });
    const chat: ChatRef = { channel: 'console', chatId: 'address' };
    await reach(applicant, chat, 'sponsor.documentAddress', 'en');
    expect(await photos.takesPhoto(chat)).toBe(false);
    expect(await photos.answerWithPhoto(chat, { bytes: await idCardImage() })).toBeUndefined();
    expect(records.rows).toEqual([]);
  });
});

describeEachBackend('which photo the stored conversation takes', (db) => {
  it("reads the chat's committed state: the name question takes the principal's ID front", async () => {
    const applicant = new EngineApplicant(NOW);
    const chat: ChatRef = { channel: 'telegram', chatId: `photo-db-${process.pid}` };
    const asked = await reach(applicant, chat, 'sponsorPrincipal.name', 'zh');
    const state = applicant.states.get(chat.chatId) as ConversationState;
    const { applicant: row } = await findOrCreateApplicantByChat(db().prisma, chat);
    await withConversationLock(db(), row.id, (conversation) => conversation.save(state as never));
    const target = await databasePhotoQuestions(db(), deps, () => NOW).targetFor(chat);
    expect(target).toMatchObject({
      token: asked.token,
      kind: 'sponsor_principal_id_front',
      paths: { name: 'sponsorPrincipal.name', idNumber: 'sponsorPrincipal.idNumber' },
      keep: true,
    });
    expect(
      await databasePhotoQuestions(db(), deps, () => NOW).targetFor({
        channel: 'telegram',
        chatId: 'nobody',
      }),
    ).toBeUndefined();
  });
});

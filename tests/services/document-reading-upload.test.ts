import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApplicantPort, ChatRef } from '../../src/channels/telegram/ports.ts';
import type { EngineInput, Outgoing } from '../../src/conversation/types.ts';
import { findOrCreateApplicantByChat } from '../../src/db/applicants.ts';
import { withConversationLock } from '../../src/db/conversations.ts';
import { runInTransaction } from '../../src/db/database.ts';
import { documentReadingOf } from '../../src/db/document-readings.ts';
import { addDocument } from '../../src/db/documents.ts';
import { createFiling } from '../../src/db/filings.ts';
import { createPiiCipher } from '../../src/db/pii-cipher.ts';
import type { OcrLine } from '../../src/documents/ocr/ocr-fields.ts';
import type { OcrReader } from '../../src/documents/ocr/ocr-reader.ts';
import type { DocumentReading } from '../../src/documents/reading/document-reading.ts';
import { render } from '../../src/i18n/index.ts';
import {
  createDocumentUploadService,
  databaseUploadReading,
  inMemoryDocumentRecords,
  type UploadReading,
} from '../../src/services/document-upload-service.ts';
import { createBlobSealer } from '../../src/storage/blob-envelope.ts';
import { LocalBlobStore } from '../../src/storage/local-blob-store.ts';
import { describeEachBackend } from '../support/db.ts';
import { idCardImage, licenceImage, licenceUrl, USCC_A, USCC_B } from '../support/document-fixtures.ts';

const testSealer = createBlobSealer(createPiiCipher(randomBytes(32)));

const chat: ChatRef = { channel: 'console', chatId: 'local' };
const answers = {
  sponsor: { documentNumber: USCC_A, name: '福州某某科技有限公司' },
  sponsorPrincipal: { name: '张三丰', idNumber: '11010519491231002X' },
};

/** OCR stand-in: the real model is tested in tests/documents/ocr; here only the service's use of it. */
const fakeOcr = (lines: OcrLine[] | null): OcrReader => ({ read: async () => lines, close: async () => {} });

function noticeTexts(messages: Outgoing[], lang: 'en' | 'zh' = 'en'): string[] {
  return messages.flatMap((m) => (m.type === 'notice' ? m.texts.map((t) => render(lang, t)) : []));
}

describe('document upload service: reading the document', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'icp-reading-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  function service(reading: Partial<UploadReading> = {}) {
    const inputs: EngineInput[] = [];
    const saved: Array<[string, DocumentReading]> = [];
    const logs: Array<Record<string, unknown>> = [];
    const applicant: Pick<ApplicantPort, 'handleInput'> = {
      handleInput: async (_chat, input) => {
        inputs.push(input);
        return { lang: 'en', messages: [{ type: 'info', text: { key: 'documents:kinds.other' } }] };
      },
    };
    const uploads = createDocumentUploadService({
      sealer: testSealer,
      blobs: new LocalBlobStore(dir),
      limits: { maxBytes: 10 * 1024 * 1024, minSidePx: 600 },
      records: inMemoryDocumentRecords(),
      applicant,
      reading: {
        // Long enough that a busy machine never turns these into the "later" case (tested below).
        waitMs: 120_000,
        answersFor: async () => answers,
        save: async (id, r) => {
          saved.push([id, r]);
        },
        log: (obj) => logs.push(obj),
        ...reading,
      },
    });
    return { uploads, inputs, saved, logs };
  }

  it('a licence whose QR shows another USCC: accepted, the applicant told both numbers first, the result kept', async () => {
    const { uploads, inputs, saved, logs } = service();
    const reply = await uploads.acceptUpload(chat, {
      bytes: await licenceImage({ qrText: licenceUrl(USCC_B) }),
      kind: 'sponsor_certificate',
    });
    expect(inputs.map((i) => i.type)).toEqual(['document']);
    expect(reply.messages[0]?.type).toBe('notice');
    expect(reply.messages.at(-1)?.type).toBe('info'); // the engine's next step stays last
    const [mismatch] = noticeTexts(reply.messages);
    expect(mismatch).toContain(USCC_B);
    expect(mismatch).toContain(USCC_A);
    expect(saved[0]?.[1].checks).toMatchObject([{ source: 'qr', outcome: 'mismatch', read: USCC_B }]);
    // The log says what happened, never the numbers.
    expect(JSON.stringify(logs)).not.toContain(USCC_B);
  });

  it('a licence whose QR matches: a short confirmation; one without a QR: nothing said, "no QR" kept', async () => {
    const { uploads, saved } = service();
    const match = await uploads.acceptUpload(chat, {
      bytes: await licenceImage({ qrText: licenceUrl(USCC_A) }),
      kind: 'sponsor_certificate',
    });
    expect(noticeTexts(match.messages)).toHaveLength(1);
    const none = await uploads.acceptUpload(chat, {
      bytes: await licenceImage(),
      kind: 'sponsor_certificate',
    });
    expect(none.messages.map((m) => m.type)).toEqual(['info']);
    expect(saved.at(-1)?.[1]).toEqual({ qr: null, checks: [] });
  });

  it('an ID front read by OCR with another name: the applicant sees the name read, in Chinese too', async () => {
    const { uploads } = service({
      ocr: fakeOcr([
        { text: '姓名张三峰', confidence: 0.99 },
        { text: '公民身份号码11010519491231002X', confidence: 0.98 },
      ]),
    });
    const reply = await uploads.acceptUpload(chat, {
      bytes: await idCardImage(),
      kind: 'sponsor_principal_id_front',
    });
    expect(noticeTexts(reply.messages, 'zh')[0]).toContain('张三峰');
  });

  it("OCR not available (null): today's behaviour, nothing said", async () => {
    const { uploads, inputs } = service({ ocr: fakeOcr(null) });
    const reply = await uploads.acceptUpload(chat, {
      bytes: await idCardImage(),
      kind: 'sponsor_principal_id_front',
    });
    expect(reply.messages.map((m) => m.type)).toEqual(['info']);
    expect(inputs.map((i) => i.type)).toEqual(['document']);
  });

  it('a failing reading never loses the upload: logged, the engine still gets the document', async () => {
    const { uploads, inputs, logs } = service({
      answersFor: async () => {
        throw new Error('database away');
      },
    });
    const reply = await uploads.acceptUpload(chat, {
      bytes: await licenceImage({ qrText: licenceUrl(USCC_A) }),
      kind: 'sponsor_certificate',
    });
    expect(inputs.map((i) => i.type)).toEqual(['document']);
    expect(reply.messages.map((m) => m.type)).toEqual(['info']);
    expect(logs.at(-1)).toMatchObject({ err: 'database away' });
  });
});

describeEachBackend('document reading in the database', (db) => {
  it("reads the answers from the chat's conversation and keeps the reading on the document row", async () => {
    const c = { channel: 'telegram' as const, chatId: `reading-${process.pid}` };
    const { applicant } = await findOrCreateApplicantByChat(db().prisma, c);
    await withConversationLock(db(), applicant.id, (conversation) =>
      conversation.save({ version: 1, filing: answers } as never),
    );
    const filing = await createFiling(db().prisma, db().pii, { applicantId: applicant.id, document: {} });
    const { document } = await runInTransaction(db(), (tx) =>
      addDocument(
        tx,
        {
          filingId: filing.id,
          kind: 'sponsor_certificate',
          storageKey: 'k',
          sha256: 'r1',
          size: 1,
          contentType: 'image/jpeg',
        },
        new Date(),
      ),
    );
    const reading = databaseUploadReading(db(), {});
    expect(await reading.answersFor(c)).toEqual(answers);
    const result: DocumentReading = {
      qr: { text: licenceUrl(USCC_A), uscc: USCC_A, licence: true },
      checks: [
        { source: 'qr', fieldId: 'sponsor.documentNumber', read: USCC_A, answer: USCC_A, outcome: 'match' },
      ],
    };
    await reading.save(document.id, result);
    const row = await db().prisma.document.findUniqueOrThrow({ where: { id: document.id } });
    expect(documentReadingOf(row.reading)).toEqual(result);
    // A reading that finished after the reply: a sealed chat reply row for the notify worker.
    await reading.later?.(c, [{ type: 'notice', texts: [{ key: 'documents:reading.applicant.matched' }] }]);
    const queued = await db().prisma.outbox.findFirstOrThrow({
      where: { topic: 'chat_reply', orderKey: `telegram:${c.chatId}` },
    });
    expect(JSON.stringify(queued.payload)).not.toContain('reading.applicant');
  });
});

describe('document upload service: a slow reading', () => {
  it('does not hold the reply: the difference is sent afterwards with `later`, and still kept', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'icp-reading-slow-'));
    try {
      let release: (lines: OcrLine[]) => void = () => {};
      const slowOcr: OcrReader = {
        read: () => new Promise((resolve) => (release = resolve)),
        close: async () => {},
      };
      const sent: Outgoing[][] = [];
      const saved: DocumentReading[] = [];
      let delivered: () => void = () => {};
      const deliveredLater = new Promise<void>((resolve) => (delivered = resolve));
      const uploads = createDocumentUploadService({
        sealer: testSealer,
        blobs: new LocalBlobStore(dir),
        limits: { maxBytes: 10 * 1024 * 1024, minSidePx: 600 },
        records: inMemoryDocumentRecords(),
        applicant: { handleInput: async () => ({ lang: 'en', messages: [] }) },
        reading: {
          ocr: slowOcr,
          waitMs: 50,
          answersFor: async () => answers,
          save: async (_id, r) => {
            saved.push(r);
          },
          later: async (_chat, messages) => {
            sent.push(messages);
            delivered();
          },
        },
      });
      const reply = await uploads.acceptUpload(chat, {
        bytes: await idCardImage(),
        kind: 'sponsor_principal_id_front',
      });
      expect(reply.messages).toEqual([]);
      expect(sent).toEqual([]);
      release([{ text: '姓名王五', confidence: 0.99 }]);
      await deliveredLater;
      expect(noticeTexts(sent[0]!)[0]).toContain('王五');
      expect(saved[0]?.checks[0]).toMatchObject({ outcome: 'mismatch', read: '王五' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/**
 * The console chat wired to the application: inputs go through the applicant front, `/upload`
 * through the document upload service, and review pings parked in the console inbox are shown
 * between turns (and while the person is idle).
 */

import type { ApplicantFront } from '../../app/applicant-front.ts';
import type { EngineInput, Outgoing } from '../../conversation/types.ts';
import type { Database } from '../../db/database.ts';
import type { FormMaker } from '../../documents/forms/form-maker.ts';
import type { UploadLimits } from '../../documents/upload-problems.ts';
import type { Lang } from '../../i18n/index.ts';
import { takeConsoleInbox } from '../../notify/console-inbox.ts';
import { formsFolder } from '../../privacy/local-copies.ts';
import type { ApplicantService } from '../../services/applicant-service.ts';
import {
  createDocumentUploadService,
  databaseDocumentRecords,
  type UploadReading,
} from '../../services/document-upload-service.ts';
import { createPhotoAnswerService, type PhotoQuestions } from '../../services/photo-answer-service.ts';
import { createBlobSealer } from '../../storage/blob-envelope.ts';
import type { BlobStore } from '../../storage/blob-store.ts';
import type { ChatRef } from '../telegram/ports.ts';
import { runConsoleChat } from './console-chat.ts';
import { deliverConsoleForms } from './console-forms.ts';
import type { ConsoleTrace } from './console-trace.ts';

/** One local person, one chat: the console's identity in the database. */
export const CONSOLE_CHAT: ChatRef = { channel: 'console', chatId: 'local' };

export interface ConsoleChannelOptions {
  db: Pick<Database, 'prisma' | 'pii'>;
  front: ApplicantFront;
  applicant: Pick<ApplicantService, 'currentFiling'>;
  blobs: BlobStore;
  limits: UploadLimits;
  now: () => Date;
  /** Reading uploads (licence QR, OCR) and comparing them with the answers; absent: not read. */
  reading?: UploadReading;
  /** Which photo the question on screen takes (`/photo`, issue 14); absent: `/photo` is not offered. */
  photoQuestions?: PhotoQuestions;
  langOf: (chat: ChatRef, hint?: Lang) => Promise<Lang>;
  lang: Lang;
  dataDir: string;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** How often idle time is used to show review pings (default 2 s). */
  inboxPollMs?: number;
  /** Machine-readable lines for scripted driving (console-trace.ts). */
  trace?: ConsoleTrace | undefined;
  /** Makes the printable forms, written under `DATA_DIR/forms/<filing id>/`; without it their caption is shown. */
  forms?: FormMaker;
}

export interface ConsoleChannel {
  /** Resolves when the chat has ended (/exit, end of input, or close()). */
  finished: Promise<void>;
  /** Ends the chat (the app is stopping) and waits for the turn in hand to finish. */
  close(): Promise<void>;
}

export function createConsoleChannel(options: ConsoleChannelOptions): ConsoleChannel {
  const { front, langOf, lang } = options;
  const chat = { ...CONSOLE_CHAT, lang };
  const reply = async (messages: Outgoing[]) => {
    const replyLang = await langOf(CONSOLE_CHAT, lang);
    const make = options.forms;
    // One folder per filing, so an erasure of the filing finds its forms (privacy/local-copies.ts).
    const shown =
      make && messages.some((m) => m.type === 'form')
        ? await deliverConsoleForms(replyLang, messages, {
            make,
            dir: formsFolder(options.dataDir, (await options.applicant.currentFiling(chat)).filingId),
          })
        : messages;
    return { lang: replyLang, messages: shown };
  };
  const port = {
    handleInput: async (_chat: ChatRef, input: EngineInput) => reply(await front.handleInput(chat, input)),
  };
  const uploadDeps = {
    sealer: createBlobSealer(options.db.pii),
    blobs: options.blobs,
    limits: options.limits,
    records: databaseDocumentRecords(options.db, () => options.applicant.currentFiling(chat), options.now),
    applicant: port,
    ...(options.reading ? { reading: options.reading } : {}),
  };
  const uploads = createDocumentUploadService(uploadDeps);
  const photos = options.photoQuestions
    ? createPhotoAnswerService({ ...uploadDeps, questions: options.photoQuestions })
    : undefined;

  const ending = new AbortController();
  const finished = runConsoleChat({
    input: options.input,
    output: options.output,
    lang,
    dataDir: options.dataDir,
    inboxPollMs: options.inboxPollMs ?? 2_000,
    maxUploadBytes: options.limits.maxBytes,
    ...(options.trace ? { trace: options.trace } : {}),
    signal: ending.signal,
    ports: {
      handleInput: (input) => port.handleInput(CONSOLE_CHAT, input),
      acceptUpload: (upload, bytes) =>
        uploads.acceptUpload(CONSOLE_CHAT, {
          bytes,
          kind: upload.kind,
          ...(upload.websiteIndex !== undefined ? { websiteIndex: upload.websiteIndex } : {}),
          fileName: upload.path,
        }),
      ...(photos
        ? {
            answerWithPhoto: (path: string, bytes: Buffer) =>
              photos.answerWithPhoto(CONSOLE_CHAT, { bytes, fileName: path }),
          }
        : {}),
      takeInbox: async () => {
        const messages = await takeConsoleInbox(options.db, CONSOLE_CHAT.chatId, options.now());
        // Polled every few seconds: an empty inbox needs no language lookup.
        return messages.length === 0 ? { lang, messages } : reply(messages);
      },
    },
  });
  return {
    finished,
    close: async () => {
      ending.abort();
      await finished;
    },
  };
}

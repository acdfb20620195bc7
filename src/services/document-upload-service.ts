/**
 * An applicant's upload, from bytes to an answered documents step: inspect the bytes (real type,
 * size, dimensions, colour), store the original encrypted (its own data key, wrapped by the PII key)
 * once per filing under a generated key, record it as the current document of its kind, and tell
 * the engine. A refusal goes to the engine too, so it
 * explains and the event log shows it. Channel-neutral: Telegram calls it, the console could.
 */
import type {
  ApplicantPort,
  ChannelReply,
  ChatRef,
  UploadPort,
  UploadRequest,
} from '../channels/telegram/ports.ts';
import type { ConversationState, Outgoing } from '../conversation/types.ts';
import { chatKey, findApplicantByChat } from '../db/applicants.ts';
import { readConversation } from '../db/conversations.ts';
import { type Database, runInTransaction } from '../db/database.ts';
import { saveDocumentReading } from '../db/document-readings.ts';
import { addDocument, findDocumentBySha256 } from '../db/documents.ts';
import { enqueueOutbox } from '../db/outbox.ts';
import type { inspectUpload } from '../documents/inspect-upload.ts';
import type { OcrReader } from '../documents/ocr/ocr-reader.ts';
import { crossCheck } from '../documents/reading/cross-check.ts';
import type { DocumentReading, OcrRead } from '../documents/reading/document-reading.ts';
import type { PageReader } from '../documents/reading/page-reader.ts';
import { readingTexts } from '../documents/reading/reading-messages.ts';
import type { UploadLimits } from '../documents/upload-problems.ts';
import type { DraftFiling } from '../filing/catalog-types.ts';
import { isDocumentKind } from '../filing/document-kinds.ts';
import type { Lang } from '../i18n/index.ts';
import type { BlobSealer } from '../storage/blob-envelope.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import { objectKey } from '../storage/object-key.ts';
import { CHAT_REPLY_TOPIC, type ChatReplyPayload } from './step-plan.ts';

export interface StoredUpload {
  kind: string;
  websiteIndex?: number;
  storageKey: string;
  /** The blob's data key, wrapped by the PII key. */
  wrappedKey: string;
  sha256: string;
  size: number;
  contentType: string;
  width?: number;
  height?: number;
}

/** A blob already stored for the filing, with the key that opens it. */
export interface StoredBlobRef {
  storageKey: string;
  wrappedKey: string;
}

/** Where document rows live (the database in production). */
export interface DocumentRecords {
  /** The filing this chat's uploads belong to. */
  filingIdFor(chat: ChatRef): Promise<string>;
  /**
   * Identical bytes stored before for the same filing, so the store keeps one copy. Never another
   * filing's (issue 12 item 8): erasing one applicant must not remove a blob another still uses.
   */
  storedBlobOf(filingId: string, sha256: string): Promise<StoredBlobRef | undefined>;
  /** Records the upload as the current document of its kind; the previous one stays as history. */
  record(filingId: string, upload: StoredUpload): Promise<{ documentId: string; duplicate: boolean }>;
}

export interface DocumentUploadDeps {
  blobs: BlobStore;
  limits: UploadLimits;
  records: DocumentRecords;
  /** Encrypts each blob before it reaches storage. */
  sealer: BlobSealer;
  /** The applicant service: the engine hears about every upload, accepted or refused. */
  applicant: Pick<ApplicantPort, 'handleInput'>;
  uuid?: () => string;
  /** Reading the document (licence QR, OCR) and comparing it with the answers; absent: not read. */
  reading?: UploadReading;
}

/** What reading an upload needs from outside: the OCR worker, the answers, where the result is kept. */
export interface UploadReading {
  /** Absent when OCR=off or its model is missing: the QR code is still read. */
  ocr?: OcrReader | undefined;
  /** PDF rendering and the QR search off the main thread; absent: in this thread. */
  pages?: PageReader | undefined;
  /** The chat's answers so far (the conversation's draft filing). */
  answersFor(chat: ChatRef): Promise<DraftFiling | undefined>;
  save(documentId: string, reading: DocumentReading): Promise<void>;
  /** Codes and outcomes only: never a value read or typed. */
  log?: (obj: Record<string, unknown>, msg: string) => void;
  /**
   * How long the upload's reply waits for the reading (default READING_WAIT_MS). A reading that
   * takes longer (a busy OCR queue, a model still loading) goes on in the background, and what the
   * applicant should be told is sent with `later` when it is ready.
   */
  waitMs?: number;
  /**
   * How long a photo sent instead of typing waits for its reading (default PHOTO_READING_WAIT_MS in
   * photo-answer-service.ts): the applicant sent it to have it read, so longer than `waitMs`.
   */
  photoWaitMs?: number;
  /** Delivers messages to the chat after its reply (the outbox in production). */
  later?: (chat: ChatRef, messages: Outgoing[]) => Promise<void>;
}

/** A photo's reply should feel immediate; QR and OCR of one image take well under this on a free core. */
export const READING_WAIT_MS = 3000;

export function createDocumentUploadService(deps: DocumentUploadDeps): UploadPort {
  return {
    async acceptUpload(chat: ChatRef, upload: UploadRequest): Promise<ChannelReply> {
      const options = upload.updateId ? { updateId: upload.updateId } : {};
      // The kind names the storage key and the engine's document slot: only the known ones.
      if (!isDocumentKind(upload.kind)) {
        return deps.applicant.handleInput(
          chat,
          {
            type: 'document_rejected',
            problems: [{ code: 'upload.unknown_kind', params: { kind: upload.kind } }],
          },
          options,
        );
      }
      const inspected = await inspectOrRefuse(deps, chat, upload.bytes, options);
      if (!inspected.ok) return inspected.reply;
      const file = inspected.file;
      const documentId = await storeUpload(deps, chat, upload, file);
      const told = deps.reading
        ? await readInTime(deps.reading, chat, upload, file.contentType, documentId)
        : [];
      const reply = await deps.applicant.handleInput(
        chat,
        {
          type: 'document',
          kind: upload.kind,
          ...(upload.websiteIndex !== undefined ? { websiteIndex: upload.websiteIndex } : {}),
          documentId,
        },
        options,
      );
      return toldFirst(told, reply);
    },
  };
}

/**
 * The file's real type, size and pixels checked (inspect-upload.ts); a refused file is answered
 * by the engine's `document_rejected`, as every channel shows it.
 */
export async function inspectOrRefuse(
  deps: Pick<DocumentUploadDeps, 'applicant' | 'limits'>,
  chat: ChatRef,
  bytes: Buffer,
  options: { updateId?: string },
): Promise<{ ok: true; file: InspectedFile } | { ok: false; reply: ChannelReply }> {
  // Loaded on the first upload: the image and PDF libraries are heavy for a start.
  const { inspectUpload } = await import('../documents/inspect-upload.ts');
  const inspected = await inspectUpload(bytes, deps.limits);
  if (inspected.ok) return { ok: true, file: inspected.value };
  const problems = inspected.problems.map((p) => ({ code: p.code, params: p.params }));
  return {
    ok: false,
    reply: await deps.applicant.handleInput(chat, { type: 'document_rejected', problems }, options),
  };
}

/** The reading's messages before the engine's reply, so its next question stays the last thing shown. */
export function toldFirst(told: readonly Outgoing[], reply: ChannelReply): ChannelReply {
  return told.length > 0 ? { ...reply, messages: [...told, ...reply.messages] } : reply;
}

/** The result if it comes within `ms`, else undefined (the work goes on). */
export async function withinWait<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** An upload that passed inspection, as the service keeps it. */
export type InspectedFile = Extract<Awaited<ReturnType<typeof inspectUpload>>, { ok: true }>['value'];

/**
 * Stores the bytes encrypted (once per filing: identical bytes reuse the stored blob) and records
 * them as the current document of their kind; returns the document id.
 */
export async function storeUpload(
  deps: Pick<DocumentUploadDeps, 'records' | 'blobs' | 'sealer' | 'uuid'>,
  chat: ChatRef,
  upload: Pick<UploadRequest, 'bytes' | 'kind' | 'websiteIndex'>,
  file: InspectedFile,
): Promise<string> {
  const filingId = await deps.records.filingIdFor(chat);
  let stored = await deps.records.storedBlobOf(filingId, file.sha256);
  if (!stored) {
    const storageKey = objectKey({ filingId, kind: upload.kind, ext: file.ext }, deps.uuid);
    const sealed = deps.sealer.seal(upload.bytes);
    await deps.blobs.put(storageKey, sealed.body, 'application/octet-stream');
    stored = { storageKey, wrappedKey: sealed.wrappedKey };
  }
  const { documentId } = await deps.records.record(filingId, {
    kind: upload.kind,
    ...(upload.websiteIndex !== undefined ? { websiteIndex: upload.websiteIndex } : {}),
    storageKey: stored.storageKey,
    wrappedKey: stored.wrappedKey,
    sha256: file.sha256,
    size: file.size,
    contentType: file.contentType,
    ...(file.width !== undefined ? { width: file.width } : {}),
    ...(file.height !== undefined ? { height: file.height } : {}),
  });
  return documentId;
}

/**
 * The reading's messages if they are ready within the wait; otherwise none now, and the reading
 * finishes in the background: its result is still kept for the staff, and its messages go out
 * through `later` (or only to the staff when there is no `later`).
 */
async function readInTime(
  reading: UploadReading,
  chat: ChatRef,
  upload: UploadRequest,
  contentType: string,
  documentId: string,
): Promise<Outgoing[]> {
  const pending = readUpload(reading, chat, upload, contentType, documentId).then((r) => r.messages);
  const first = await withinWait(pending, reading.waitMs ?? READING_WAIT_MS);
  if (first !== undefined) return first;
  reading.log?.({ documentId, kind: upload.kind }, 'document reading continues after the reply');
  void pending.then(async (messages) => {
    if (messages.length === 0 || !reading.later) return;
    try {
      await reading.later(chat, messages);
    } catch (error) {
      reading.log?.(
        { documentId, err: error instanceof Error ? error.message : String(error) },
        'reading result not queued',
      );
    }
  });
  return [];
}

/**
 * Reads the upload, compares it with the answers, keeps the result with the document (when it was
 * kept as one), and returns what the applicant should be told and the text read. A reading that
 * fails is logged and skipped: the document is already safely recorded, and reading only helps.
 */
export async function readUpload(
  reading: UploadReading,
  chat: ChatRef,
  upload: Pick<UploadRequest, 'bytes' | 'kind' | 'websiteIndex'>,
  contentType: string,
  documentId: string | undefined,
): Promise<{ messages: Outgoing[]; ocr?: OcrRead }> {
  try {
    // Loaded on the first upload read, like the inspection above.
    const { readDocument } = await import('../documents/reading/read-document.ts');
    const read = await readDocument(upload.bytes, contentType, {
      kind: upload.kind,
      ocr: reading.ocr,
      ...(reading.pages ? { pages: reading.pages } : {}),
    });
    if (read.qr === undefined && read.ocr === undefined) return { messages: [] };
    const answers = (await reading.answersFor(chat)) ?? {};
    const result = crossCheck(
      {
        kind: upload.kind,
        ...(upload.websiteIndex !== undefined ? { websiteIndex: upload.websiteIndex } : {}),
        ...(read.qr !== undefined ? { qr: read.qr } : {}),
        ...(read.ocr ? { ocr: read.ocr } : {}),
      },
      answers,
    );
    if (documentId !== undefined) await reading.save(documentId, result);
    reading.log?.(
      {
        documentId,
        kind: upload.kind,
        qr: read.qr === undefined ? 'not_read' : read.qr === null ? 'none' : read.qr.uscc ? 'uscc' : 'other',
        ocr: read.ocr ? Object.keys(read.ocr.fields) : 'not_read',
        checks: result.checks.map((c) => `${c.source}:${c.fieldId}:${c.outcome}`),
      },
      'document read',
    );
    const texts = readingTexts(result);
    const messages: Outgoing[] = texts.length > 0 ? [{ type: 'notice', texts }] : [];
    return read.ocr ? { messages, ocr: read.ocr } : { messages };
  } catch (error) {
    reading.log?.(
      { documentId, kind: upload.kind, err: error instanceof Error ? error.message : String(error) },
      'document reading failed',
    );
    return { messages: [] };
  }
}

/** Reading backed by the database: the answers from the chat's conversation, the result on the document row. */
export function databaseUploadReading(
  db: Pick<Database, 'prisma' | 'pii'>,
  readers: Pick<UploadReading, 'ocr' | 'pages' | 'photoWaitMs'>,
  log?: UploadReading['log'],
): UploadReading {
  return {
    ...readers,
    async answersFor(chat) {
      const applicant = await findApplicantByChat(db.prisma, chat);
      if (!applicant) return undefined;
      const conversation = await readConversation(db.prisma, db.pii, applicant.id);
      return (conversation?.state as ConversationState | undefined)?.filing;
    },
    save: (documentId, result) => saveDocumentReading(db.prisma, documentId, result),
    // A chat reply row: the notify worker sends it, after any reply queued before it for this chat,
    // retrying until it is on the chat. Sealed: it quotes the number read and the one typed.
    async later(chat, messages) {
      const applicant = await findApplicantByChat(db.prisma, chat);
      const lang = (applicant?.lang as Lang | undefined) ?? 'zh';
      const payload: ChatReplyPayload = { channel: chat.channel, chatId: chat.chatId, lang, messages };
      await runInTransaction(db, (tx) =>
        enqueueOutbox(tx, db.pii, { topic: CHAT_REPLY_TOPIC, orderKey: chatKey(chat), payload, seal: true }),
      );
    },
    ...(log ? { log } : {}),
  };
}

/** In-memory records for tests and the bench; the database version lives with the applicant service. */
export function inMemoryDocumentRecords(
  filingIdFor: (chat: ChatRef) => string = (c) => `filing-${c.chatId}`,
) {
  const rows: Array<StoredUpload & { id: string; filingId: string; supersededBy?: string }> = [];
  let next = 1;
  const records: DocumentRecords & { rows: typeof rows } = {
    rows,
    async filingIdFor(chat) {
      return filingIdFor(chat);
    },
    async storedBlobOf(filingId, sha256) {
      const row = rows.find((r) => r.filingId === filingId && r.sha256 === sha256);
      return row && { storageKey: row.storageKey, wrappedKey: row.wrappedKey };
    },
    async record(filingId, upload) {
      const current = rows.find(
        (r) =>
          r.filingId === filingId &&
          r.kind === upload.kind &&
          r.websiteIndex === upload.websiteIndex &&
          r.supersededBy === undefined,
      );
      if (current?.sha256 === upload.sha256) return { documentId: current.id, duplicate: true };
      const id = `doc-${next++}`;
      if (current) current.supersededBy = id;
      rows.push({ ...upload, id, filingId });
      return { documentId: id, duplicate: false };
    },
  };
  return records;
}

/**
 * Document rows in the database. The documents table has no website column, so a per-website kind
 * is recorded as `<kind>.<websiteIndex>` (e.g. `domain_certificate.1`): otherwise the second
 * website's certificate would supersede the first's.
 */
export function databaseDocumentRecords(
  db: Pick<Database, 'prisma'>,
  filingOf: (chat: ChatRef) => Promise<{ filingId: string }>,
  now: () => Date = () => new Date(),
): DocumentRecords {
  return {
    async filingIdFor(chat) {
      return (await filingOf(chat)).filingId;
    },
    async storedBlobOf(filingId, sha256) {
      const row = await findDocumentBySha256(db.prisma, filingId, sha256);
      return row?.wrappedKey ? { storageKey: row.storageKey, wrappedKey: row.wrappedKey } : undefined;
    },
    async record(filingId, upload) {
      const kind = upload.websiteIndex === undefined ? upload.kind : `${upload.kind}.${upload.websiteIndex}`;
      const { document, duplicate } = await runInTransaction(db, (tx) =>
        addDocument(
          tx,
          {
            filingId,
            kind,
            storageKey: upload.storageKey,
            wrappedKey: upload.wrappedKey,
            sha256: upload.sha256,
            size: upload.size,
            contentType: upload.contentType,
            width: upload.width ?? null,
            height: upload.height ?? null,
          },
          now(),
        ),
      );
      return { documentId: document.id, duplicate };
    },
  };
}

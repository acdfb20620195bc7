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
import { type Database, runInTransaction } from '../db/database.ts';
import { addDocument, findDocumentBySha256 } from '../db/documents.ts';
import { inspectUpload } from '../documents/inspect-upload.ts';
import type { UploadLimits } from '../documents/upload-problems.ts';
import { isDocumentKind } from '../filing/document-kinds.ts';
import type { BlobSealer } from '../storage/blob-envelope.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import { objectKey } from '../storage/object-key.ts';

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
}

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
      const inspected = await inspectUpload(upload.bytes, deps.limits);
      if (!inspected.ok) {
        return deps.applicant.handleInput(
          chat,
          {
            type: 'document_rejected',
            problems: inspected.problems.map((p) => ({ code: p.code, params: p.params })),
          },
          options,
        );
      }
      const file = inspected.value;
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
      return deps.applicant.handleInput(
        chat,
        {
          type: 'document',
          kind: upload.kind,
          ...(upload.websiteIndex !== undefined ? { websiteIndex: upload.websiteIndex } : {}),
          documentId,
        },
        options,
      );
    },
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

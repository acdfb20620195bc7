/**
 * Short-lived document links for staff (issue 13): instead of a presigned storage URL (which would
 * hand out the encrypted bytes, or with a file:// link nothing usable), the app signs a token and
 * serves the decrypted file itself. Creating a link and each download are events with the staff
 * id and document id, so the staff-access audit can list them.
 */
import type { Database } from '../db/database.ts';
import { getDocument } from '../db/documents.ts';
import { appendEvent } from '../db/events.ts';
import { createBlobSealer } from '../storage/blob-envelope.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import { createLinkToken, type LinkCheck, MAX_LINK_TTL_SECONDS, verifyLinkToken } from './link-token.ts';

export const DOCUMENT_LINK_CREATED = 'document_link_created';
export const DOCUMENT_DOWNLOADED = 'document_downloaded';

export interface DocumentLinks {
  /** A link to the document valid `ttlSeconds` (at most 10 minutes); records `document_link_created`. */
  create(input: {
    staffId: string;
    filingId: string;
    documentId: string;
    kind: string;
    ttlSeconds: number;
  }): Promise<{ url: string; expiresAt: Date }>;
  /** The decrypted file behind a token, or why not; records `document_downloaded`. */
  open(token: string): Promise<DownloadResult>;
}

export type DownloadResult =
  | { ok: true; bytes: Buffer; contentType: string; filename: string }
  | { ok: false; reason: Exclude<LinkCheck, { ok: true }>['reason'] | 'not_found' };

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'application/pdf': 'pdf',
};

export function createDocumentLinks(deps: {
  db: Pick<Database, 'prisma' | 'pii'>;
  blobs: BlobStore;
  /** Public base URL of the link server, e.g. https://icp.example.com/files */
  baseUrl: string;
  now: () => Date;
}): DocumentLinks {
  const { db } = deps;
  const key = db.pii.subkey('document-links');
  const sealer = createBlobSealer(db.pii);
  const base = deps.baseUrl.replace(/\/+$/, '');
  return {
    async create(input) {
      const now = deps.now();
      const ttl = Math.min(Math.max(1, input.ttlSeconds), MAX_LINK_TTL_SECONDS);
      const expiresAt = Math.floor(now.getTime() / 1000) + ttl;
      const token = createLinkToken(key, { documentId: input.documentId, staffId: input.staffId, expiresAt });
      await appendEvent(db.prisma, db.pii, {
        filingId: input.filingId,
        actor: `staff:${input.staffId}`,
        type: DOCUMENT_LINK_CREATED,
        data: { staffId: input.staffId, documentId: input.documentId, kind: input.kind, ttlSeconds: ttl },
        at: now,
      });
      return { url: `${base}/documents/${token}`, expiresAt: new Date(expiresAt * 1000) };
    },

    async open(token) {
      const now = deps.now();
      const check = verifyLinkToken(key, token, now);
      if (!check.ok) return check;
      const { documentId, staffId } = check.claims;
      const document = await getDocument(db.prisma, documentId);
      if (!document) return { ok: false, reason: 'not_found' };
      let stored: Buffer;
      try {
        stored = await deps.blobs.get(document.storageKey);
      } catch {
        return { ok: false, reason: 'not_found' };
      }
      const bytes = sealer.open(stored, document.wrappedKey);
      await appendEvent(db.prisma, db.pii, {
        filingId: document.filingId,
        actor: `staff:${staffId}`,
        type: DOCUMENT_DOWNLOADED,
        data: { staffId, documentId, kind: document.kind },
        at: now,
      });
      const ext = EXTENSIONS[document.contentType] ?? 'bin';
      // The kind only (e.g. sponsor_principal_id_front.jpg): never the applicant's file name.
      const filename = `${document.kind.replace(/[^A-Za-z0-9_.-]/g, '_')}.${ext}`;
      return { ok: true, bytes, contentType: document.contentType, filename };
    },
  };
}

import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatRef } from '../../src/channels/telegram/ports.ts';
import { getDocument } from '../../src/db/documents.ts';
import { listEvents } from '../../src/db/events.ts';
import { createFiling } from '../../src/db/filings.ts';
import {
  createDocumentLinks,
  DOCUMENT_DOWNLOADED,
  DOCUMENT_LINK_CREATED,
} from '../../src/document-links/document-links.ts';
import { createLinkServer, listen } from '../../src/document-links/link-server.ts';
import { createLinkToken } from '../../src/document-links/link-token.ts';
import {
  createDocumentUploadService,
  databaseDocumentRecords,
} from '../../src/services/document-upload-service.ts';
import { createBlobSealer } from '../../src/storage/blob-envelope.ts';
import { LocalBlobStore } from '../../src/storage/local-blob-store.ts';
import { describeEachBackend } from '../support/db.ts';
import { colourPhotoJpeg } from '../support/images.ts';

const silent = { info: () => {}, warn: () => {} };

describeEachBackend('documents encrypted at rest, served through the app', (db) => {
  let dir: string;
  let photo: Buffer;
  let server: Server;
  let base: string;
  let blobs: LocalBlobStore;
  let clock = new Date('2026-12-04T10:00:00Z');
  const now = () => clock;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'icp-links-'));
    photo = await colourPhotoJpeg();
    blobs = new LocalBlobStore(dir);
    server = createLinkServer({
      links: createDocumentLinks({ db: db(), blobs, baseUrl: 'http://x', now }),
      logger: silent,
    });
    base = `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  async function upload(bytes: Buffer) {
    const applicant = await db().prisma.applicant.create({ data: { lang: 'en' } });
    const filing = await createFiling(db().prisma, db().pii, { applicantId: applicant.id, document: {} });
    const documentIds: string[] = [];
    const uploads = createDocumentUploadService({
      sealer: createBlobSealer(db().pii),
      blobs,
      limits: { maxBytes: 10 * 1024 * 1024, minSidePx: 600 },
      records: databaseDocumentRecords(db(), async () => ({ filingId: filing.id })),
      applicant: {
        handleInput: async (_chat: ChatRef, input) => {
          if (input.type === 'document') documentIds.push(input.documentId);
          return { lang: 'en', messages: [] };
        },
      },
    });
    await uploads.acceptUpload(
      { channel: 'console', chatId: applicant.id },
      { bytes, kind: 'sponsor_principal_id_front' },
    );
    const document = await getDocument(db().prisma, documentIds[0]!);
    return { filing, document: document! };
  }

  function linksFor(baseUrl = base) {
    return createDocumentLinks({ db: db(), blobs, baseUrl, now });
  }

  it('a blob read straight from storage is not an image; through the app it is, as an attachment', async () => {
    const { filing, document } = await upload(photo);
    const stored = await blobs.get(document.storageKey);
    expect(await fileTypeFromBuffer(stored)).toBeUndefined();
    expect(stored.includes(photo.subarray(0, 64))).toBe(false);
    expect(document.wrappedKey).toMatch(/^enc:v2:[0-9a-f]{8}:/);
    // Local files are readable by the owner only.
    expect((await stat(blobs.pathOf(document.storageKey))).mode & 0o777).toBe(0o600);

    const link = await linksFor().create({
      staffId: 'U_STAFF1',
      filingId: filing.id,
      documentId: document.id,
      kind: document.kind,
      ttlSeconds: 600,
    });
    expect(link.expiresAt.getTime() - clock.getTime()).toBe(600_000);
    const response = await fetch(link.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="sponsor_principal_id_front.jpg"',
    );
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    const served = Buffer.from(await response.arrayBuffer());
    expect(served.equals(photo)).toBe(true);
    expect((await fileTypeFromBuffer(served))?.mime).toBe('image/jpeg');

    const events = await listEvents(db().prisma, db().pii, {
      filingId: filing.id,
      types: [DOCUMENT_LINK_CREATED, DOCUMENT_DOWNLOADED],
    });
    expect(events.map((e) => [e.type, e.actor, (e.data as { documentId?: string }).documentId])).toEqual([
      [DOCUMENT_LINK_CREATED, 'staff:U_STAFF1', document.id],
      [DOCUMENT_DOWNLOADED, 'staff:U_STAFF1', document.id],
    ]);
  });

  it('refuses an expired, a forged and a stretched link, in both languages', async () => {
    const { filing, document } = await upload(photo);
    const link = await linksFor().create({
      staffId: 'U_STAFF1',
      filingId: filing.id,
      documentId: document.id,
      kind: document.kind,
      ttlSeconds: 3600,
    });
    // Asked for an hour, given ten minutes at most.
    expect(link.expiresAt.getTime() - clock.getTime()).toBe(600_000);
    const token = link.url.split('/').pop()!;
    const forged = `${token.split('.')[0]}.${'A'.repeat(43)}`;
    const forgedResponse = await fetch(`${base}/documents/${forged}`);
    expect(forgedResponse.status).toBe(403);
    expect(await forgedResponse.text()).toContain('not valid');
    const stretched = createLinkToken(db().pii.subkey('document-links'), {
      documentId: document.id,
      staffId: 'U_STAFF1',
      expiresAt: Math.floor(clock.getTime() / 1000) + 3600,
    });
    expect((await fetch(`${base}/documents/${stretched}`)).status).toBe(403);
    const saved = clock;
    clock = new Date(clock.getTime() + 601_000);
    try {
      const expired = await fetch(`${base}/documents/${token}`);
      expect(expired.status).toBe(410);
      const text = await expired.text();
      expect(text).toContain('expired');
      expect(text).toContain('过期');
    } finally {
      clock = saved;
    }
  });

  it('keeps dedup within one filing: identical bytes of two applicants are two blobs (issue 12 item 8)', async () => {
    const first = await upload(photo);
    const second = await upload(photo);
    expect(second.document.storageKey).not.toBe(first.document.storageKey);
    // Erasing the first applicant's blobs leaves the second's document whole.
    await blobs.delete(first.document.storageKey);
    const link = await linksFor().create({
      staffId: 'U_STAFF1',
      filingId: second.filing.id,
      documentId: second.document.id,
      kind: second.document.kind,
      ttlSeconds: 60,
    });
    const served = Buffer.from(await (await fetch(link.url)).arrayBuffer());
    expect(served.equals(photo)).toBe(true);
  });
});

describe('local blob files', () => {
  it('are written with mode 0600', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'icp-mode-'));
    try {
      const store = new LocalBlobStore(dir);
      await store.put('filings/f/other/x.jpg', Buffer.from('x'), 'image/jpeg');
      expect((await stat(store.pathOf('filings/f/other/x.jpg'))).mode & 0o777).toBe(0o600);
      expect(await readFile(store.pathOf('filings/f/other/x.jpg'), 'utf8')).toBe('x');
      expect((await readdir(join(dir, 'filings/f/other'))).length).toBe(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApplicantPort, ChatRef } from '../../src/channels/telegram/ports.ts';
import type { EngineInput } from '../../src/conversation/types.ts';
import { createPiiCipher } from '../../src/db/pii-cipher.ts';
import {
  createDocumentUploadService,
  inMemoryDocumentRecords,
} from '../../src/services/document-upload-service.ts';
import { createBlobSealer } from '../../src/storage/blob-envelope.ts';
import { LocalBlobStore } from '../../src/storage/local-blob-store.ts';
import { colourPhotoJpeg } from '../support/images.ts';

const testSealer = createBlobSealer(createPiiCipher(randomBytes(32)));

const chat: ChatRef = { channel: 'console', chatId: 'local' };

describe('document upload service', () => {
  let dir: string;
  let photo: Buffer;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'icp-upload-'));
    photo = await colourPhotoJpeg();
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  function service() {
    const inputs: EngineInput[] = [];
    const applicant: Pick<ApplicantPort, 'handleInput'> = {
      handleInput: async (_chat, input) => {
        inputs.push(input);
        return { lang: 'en', messages: [] };
      },
    };
    const records = inMemoryDocumentRecords();
    const uploads = createDocumentUploadService({
      sealer: testSealer,
      blobs: new LocalBlobStore(dir),
      limits: { maxBytes: 10 * 1024 * 1024, minSidePx: 600 },
      records,
      applicant,
    });
    return { uploads, inputs, records };
  }

  it('refuses a kind the filing does not use before storing anything, and tells the engine', async () => {
    const { uploads, inputs, records } = service();
    await uploads.acceptUpload(chat, { bytes: photo, kind: '身份证' });
    await uploads.acceptUpload(chat, { bytes: photo, kind: '../secret' });
    expect(inputs).toEqual([
      { type: 'document_rejected', problems: [{ code: 'upload.unknown_kind', params: { kind: '身份证' } }] },
      {
        type: 'document_rejected',
        problems: [{ code: 'upload.unknown_kind', params: { kind: '../secret' } }],
      },
    ]);
    expect(records.rows).toEqual([]);
  });

  it('stores a known kind once and hands the engine its document id', async () => {
    const { uploads, inputs, records } = service();
    await uploads.acceptUpload(chat, { bytes: photo, kind: 'sponsor_principal_id_front' });
    await uploads.acceptUpload(chat, { bytes: photo, kind: 'sponsor_principal_id_front' });
    expect(records.rows).toHaveLength(1);
    expect(inputs).toEqual([
      { type: 'document', kind: 'sponsor_principal_id_front', documentId: 'doc-1' },
      { type: 'document', kind: 'sponsor_principal_id_front', documentId: 'doc-1' },
    ]);
  });
});

/**
 * Cost of checking an upload (type from bytes, dimensions, colour test) for typical documents, so
 * channels know what an upload adds to an update's handling. Prints figures; asserts nothing.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { createPiiCipher } from '../src/db/pii-cipher.ts';
import { inspectUpload } from '../src/documents/inspect-upload.ts';
import { DEFAULT_UPLOAD_LIMITS } from '../src/documents/upload-problems.ts';
import {
  createDocumentUploadService,
  inMemoryDocumentRecords,
} from '../src/services/document-upload-service.ts';
import { type BlobSealer, createBlobSealer } from '../src/storage/blob-envelope.ts';
import { LocalBlobStore } from '../src/storage/local-blob-store.ts';
import { colourPhotoJpeg, greyscaleAsRgbJpeg, minimalPdf } from '../tests/support/images.ts';

async function measure(name: string, bytes: Buffer, runs: number): Promise<void> {
  await inspectUpload(bytes, DEFAULT_UPLOAD_LIMITS);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await inspectUpload(bytes, DEFAULT_UPLOAD_LIMITS);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
  console.log(
    `${name.padEnd(34)} ${(bytes.length / 1024).toFixed(0).padStart(6)} KB  p50 ${at(0.5)} ms  p99 ${at(0.99)} ms`,
  );
}

/**
 * The whole accepted upload (inspect, store in the local folder, record) with the blob encrypted
 * (a fresh data key wrapped by the PII key, AES-256-GCM) and, for comparison, stored as it is.
 */
async function measureEncryption(photo: Buffer, runs: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'icp-upload-bench-'));
  const plain: BlobSealer = { seal: (body) => ({ body, wrappedKey: '' }), open: (body) => body };
  const sealers: [string, BlobSealer][] = [
    ['without encryption', plain],
    ['with encryption', createBlobSealer(createPiiCipher(randomBytes(32)))],
  ];
  const perSecond: Record<string, number[]> = {};
  try {
    // Alternating rounds, so both see the same machine load; each upload is new bytes for a new filing.
    for (let round = 0; round < 5; round++) {
      for (const [name, sealer] of sealers) {
        const uploads = createDocumentUploadService({
          sealer,
          blobs: new LocalBlobStore(dir),
          limits: DEFAULT_UPLOAD_LIMITS,
          records: inMemoryDocumentRecords((chat) => `filing-${chat.chatId}`),
          applicant: { handleInput: async () => ({ lang: 'en', messages: [] }) },
        });
        const start = performance.now();
        for (let i = 0; i < runs; i++) {
          await uploads.acceptUpload(
            { channel: 'console', chatId: `${name.replace(/\W+/g, '-')}-${round}-${i}` },
            { bytes: photo, kind: 'sponsor_principal_id_front' },
          );
        }
        const rates = perSecond[name] ?? [];
        rates.push(runs / ((performance.now() - start) / 1000));
        perSecond[name] = rates;
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const without = median(perSecond['without encryption']!);
  const withEnc = median(perSecond['with encryption']!);
  console.log(
    `upload 1280×900 JPEG without encryption  ${without.toFixed(0)} uploads/s (median of 5 rounds)`,
  );
  console.log(`upload 1280×900 JPEG with encryption     ${withEnc.toFixed(0)} uploads/s`);
  console.log(`ratio with / without encryption: ${(withEnc / without).toFixed(2)} (goal >= 0.8)`);
}

export default async function (): Promise<void> {
  const photo = await colourPhotoJpeg();
  // A 12-megapixel phone photo: the common case from Telegram documents.
  const big = await sharp(photo).resize(4000, 3000, { fit: 'fill' }).jpeg({ quality: 90 }).toBuffer();
  await measure('colour photo 1280×900 JPEG', photo, 50);
  await measure('colour photo 4000×3000 JPEG', big, 20);
  await measure('greyscale-as-RGB 1280×900 (refused)', await greyscaleAsRgbJpeg(), 50);
  await measure('PDF (one page, parsed)', minimalPdf(), 200);
  await measureEncryption(photo, 40);
}

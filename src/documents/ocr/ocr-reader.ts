/**
 * The OCR worker seen from the main thread: send image bytes, get text lines back (adapter).
 * `ocr-worker.ts` owns the models; `worker-client.ts` the queue, deadline and shutdown.
 */
import { sourceUrl } from '../../project-root.ts';
import { startWorkerClient, type WorkerClientOptions } from '../worker-client.ts';
import type { OcrLine } from './ocr-fields.ts';

export interface OcrReader {
  /** The lines read, or null when the image could not be read now (busy, too slow, model missing). */
  read(image: Uint8Array, maxSide: number): Promise<OcrLine[] | null>;
  close(): Promise<void>;
}

/** Longest side for an ID card front (text 5–10 % of the card's height). */
export const ID_FRONT_MAX_SIDE = 1280;
/** A licence carries smaller print over a whole page. */
export const LICENCE_MAX_SIDE = 1800;

export function startOcrWorker(options: WorkerClientOptions = {}): OcrReader {
  const client = startWorkerClient<{ image: Uint8Array; maxSide: number }, OcrLine[]>(
    sourceUrl('documents/ocr/ocr-worker.ts'),
    options,
  );
  return {
    // A copy: the caller keeps its bytes (they are stored after the read).
    read: (image, maxSide) => client.call({ image: new Uint8Array(image), maxSide }),
    close: () => client.close(),
  };
}

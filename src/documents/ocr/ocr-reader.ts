/**
 * The main thread's side of the OCR worker: send image bytes, get text lines back (adapter). One
 * worker, one image at a time inside it; a bounded queue and a per-image deadline mean an upload's
 * reply never waits for long: a job that cannot be read in time, or finds the queue full, comes
 * back as "not read" and the upload goes on without the cross-check.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { OcrLine } from './ocr-fields.ts';

export interface OcrReader {
  /** The lines read, or null when the image could not be read now (busy, too slow, model missing). */
  read(image: Uint8Array, maxSide: number): Promise<OcrLine[] | null>;
  close(): Promise<void>;
}

export interface OcrReaderOptions {
  /** Per image, from sending to answer, queue time included. */
  timeoutMs?: number;
  /** Images waiting or being read; more than this and a new one is not read. */
  maxPending?: number;
  /** Told once when the model cannot be loaded (the reader then answers null to every image). */
  onUnavailable?: (reason: string) => void;
}

/** How long close() waits for a model run in progress before terminating the worker anyway. */
const CLOSE_GRACE_MS = 30_000;

/** Longest side for an ID card front (text 5–10 % of the card's height). */
export const ID_FRONT_MAX_SIDE = 1280;
/** A licence carries smaller print over a whole page. */
export const LICENCE_MAX_SIDE = 1800;

type Reply =
  | { id: number; lines?: OcrLine[]; error?: string }
  | { type: 'ready' }
  | { type: 'unavailable'; reason: string };

export function startOcrWorker(options: OcrReaderOptions = {}): OcrReader {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const maxPending = options.maxPending ?? 8;
  const pending = new Map<number, (lines: OcrLine[] | null) => void>();
  /** Jobs the worker has not answered yet, timed-out ones included: terminating it mid-run aborts the process. */
  let inWorker = 0;
  let idle: (() => void) | undefined;
  let worker: Worker | undefined;
  let unavailable = false;
  let nextId = 1;

  const settleAll = () => {
    for (const done of pending.values()) done(null);
    pending.clear();
  };
  const giveUp = (reason: string) => {
    if (!unavailable) options.onUnavailable?.(reason);
    unavailable = true;
    settleAll();
  };
  // Started on the first image: a process that never reads one (most tests, a Slack-only role)
  // never loads the models (~100 MB, a second of CPU).
  const started = (): Worker => {
    if (worker) return worker;
    worker = new Worker(bootstrap(), { eval: true });
    // Reading documents must not keep the process alive on its own (a CLI run, a stopping service).
    worker.unref();
    worker.on('message', (reply: Reply) => {
      if ('type' in reply) {
        if (reply.type === 'unavailable') giveUp(reply.reason);
        return;
      }
      pending.get(reply.id)?.(reply.lines ?? null);
      inWorker--;
      if (inWorker === 0) idle?.();
    });
    worker.on('error', (error) => giveUp(error.message));
    return worker;
  };

  return {
    read(image, maxSide) {
      if (unavailable || pending.size >= maxPending) return Promise.resolve(null);
      const id = nextId++;
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          done(null);
          // Still queued in the worker: it skips it rather than spend a core on an answer nobody waits for.
          worker?.postMessage({ cancel: id });
        }, timeoutMs);
        const done = (lines: OcrLine[] | null) => {
          clearTimeout(timer);
          pending.delete(id);
          resolve(lines);
        };
        pending.set(id, done);
        // A copy: the caller keeps its bytes (they are stored after the read).
        started().postMessage({ id, image: new Uint8Array(image), maxSide });
        inWorker++;
      });
    },
    async close() {
      settleAll();
      if (!worker) return;
      // onnxruntime aborts the whole process when its thread is terminated inside a model run, so
      // the run in progress (at most one; queued ones are cancelled) is let finish first.
      for (const id of pending.keys()) worker.postMessage({ cancel: id });
      if (inWorker > 0 && !unavailable) {
        await new Promise<void>((resolve) => {
          idle = resolve;
          setTimeout(resolve, CLOSE_GRACE_MS).unref();
        });
      }
      await worker.terminate();
    },
  };
}

/**
 * The worker's entry is TypeScript, and a worker thread does not inherit the tsx loader the main
 * thread registered (bin/icp.js), so a small eval'd script registers it there first.
 */
function bootstrap(): string {
  // tsx's CommonJS entry cannot register from an eval'd worker; its ESM entry can. The package's
  // exports map points `import` at dist/esm/api/index.mjs.
  const tsxRoot = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsxApi = pathToFileURL(join(tsxRoot, 'dist/esm/api/index.mjs')).href;
  const entry = new URL('./ocr-worker.ts', import.meta.url).href;
  return `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
}

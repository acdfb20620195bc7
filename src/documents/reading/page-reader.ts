/**
 * The CPU-heavy first steps of reading a document: rendering a PDF's first page (PDF.js, tens of
 * milliseconds to seconds) and searching the image for a QR code (~50 ms of CPU for a 2000 px
 * photo). In the service they run in a worker thread so no chat waits behind them; the CLI and
 * tests may run them in-process.
 */
import { sourceUrl } from '../../project-root.ts';
import { startWorkerClient, type WorkerClientOptions } from '../worker-client.ts';

export interface PageJob {
  bytes: Uint8Array;
  pdf: boolean;
  findQr: boolean;
}

export type PageRead =
  | { readable: false }
  | {
      readable: true;
      /** A PDF's first page as PNG (an image upload is its own page). */
      page?: Uint8Array;
      /** When asked: the QR text, null for none; absent when the search failed. */
      qrText?: string | null;
    };

export interface PageReader {
  /** Null when the job could not be done now (busy, too slow). */
  read(job: PageJob): Promise<PageRead | null>;
  close(): Promise<void>;
}

export async function readPage(job: PageJob): Promise<PageRead> {
  // Loaded on the first page: PDF.js and the QR decoder are megabytes the app's start need not parse.
  const [{ renderFirstPage }, { decodeQr }] = await Promise.all([
    import('../pdf-first-page.ts'),
    import('../qr/decode-qr.ts'),
  ]);
  const page = job.pdf ? await renderFirstPage(job.bytes) : undefined;
  if (job.pdf && !page) return { readable: false };
  const read: PageRead = { readable: true, ...(page ? { page } : {}) };
  if (job.findQr) {
    try {
      read.qrText = await decodeQr(page ?? job.bytes);
    } catch {
      // Not a decodable image after all (or over sharp's pixel limit): no QR result, no crash.
    }
  }
  return read;
}

export const inProcessPageReader: PageReader = {
  read: readPage,
  close: async () => {},
};

export function startPageWorker(options: WorkerClientOptions = {}): PageReader {
  const client = startWorkerClient<PageJob, PageRead>(sourceUrl('documents/reading/page-worker.ts'), options);
  return {
    // A copy: the caller keeps its bytes (they are stored after the read).
    read: (job) => client.call({ ...job, bytes: new Uint8Array(job.bytes) }),
    close: () => client.close(),
  };
}

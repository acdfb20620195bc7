/** The page worker thread: PDF first-page rendering and QR search off the main thread (page-reader.ts). */
import { parentPort } from 'node:worker_threads';
import { serveJobs } from '../worker-client.ts';
import { type PageJob, type PageRead, readPage } from './page-reader.ts';

if (!parentPort) throw new Error('page-worker.ts runs as a worker thread');
serveJobs<PageJob & { id: number }, PageRead>(parentPort, readPage);

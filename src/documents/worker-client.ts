/**
 * The main thread's side of a document worker thread (adapter): send a job, get its result back.
 * One worker, one job at a time inside it; a bounded queue and a per-job deadline mean an upload's
 * reply never waits for long: a job that cannot be done in time, or finds the queue full, comes
 * back as null ("not read") and the upload goes on without it.
 *
 * Protocol: in { id, ...job } or { cancel: id }; out { id, result } or { id, error }, and once
 * { type: 'unavailable', reason } when the worker cannot work at all (a model missing).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

export interface WorkerClient<Job, Result> {
  /** The result, or null when the job could not be done now (busy, too slow, worker unavailable, failed). */
  call(job: Job): Promise<Result | null>;
  close(): Promise<void>;
}

export interface WorkerClientOptions {
  /** Per job, from sending to answer, queue time included. */
  timeoutMs?: number;
  /** Jobs waiting or running; more than this and a new one is not done. */
  maxPending?: number;
  /** Told once when the worker cannot work (it then answers null to every job). */
  onUnavailable?: (reason: string) => void;
}

/** How long close() waits for a job in progress before terminating the worker anyway. */
const CLOSE_GRACE_MS = 30_000;

type Reply<Result> =
  | { id: number; result?: Result; error?: string }
  | { type: 'unavailable'; reason: string };

export function startWorkerClient<Job extends object, Result>(
  entry: URL,
  options: WorkerClientOptions = {},
): WorkerClient<Job, Result> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const maxPending = options.maxPending ?? 8;
  const pending = new Map<number, (result: Result | null) => void>();
  /** Jobs the worker has not answered yet, timed-out ones included: terminating it mid-run may abort the process. */
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
  // Started on the first job: a process that never reads a document (most tests, a Slack-only
  // role) never loads the worker's libraries or models.
  const started = (): Worker => {
    if (worker) return worker;
    worker = new Worker(bootstrap(entry), { eval: true });
    // Reading documents must not keep the process alive on its own (a CLI run, a stopping service).
    worker.unref();
    worker.on('message', (reply: Reply<Result>) => {
      if ('type' in reply) {
        if (reply.type === 'unavailable') giveUp(reply.reason);
        return;
      }
      pending.get(reply.id)?.(reply.result ?? null);
      inWorker--;
      if (inWorker === 0) idle?.();
    });
    worker.on('error', (error) => giveUp(error.message));
    return worker;
  };

  return {
    call(job) {
      if (unavailable || pending.size >= maxPending) return Promise.resolve(null);
      const id = nextId++;
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          done(null);
          // Still queued in the worker: it skips it rather than spend a core on an answer nobody waits for.
          worker?.postMessage({ cancel: id });
        }, timeoutMs);
        const done = (result: Result | null) => {
          clearTimeout(timer);
          pending.delete(id);
          resolve(result);
        };
        pending.set(id, done);
        started().postMessage({ ...job, id });
        inWorker++;
      });
    },
    async close() {
      settleAll();
      if (!worker) return;
      // onnxruntime aborts the whole process when its thread is terminated inside a model run, so
      // the job in progress (at most one; queued ones are cancelled) is let finish first.
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
 * Worker entries are TypeScript, and a worker thread does not inherit the tsx loader the main
 * thread registered (bin/icp.js), so a small eval'd script registers it there first. tsx's
 * CommonJS entry cannot register from an eval'd worker; its ESM entry (the `import` target of the
 * package's exports map) can.
 */
function bootstrap(entry: URL): string {
  const tsxRoot = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsxApi = pathToFileURL(join(tsxRoot, 'dist/esm/api/index.mjs')).href;
  return `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
}

/**
 * The worker side: runs jobs one at a time (two at once would only share the same core), skips
 * cancelled ones, and answers each with its result or error.
 */
export function serveJobs<Job extends { id: number }, Result>(
  port: import('node:worker_threads').MessagePort,
  run: (job: Job) => Promise<Result>,
): void {
  const cancelled = new Set<number>();
  let queue: Promise<void> = Promise.resolve();
  port.on('message', (message: Job | { cancel: number }) => {
    if ('cancel' in message) {
      cancelled.add(message.cancel);
      return;
    }
    queue = queue.then(async () => {
      if (cancelled.delete(message.id)) {
        port.postMessage({ id: message.id, error: 'cancelled' });
        return;
      }
      try {
        port.postMessage({ id: message.id, result: await run(message) });
      } catch (error) {
        port.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) });
      }
    });
  });
}

/**
 * Group commit for chat answers. Steps that become ready in the same turn of the event loop (a
 * batch of Telegram updates is stepped in one go) are written together once that turn is over:
 * shared evenly among the statements free to start (two at most, so two database connections work
 * at once), each statement one round trip and one commit (src/db/guarded-batch.ts). Steps that
 * arrive while both statements are busy wait and go together when one is done. At a trickle each
 * answer is written alone, right after the turn that computed it.
 *
 * A batch is all or nothing: if one of its steps is refused (a version moved, a delivery seen
 * before), each step is written again on its own, so only that one gets the refusal.
 */
import { chatKey } from '../db/applicants.ts';
import type { GuardedStepResult, GuardedStepWrite } from '../db/guarded-step.ts';
import { refusalError, StepsRefused } from '../db/step-refusal.ts';
import { metrics } from '../ops/metrics.ts';

export type CommitSteps = (writes: readonly GuardedStepWrite[]) => Promise<GuardedStepResult[]>;

export interface StepWriter {
  write(write: GuardedStepWrite): Promise<GuardedStepResult>;
}

interface Pending {
  write: GuardedStepWrite;
  resolve: (result: GuardedStepResult) => void;
  reject: (error: unknown) => void;
}

export interface StepWriterOptions {
  /** Steps in one statement at most. */
  maxBatch?: number;
  /** Statements in flight at once: one commits while the next runs. */
  maxInFlight?: number;
}

export function createStepWriter(commit: CommitSteps, options: StepWriterOptions = {}): StepWriter {
  const maxBatch = options.maxBatch ?? 64;
  const maxInFlight = options.maxInFlight ?? 2;
  let queue: Pending[] = [];
  let inFlight = 0;
  let pumpScheduled = false;
  /** Chats with a step being written: their next step waits, so a chat's steps commit in order. */
  const writing = new Set<string>();
  const chatOf = (pending: Pending) => chatKey(pending.write.chat);

  async function writeBatch(batch: Pending[]): Promise<void> {
    try {
      const started = performance.now();
      const results = await commit(batch.map((p) => p.write));
      metrics.commitLatency.observe((performance.now() - started) / 1000);
      for (const [i, p] of batch.entries()) p.resolve(results[i]!);
    } catch (error) {
      if (error instanceof StepsRefused && batch.length > 1) {
        for (const p of batch) await writeBatch([p]);
        return;
      }
      for (const p of batch) p.reject(error instanceof StepsRefused ? refusalError(error, p.write) : error);
    }
  }

  /**
   * The next batch: queued steps in order, one per chat, none of a chat already being written (a
   * chat's second step waits for its first).
   */
  function takeBatch(size: number): Pending[] {
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    for (const pending of queue) {
      const chat = chatOf(pending);
      if (batch.length < size && !writing.has(chat)) {
        batch.push(pending);
        writing.add(chat);
      } else {
        rest.push(pending);
      }
    }
    queue = rest;
    return batch;
  }

  function pump(): void {
    while (inFlight < maxInFlight && queue.length > 0) {
      // Spread what is queued over the free statements, so they run side by side.
      const size = Math.min(maxBatch, Math.ceil(queue.length / (maxInFlight - inFlight)));
      const batch = takeBatch(size);
      // Every queued step waits for its chat's step in flight; that one's end pumps again.
      if (batch.length === 0) return;
      inFlight++;
      void writeBatch(batch).finally(() => {
        for (const pending of batch) writing.delete(chatOf(pending));
        inFlight--;
        pump();
      });
    }
  }

  return {
    write(write) {
      return new Promise<GuardedStepResult>((resolve, reject) => {
        queue.push({ write, resolve, reject });
        // Written after this turn, with the steps computed alongside it.
        if (pumpScheduled) return;
        pumpScheduled = true;
        setImmediate(() => {
          pumpScheduled = false;
          pump();
        });
      });
    },
  };
}

/**
 * Group commit for chat answers. A step that arrives while fewer than two statements are being
 * written is written at once, alone; steps that arrive while both are busy wait and then go
 * together, in one statement, one round trip and one commit (src/db/guarded-batch.ts). Under load
 * a batch holds whatever queued meanwhile, so the database sees a few large commits instead of
 * many small ones (and one statement runs while the other waits for the disk); at a trickle every
 * answer is written the moment it is ready.
 *
 * A batch is all or nothing: if one of its steps is refused (a version moved, a delivery seen
 * before), each step is written again on its own, so only that one gets the refusal.
 */
import type { GuardedStepResult, GuardedStepWrite } from '../db/guarded-step.ts';
import { refusalError, StepsRefused } from '../db/step-refusal.ts';

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

  async function writeBatch(batch: Pending[]): Promise<void> {
    try {
      const results = await commit(batch.map((p) => p.write));
      for (const [i, p] of batch.entries()) p.resolve(results[i]!);
    } catch (error) {
      if (error instanceof StepsRefused && batch.length > 1) {
        for (const p of batch) await writeBatch([p]);
        return;
      }
      for (const p of batch) p.reject(error instanceof StepsRefused ? refusalError(error, p.write) : error);
    }
  }

  /** The next batch: queued steps in order, one per chat (a chat's second step waits for its first). */
  function takeBatch(): Pending[] {
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    const chats = new Set<string>();
    for (const pending of queue) {
      const chat = `${pending.write.chat.channel}:${pending.write.chat.chatId}`;
      if (batch.length < maxBatch && !chats.has(chat)) {
        batch.push(pending);
        chats.add(chat);
      } else {
        rest.push(pending);
      }
    }
    queue = rest;
    return batch;
  }

  function pump(): void {
    while (inFlight < maxInFlight && queue.length > 0) {
      const batch = takeBatch();
      inFlight++;
      void writeBatch(batch).finally(() => {
        inFlight--;
        pump();
      });
    }
  }

  return {
    write(write) {
      return new Promise<GuardedStepResult>((resolve, reject) => {
        queue.push({ write, resolve, reject });
        pump();
      });
    },
  };
}

/**
 * Group commit for chat answers. A step that arrives while none is being written is written at
 * once, alone; steps that arrive meanwhile wait for that write and then go together, in one
 * statement, one round trip and one commit (src/db/guarded-batch.ts). Under load a batch holds
 * whatever queued during the previous write, so the database sees a few large commits instead of
 * many small ones; at a trickle every answer is written the moment it is ready.
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

export function createStepWriter(commit: CommitSteps, options: { maxBatch?: number } = {}): StepWriter {
  const maxBatch = options.maxBatch ?? 64;
  let queue: Pending[] = [];
  let writing = false;

  async function writeBatch(batch: Pending[]): Promise<void> {
    try {
      const results = await commit(batch.map((p) => p.write));
      batch.forEach((p, i) => p.resolve(results[i]!));
    } catch (error) {
      if (error instanceof StepsRefused && batch.length > 1) {
        for (const p of batch) await writeBatch([p]);
        return;
      }
      for (const p of batch) p.reject(error instanceof StepsRefused ? refusalError(error, p.write) : error);
    }
  }

  async function drain(): Promise<void> {
    writing = true;
    try {
      while (queue.length > 0) {
        // One step per chat in a batch: a chat's second step must see its first one written.
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
        await writeBatch(batch);
      }
    } finally {
      writing = false;
    }
  }

  return {
    write(write) {
      return new Promise<GuardedStepResult>((resolve, reject) => {
        queue.push({ write, resolve, reject });
        if (!writing) void drain();
      });
    },
  };
}

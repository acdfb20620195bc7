/**
 * Updates of one chat run one after the other, in arrival order; different chats run in parallel.
 * An update seen before (same update_id) is skipped. The dedupe check happens inside the chat's
 * chain, so a duplicate that arrives while the original is still running waits for it and is then
 * recognised.
 */

/** True when this update id is new (and is now claimed), false when it was processed before. */
export type MarkProcessed = (updateId: number) => Promise<boolean>;

export interface UpdateQueueOptions {
  markProcessed: MarkProcessed;
  /** A task that throws must not stop the chat's later updates. */
  onError: (error: unknown, updateId: number) => void;
}

export class UpdateQueue {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly options: UpdateQueueOptions;

  constructor(options: UpdateQueueOptions) {
    this.options = options;
  }

  /** Resolves when this update has been handled (or skipped as a duplicate); never rejects. */
  run(chatKey: string, updateId: number, task: () => Promise<void>): Promise<void> {
    const previous = this.chains.get(chatKey) ?? Promise.resolve();
    const next = previous.then(async () => {
      try {
        if (!(await this.options.markProcessed(updateId))) return;
        await task();
      } catch (error) {
        this.options.onError(error, updateId);
      }
    });
    this.chains.set(chatKey, next);
    // Forget the chain once it is idle, so the map holds only chats with work in hand.
    void next.then(() => {
      if (this.chains.get(chatKey) === next) this.chains.delete(chatKey);
    });
    return next;
  }

  /** Chats with updates in hand. */
  get activeChats(): number {
    return this.chains.size;
  }

  /** Resolves when every update accepted so far has been handled. */
  async drain(): Promise<void> {
    while (this.chains.size > 0) await Promise.all([...this.chains.values()]);
  }
}

/**
 * Process-local dedupe for tests and single-instance runs; the database version (applicant
 * service) is the durable one. Keeps the most recent `capacity` ids.
 */
export function inMemoryMarkProcessed(capacity = 10_000): MarkProcessed {
  const seen = new Set<number>();
  return async (updateId) => {
    if (seen.has(updateId)) return false;
    seen.add(updateId);
    if (seen.size > capacity) seen.delete(seen.values().next().value as number);
    return true;
  };
}

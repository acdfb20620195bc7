/**
 * Updates of one chat run one after the other, in arrival order; different chats run in parallel.
 * An update seen before (same update_id) is skipped. The dedupe check happens inside the chat's
 * chain, so a duplicate that arrives while the original is still running waits for it and is then
 * recognised.
 *
 * Telegram may be told an update is done (its promise resolves) once the task calls `accept()`:
 * the answer and a row standing in for its reply are committed, so a crash from then on loses
 * nothing (after restart the notify worker shows the chat where it stands, the question again). Long polling then fetches the next updates while the
 * replies of these are still being sent, instead of idling through each batch's sends. At most
 * `maxAccepted` updates may be accepted but unfinished; past that, an update resolves when done.
 */

/** True when this update id is new (and is now claimed), false when it was processed before. */
export type MarkProcessed = (updateId: number) => Promise<boolean>;

export interface UpdateQueueOptions {
  markProcessed: MarkProcessed;
  /** A task that throws must not stop the chat's later updates. */
  onError: (error: unknown, updateId: number) => void;
  /** Updates accepted early whose task is still running, at most (default 1,000). */
  maxAccepted?: number;
}

/** Called by a task once nothing of its update can be lost any more (committed, reply kept). */
export type Accept = () => void;

export class UpdateQueue {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly options: UpdateQueueOptions;
  private readonly maxAccepted: number;
  /** Accepted early, task still running. */
  private acceptedRunning = 0;

  constructor(options: UpdateQueueOptions) {
    this.options = options;
    this.maxAccepted = options.maxAccepted ?? 1000;
  }

  /**
   * Resolves when this update has been handled (or skipped as a duplicate), or earlier when the
   * task accepts it (see above); never rejects.
   */
  run(chatKey: string, updateId: number, task: (accept: Accept) => Promise<void>): Promise<void> {
    const previous = this.chains.get(chatKey) ?? Promise.resolve();
    let resolveAccepted!: () => void;
    const accepted = new Promise<void>((resolve) => {
      resolveAccepted = resolve;
    });
    let early = false;
    const accept: Accept = () => {
      if (early || this.acceptedRunning >= this.maxAccepted) return;
      early = true;
      this.acceptedRunning++;
      resolveAccepted();
    };
    const next = previous.then(async () => {
      try {
        if (!(await this.options.markProcessed(updateId))) return;
        await task(accept);
      } catch (error) {
        this.options.onError(error, updateId);
      } finally {
        if (early) this.acceptedRunning--;
      }
    });
    this.chains.set(chatKey, next);
    // Forget the chain once it is idle, so the map holds only chats with work in hand.
    void next.then(() => {
      if (this.chains.get(chatKey) === next) this.chains.delete(chatKey);
    });
    return Promise.race([next, accepted]);
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

/**
 * Telegram's limits for bots: about one message per second in a chat and 30 per second overall.
 * The pacer makes a sender wait its turn instead of collecting 429s. It is per process; with
 * several instances the 429 handling of the outbox (retry_after) covers what pacing cannot.
 */
export interface ChatPacer {
  /** Resolves when a message to `chatKey` may go out; call right before sending. */
  wait(chatKey: string): Promise<void>;
}

export interface ChatPacerOptions {
  perChatMs?: number;
  perSecond?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createChatPacer(options: ChatPacerOptions = {}): ChatPacer {
  const perChatMs = options.perChatMs ?? 1_000;
  const perSecond = options.perSecond ?? 30;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  /** Earliest time the next message to each chat may go; slots are reserved before sleeping. */
  const nextByChat = new Map<string, number>();
  /** Reserved send times of the last second, oldest first. */
  const recent: number[] = [];

  function reserve(chatKey: string): number {
    const current = now();
    let at = Math.max(current, nextByChat.get(chatKey) ?? 0);
    while (recent.length > 0 && recent[0]! <= current - 1_000) recent.shift();
    if (recent.length >= perSecond) at = Math.max(at, recent[recent.length - perSecond]! + 1_000);
    recent.push(at);
    recent.sort((a, b) => a - b);
    nextByChat.set(chatKey, at + perChatMs);
    // Forget chats idle long enough that they can no longer delay anything.
    if (nextByChat.size > 10_000) {
      for (const [key, next] of nextByChat) if (next < current) nextByChat.delete(key);
    }
    return at;
  }

  return {
    async wait(chatKey) {
      const delay = reserve(chatKey) - now();
      if (delay > 0) await sleep(delay);
    },
  };
}

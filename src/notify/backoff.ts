/**
 * When to try a failed delivery again: exponential from `baseMs`, capped at `maxMs`. A server that
 * names its wait (Telegram's retry_after) is obeyed, even beyond the cap: asking earlier only
 * earns another 429.
 */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 5 * 60_000 };

/** `attempts` counts the failed attempt too (1 after the first failure). */
export function retryDelayMs(attempts: number, policy: BackoffPolicy, retryAfterMs?: number): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  return retryAfterMs !== undefined ? Math.max(retryAfterMs, 0) : exponential;
}

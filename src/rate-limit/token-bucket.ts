/**
 * Per-chat token buckets (issue 12, item 6): one chat flooding updates must not load the database
 * for everyone. Each chat may send `burst` updates at once and `perSecond` on average; past that,
 * the first excess update is answered once with "slow down" (`warn`) and every other one dropped
 * until the bucket has a token again. Pure: the clock is injected, the caller acts on the verdict.
 */

export interface TokenBucketOptions {
  perSecond: number;
  burst: number;
  /** Milliseconds; `performance.now` or `Date.now` in production, a fake in tests. */
  now: () => number;
  /** Chats remembered at most; idle (full) buckets are forgotten first, as they carry no state. */
  maxKeys?: number;
}

export type Verdict = 'ok' | 'warn' | 'drop';

/** Counts for the metrics endpoint; the limiter only ever increments them. */
export interface RateLimitCounters {
  /** Updates let through. */
  passed: number;
  /** Excess updates answered with "slow down" (and not processed). */
  warned: number;
  /** Excess updates dropped without an answer (a warning was already sent). */
  dropped: number;
}

interface Bucket {
  tokens: number;
  at: number;
  /** A warning was sent since the chat last had a token. */
  warned: boolean;
}

export const DEFAULT_CHAT_RATE = { perSecond: 5, burst: 20 } as const;

export class ChatRateLimiter {
  readonly counters: RateLimitCounters = { passed: 0, warned: 0, dropped: 0 };
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private readonly options: TokenBucketOptions;
  private readonly maxKeys: number;

  constructor(options: TokenBucketOptions) {
    if (!(options.perSecond > 0) || !(options.burst >= 1))
      throw new Error('rate limit: perSecond > 0, burst >= 1');
    this.options = options;
    this.perMs = options.perSecond / 1000;
    this.maxKeys = options.maxKeys ?? 100_000;
  }

  take(key: string): Verdict {
    const now = this.options.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.forgetIdle(now);
      bucket = { tokens: this.options.burst, at: now, warned: false };
      this.buckets.set(key, bucket);
    } else {
      bucket.tokens = Math.min(this.options.burst, bucket.tokens + (now - bucket.at) * this.perMs);
      bucket.at = now;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      bucket.warned = false;
      this.counters.passed++;
      return 'ok';
    }
    if (!bucket.warned) {
      bucket.warned = true;
      this.counters.warned++;
      return 'warn';
    }
    this.counters.dropped++;
    return 'drop';
  }

  /** Chats remembered now (tests, metrics). */
  get size(): number {
    return this.buckets.size;
  }

  private forgetIdle(now: number): void {
    const fullAfterMs = this.options.burst / this.perMs;
    for (const [key, bucket] of this.buckets) if (now - bucket.at >= fullAfterMs) this.buckets.delete(key);
    // Every chat busy at once: forget the oldest half rather than grow without bound.
    if (this.buckets.size >= this.maxKeys) {
      let n = Math.ceil(this.buckets.size / 2);
      for (const key of this.buckets.keys()) {
        if (n-- <= 0) break;
        this.buckets.delete(key);
      }
    }
  }
}

/**
 * Every limiter of the process, summed per channel: what the ops engineer's /metrics can expose
 * (`rate_limited_updates_total{channel,verdict}`).
 */
export const rateLimitCounters: Record<string, RateLimitCounters> = {};

export function registerLimiter(channel: string, limiter: ChatRateLimiter): void {
  // The limiter's own object, so the numbers are live without a copy on the hot path.
  rateLimitCounters[channel] = limiter.counters;
}

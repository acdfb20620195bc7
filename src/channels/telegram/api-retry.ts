/**
 * One retry policy for every outgoing Bot API call (the grammY model): 429 → wait `retry_after`
 * and retry; 5xx and network errors → capped exponential backoff; any other 4xx → rethrow, it will
 * not get better by asking again. Logs carry the method, code and attempt only: error messages of
 * network failures can contain the request URL, and the URL contains the bot token.
 */
import type { Telegram } from 'telegraf';
import { TelegramError } from 'telegraf';
import { metrics } from '../../ops/metrics.ts';

export interface RetryLogger {
  warn(obj: Record<string, unknown>, msg: string): void;
}

export interface RetryOptions {
  /** Injected so tests run without real waiting. */
  sleep?: (ms: number) => Promise<void>;
  /** Attempts in all, the first included. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A longer `retry_after` is not waited for (the call fails); Telegram asks for seconds, rarely minutes. */
  maxRetryAfterSeconds?: number;
  logger?: RetryLogger;
}

export type FailureKind = 'rate_limited' | 'server' | 'network' | 'client';

const defaults = {
  maxAttempts: 6,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
  maxRetryAfterSeconds: 120,
};

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function classifyFailure(error: unknown): FailureKind {
  if (error instanceof TelegramError) {
    if (error.code === 429) return 'rate_limited';
    if (error.code >= 500) return 'server';
    return 'client';
  }
  const name = error instanceof Error ? error.name : '';
  // node-fetch (telegraf's client) reports refused/reset/dropped connections and unreadable bodies
  // as FetchError; the pooled transport as a system error, one of undici's codes, or
  // UnreadableApiResponse.
  if (
    name === 'FetchError' ||
    name === 'TypeError' ||
    name === 'UnreadableApiResponse' ||
    isSystemError(error) ||
    isUndiciNetworkError(error)
  )
    return 'network';
  return 'client';
}

/** A connection that broke or timed out; not an abort, nor a pool closed on shutdown. */
const UNDICI_NETWORK_CODES = new Set([
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

function isUndiciNetworkError(error: unknown): boolean {
  return error instanceof Error && UNDICI_NETWORK_CODES.has(String((error as NodeJS.ErrnoException).code));
}

function isSystemError(error: unknown): boolean {
  return (
    error instanceof Error &&
    typeof (error as NodeJS.ErrnoException).code === 'string' &&
    /^E[A-Z]+/.test(String((error as NodeJS.ErrnoException).code))
  );
}

/** Telegram's answer to an edit that changes nothing: harmless, the message already shows it. */
export function isNotModified(error: unknown): boolean {
  return (
    error instanceof TelegramError && error.code === 400 && /message is not modified/i.test(error.description)
  );
}

/** The edited message is gone (deleted by the user, or too old): send a new one instead. */
export function isEditImpossible(error: unknown): boolean {
  return (
    error instanceof TelegramError &&
    error.code === 400 &&
    /message to edit not found|message can't be edited|MESSAGE_ID_INVALID/i.test(error.description)
  );
}

export function backoffDelay(attempt: number, baseDelayMs: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
}

export async function callWithRetry<T>(
  method: string,
  call: () => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      // Merged here, on the rare failure, not before every call of every update.
      const o = { ...defaults, ...options };
      const sleep = options.sleep ?? realSleep;
      const kind = classifyFailure(error);
      if (kind === 'client' || attempt >= o.maxAttempts) throw error;
      let delayMs: number;
      if (kind === 'rate_limited') metrics.telegram429.inc({ path: 'live' });
      if (kind === 'rate_limited') {
        const retryAfter = (error as TelegramError).parameters?.retry_after ?? 1;
        if (retryAfter > o.maxRetryAfterSeconds) throw error;
        delayMs = retryAfter * 1000;
      } else {
        delayMs = backoffDelay(attempt, o.baseDelayMs, o.maxDelayMs);
      }
      options.logger?.warn(
        { method, kind, attempt, delayMs, code: error instanceof TelegramError ? error.code : undefined },
        'telegram call failed, retrying',
      );
      await sleep(delayMs);
    }
  }
}

/**
 * Wraps `telegram.callApi` of this instance. getUpdates is left alone: telegraf's polling loop has
 * its own retry and passes an abort signal that must stay effective on shutdown.
 */
export function installRetry(telegram: Telegram, options: RetryOptions = {}): Telegram {
  const marker = telegram as Telegram & { __icpRetry?: true };
  if (marker.__icpRetry) return telegram;
  const original = telegram.callApi.bind(telegram);
  const wrapped = ((method: string, payload: unknown, extra?: unknown) => {
    const invoke = () =>
      (original as (m: string, p: unknown, e?: unknown) => Promise<unknown>)(method, payload, extra);
    if (method === 'getUpdates') return invoke();
    return callWithRetry(method, invoke, options);
  }) as Telegram['callApi'];
  telegram.callApi = wrapped;
  marker.__icpRetry = true;
  return telegram;
}

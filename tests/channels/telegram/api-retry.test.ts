import { TelegramError } from 'telegraf';
import { errors } from 'undici';
import { describe, expect, it } from 'vitest';
import { callWithRetry, classifyFailure, isNotModified } from '../../../src/channels/telegram/api-retry.ts';

function failing(errors: unknown[]) {
  let calls = 0;
  return {
    fn: async () => {
      const error = errors[calls++];
      if (error) throw error;
      return 'ok';
    },
    get calls() {
      return calls;
    },
  };
}

const tooMany = (retryAfter: number) =>
  new TelegramError({
    error_code: 429,
    description: 'Too Many Requests',
    parameters: { retry_after: retryAfter },
  });
const serverError = new TelegramError({ error_code: 502, description: 'Bad Gateway' });
const fetchError = Object.assign(new Error('request failed, reason: socket hang up'), { name: 'FetchError' });

describe('callWithRetry', () => {
  it('waits retry_after seconds on 429', async () => {
    const sleeps: number[] = [];
    const call = failing([tooMany(3)]);
    expect(await callWithRetry('sendMessage', call.fn, { sleep: async (ms) => void sleeps.push(ms) })).toBe(
      'ok',
    );
    expect(sleeps).toEqual([3000]);
  });

  it('backs off exponentially up to the cap on 5xx and network errors, then gives up', async () => {
    const sleeps: number[] = [];
    const call = failing([serverError, fetchError, serverError, serverError, serverError, serverError]);
    await expect(
      callWithRetry('sendMessage', call.fn, {
        sleep: async (ms) => void sleeps.push(ms),
        baseDelayMs: 100,
        maxDelayMs: 500,
        maxAttempts: 5,
      }),
    ).rejects.toBe(serverError);
    expect(sleeps).toEqual([100, 200, 400, 500]);
    expect(call.calls).toBe(5);
  });

  it('rethrows other 4xx at once', async () => {
    const notModified = new TelegramError({
      error_code: 400,
      description: 'Bad Request: message is not modified: specified new message content ...',
    });
    const sleeps: number[] = [];
    await expect(
      callWithRetry('editMessageText', failing([notModified]).fn, {
        sleep: async (ms) => void sleeps.push(ms),
      }),
    ).rejects.toBe(notModified);
    expect(sleeps).toEqual([]);
    expect(isNotModified(notModified)).toBe(true);
  });

  it('does not wait for an unreasonable retry_after', async () => {
    const error = tooMany(3600);
    await expect(
      callWithRetry('sendMessage', failing([error]).fn, { sleep: async () => {}, maxRetryAfterSeconds: 60 }),
    ).rejects.toBe(error);
  });

  it('classifies failures', () => {
    expect(classifyFailure(tooMany(1))).toBe('rate_limited');
    expect(classifyFailure(serverError)).toBe('server');
    expect(classifyFailure(fetchError)).toBe('network');
    // undici (the pooled transport): a broken socket is retried, an abort or a closed pool is not.
    expect(classifyFailure(new errors.SocketError('other side closed'))).toBe('network');
    expect(classifyFailure(new errors.HeadersTimeoutError())).toBe('network');
    expect(classifyFailure(new errors.RequestAbortedError())).toBe('client');
    expect(classifyFailure(new errors.ClientClosedError())).toBe('client');
    expect(
      classifyFailure(new TelegramError({ error_code: 403, description: 'Forbidden: bot was blocked' })),
    ).toBe('client');
  });
});

import { TelegramError } from 'telegraf';
import { describe, expect, it } from 'vitest';
import {
  classifyDeliveryError,
  permanentFailure,
  transientFailure,
} from '../../src/notify/delivery-failure.ts';

const telegram = (code: number, retryAfter?: number) =>
  new TelegramError({
    error_code: code,
    description: 'x',
    ...(retryAfter ? { parameters: { retry_after: retryAfter } } : {}),
  });
const withCode = (fields: Record<string, unknown>) =>
  Object.assign(new Error('zhang@example.cn refused'), fields);

describe('delivery failure classes', () => {
  it('Telegram: 429 waits retry_after, 5xx retries, other 4xx give up', () => {
    expect(classifyDeliveryError(telegram(429, 12))).toEqual({
      transient: true,
      code: 'telegram_429',
      retryAfterMs: 12_000,
    });
    expect(classifyDeliveryError(telegram(502))).toEqual({ transient: true, code: 'telegram_502' });
    expect(classifyDeliveryError(telegram(403))).toEqual({ transient: false, code: 'telegram_403' });
    expect(classifyDeliveryError(telegram(400))).toEqual({ transient: false, code: 'telegram_400' });
  });

  it('SMTP: 4xx replies and a session 503 retry, other 5xx give up; bad credentials give up', () => {
    expect(classifyDeliveryError(withCode({ code: 'EENVELOPE', responseCode: 451 }))).toEqual({
      transient: true,
      code: 'smtp_451',
    });
    expect(classifyDeliveryError(withCode({ code: 'EENVELOPE', responseCode: 550 }))).toEqual({
      transient: false,
      code: 'smtp_550',
    });
    expect(classifyDeliveryError(withCode({ code: 'EAUTH' }))).toEqual({
      transient: false,
      code: 'mail_EAUTH',
    });
  });

  it('network failures retry; codes never carry the message text', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ESOCKET']) {
      expect(classifyDeliveryError(withCode({ code }))).toEqual({ transient: true, code: `network_${code}` });
    }
    const fetchError = Object.assign(new Error('request to https://api.telegram.org/bot123:secret failed'), {
      name: 'FetchError',
    });
    expect(classifyDeliveryError(fetchError)).toEqual({ transient: true, code: 'network_FetchError' });
  });

  it('handlers can name the class themselves; anything unknown is retried (up to the attempt limit)', () => {
    expect(classifyDeliveryError(permanentFailure('payload_invalid'))).toEqual({
      transient: false,
      code: 'payload_invalid',
    });
    expect(classifyDeliveryError(transientFailure('telegram_not_configured'))).toEqual({
      transient: true,
      code: 'telegram_not_configured',
    });
    expect(classifyDeliveryError(new RangeError('boom'))).toEqual({
      transient: true,
      code: 'unknown_RangeError',
    });
  });
});

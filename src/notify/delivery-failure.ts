/**
 * Sorting a failed delivery: transient ones (Telegram 429/5xx, the network, an SMTP server that is
 * down or says "try later") come back with backoff; permanent ones (a blocked bot, a refused
 * address) are given up at once, since every retry would get the same answer. Only codes leave this
 * file: error messages can quote addresses, chat ids or the bot token.
 */
import { describeMailError, isTransientMailError } from '../mail/mail-errors.ts';

export type DeliveryFailure =
  | {
      transient: true;
      code: string /** The server said how long to wait (Telegram 429). */;
      retryAfterMs?: number;
    }
  | { transient: false; code: string };

/** Thrown by handlers that know the answer themselves (no chat sender configured, bad payload). */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  constructor(readonly failure: DeliveryFailure) {
    super(`delivery failed: ${failure.code}`);
  }
}

export function transientFailure(code: string): DeliveryError {
  return new DeliveryError({ transient: true, code });
}

export function permanentFailure(code: string): DeliveryError {
  return new DeliveryError({ transient: false, code });
}

const NETWORK_CODE = /^E[A-Z_]+$/;
const PERMANENT_MAIL_CODES = new Set(['EAUTH', 'EENVELOPE', 'EMESSAGE', 'ETLS', 'ECONFIG']);

function errorCode(error: unknown): string | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * What telegraf's TelegramError carries: the Bot API's answer. Recognised by its shape, not by
 * `instanceof`, so the worker does not load telegraf in a process without Telegram.
 */
interface BotApiError {
  response: { error_code: number; parameters?: { retry_after?: number } };
}

function isBotApiError(error: unknown): error is BotApiError {
  const response = (error as { response?: { error_code?: unknown } } | null)?.response;
  return error instanceof Error && typeof response?.error_code === 'number';
}

export function classifyDeliveryError(error: unknown): DeliveryFailure {
  if (error instanceof DeliveryError) return error.failure;
  if (isBotApiError(error)) {
    const code = error.response.error_code;
    if (code === 429) {
      const seconds = error.response.parameters?.retry_after ?? 1;
      return { transient: true, code: 'telegram_429', retryAfterMs: seconds * 1000 };
    }
    if (code >= 500) return { transient: true, code: `telegram_${code}` };
    // 400 chat not found, 403 bot blocked: asking again changes nothing.
    return { transient: false, code: `telegram_${code}` };
  }
  const mail = describeMailError(error);
  if (mail.responseCode !== undefined) {
    return { transient: isTransientMailError(error), code: `smtp_${mail.responseCode}` };
  }
  const name = error instanceof Error ? error.name : '';
  const code = errorCode(error);
  // nodemailer's refusals that a new attempt cannot fix: bad credentials, a malformed message.
  if (code && PERMANENT_MAIL_CODES.has(code)) return { transient: false, code: `mail_${code}` };
  // node-fetch (telegraf) reports refused or dropped connections as FetchError; sockets and DNS
  // failures (Node and nodemailer alike) carry an E... code.
  if (name === 'FetchError' || (code && NETWORK_CODE.test(code))) {
    return { transient: true, code: `network_${code ?? name}` };
  }
  // Anything else (a database hiccup inside a handler, a bug): retried, but only up to the
  // worker's attempt limit, so a poisoned row does not hold its order key forever.
  return { transient: true, code: `unknown_${name || 'error'}` };
}

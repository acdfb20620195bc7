/**
 * The Bot API calls the bot makes for every update (messages, edits, callback answers) go over
 * undici's keep-alive connection pool instead of telegraf's node-fetch client: the same request
 * (POST of the JSON payload to `<apiRoot>/bot<token>/<method>`) and the same outcomes (the result,
 * or a TelegramError carrying the API's error_code, description and parameters, or 5xx as its
 * status, or a body that is not the API's JSON retried as a network failure), for much less CPU
 * and garbage per call; on a busy bot the HTTP client was the largest
 * single cost after our own work. Methods that may carry a file (sendPhoto, setWebhook with a
 * certificate, ...) and getUpdates (telegraf's polling loop aborts it on shutdown) stay on
 * telegraf's client.
 */
import { STATUS_CODES } from 'node:http';
import type { Telegram } from 'telegraf';
import { TelegramError } from 'telegraf';
import { Agent, request } from 'undici';

/** JSON-only methods: their payloads never hold an InputFile. */
const POOLED_METHODS = new Set([
  'sendMessage',
  'editMessageText',
  'editMessageReplyMarkup',
  'answerCallbackQuery',
  'deleteMessage',
  'sendChatAction',
  'getFile',
  'getMe',
  'setMyCommands',
  'deleteMyCommands',
  'deleteWebhook',
]);

export const TELEGRAM_API_ROOT = 'https://api.telegram.org';

/** Connections kept open to the Bot API; calls beyond them wait for a free one. */
export const MAX_CONNECTIONS = 64;

export interface PooledTransport {
  /** Closes the pool's connections (idle ones never keep the process alive). */
  close(): Promise<void>;
}

interface ApiResponse {
  ok: boolean;
  result?: unknown;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

type CallApi = (method: string, payload: unknown, extra?: { signal?: AbortSignal }) => Promise<unknown>;

/**
 * Replaces `telegram.callApi` for the pooled methods; install it before `installRetry`, which
 * wraps whatever `callApi` it finds.
 */
export function installPooledTransport(
  telegram: Telegram,
  options: { token: string; apiRoot?: string | undefined },
): PooledTransport {
  // A burst of replies reuses these connections instead of opening one per reply (Telegram answers
  // in milliseconds, so more would only cost handshakes).
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: MAX_CONNECTIONS });
  // Resolved like telegraf does (`./bot<token>/<method>` against the root).
  const base = new URL(`./bot${options.token}/`, options.apiRoot ?? TELEGRAM_API_ROOT).href;
  const telegrafCall = telegram.callApi.bind(telegram) as CallApi;

  const pooledCall: CallApi = async (method, payload, extra) => {
    if (!POOLED_METHODS.has(method)) return telegrafCall(method, payload, extra);
    const response = await request(base + method, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: payloadJson(payload),
      dispatcher: agent,
      ...(extra?.signal ? { signal: extra.signal } : {}),
    });
    if (response.statusCode >= 500) {
      await response.body.dump();
      throw new TelegramError(
        { error_code: response.statusCode, description: STATUS_CODES[response.statusCode] ?? 'Server Error' },
        { method, payload },
      );
    }
    const data = await readApiResponse(response.statusCode, await response.body.text());
    if (!data.ok) {
      throw new TelegramError(
        {
          error_code: data.error_code ?? response.statusCode,
          description: data.description ?? STATUS_CODES[response.statusCode] ?? 'Error',
          ...(data.parameters ? { parameters: data.parameters } : {}),
        },
        { method, payload },
      );
    }
    return data.result;
  };
  telegram.callApi = pooledCall as Telegram['callApi'];
  return { close: () => agent.close() };
}

/**
 * Not the Bot API's JSON (a proxy's error page while a self-hosted Bot API server restarts, an
 * empty body): retried like a dropped connection, as telegraf's client does.
 */
export class UnreadableApiResponse extends Error {
  override name = 'UnreadableApiResponse';
  constructor(readonly statusCode: number) {
    super(`the Bot API answered ${statusCode} with a body that is not its JSON`);
  }
}

function readApiResponse(statusCode: number, body: string): ApiResponse {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    throw new UnreadableApiResponse(statusCode);
  }
  if (typeof data !== 'object' || data === null || !('ok' in data))
    throw new UnreadableApiResponse(statusCode);
  return data as ApiResponse;
}

/**
 * The payload as telegraf sends it: null fields left out. A replacer function makes
 * JSON.stringify several times slower, so it runs only when the plain JSON has a null in it.
 */
export function payloadJson(payload: unknown): string {
  const json = JSON.stringify(payload ?? {});
  return json.includes('null') ? JSON.stringify(payload, dropNulls) : json;
}

function dropNulls(_key: string, value: unknown): unknown {
  return value ?? undefined;
}

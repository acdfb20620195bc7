/**
 * A fake Telegram Bot API on loopback, speaking HTTP the way telegraf calls it:
 * `POST /bot<token>/<method>` with a JSON, urlencoded or multipart body, answered with
 * `{ ok: true, result }` or `{ ok: false, error_code, description, parameters }`, and file downloads at
 * `GET /file/bot<token>/<file_path>`. Every call is recorded in order; tests push updates, register
 * downloadable files and inject faults (429 with retry_after, 5xx, dropped connections).
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Json = Record<string, unknown>;

export interface RecordedCall {
  seq: number;
  method: string;
  params: Json;
}

export interface FakeChat {
  id: number;
  languageCode?: string;
  firstName?: string;
}

export interface SentMessage {
  chatId: number;
  messageId: number;
  text: string;
  replyMarkup?: Json;
  parseMode?: string;
}

export type Fault =
  | { status: 429; retryAfter: number }
  | { status: 500 | 502 | 503 }
  | { drop: true }
  /** Answered normally, but only once `until` resolves. */
  | { hold: Promise<void> };

interface StoredFile {
  path: string;
  bytes: Buffer;
  size: number;
}

interface Waiter {
  offset: number;
  limit: number;
  resolve: (updates: Json[]) => void;
  timer: NodeJS.Timeout;
}

const BOT_USER = { id: 4242, is_bot: true, first_name: 'ICP Test Bot', username: 'icp_test_bot' };

export class FakeBotApi {
  /** Files the bot sent with sendDocument, in order. */
  readonly documents: { chatId: number; bytes: Buffer; caption: string }[] = [];
  readonly token: string;
  readonly calls: RecordedCall[] = [];
  /** Every message the bot has in each chat, by chat id then message id, as last edited. */
  readonly messages = new Map<number, Map<number, SentMessage>>();
  private server: Server | undefined;
  private connectionCount = 0;
  private port = 0;
  private seq = 0;
  private nextUpdateId = 1000;
  private nextMessageId = 1;
  private nextCallbackId = 1;
  private queue: Json[] = [];
  private waiters = new Set<Waiter>();
  private files = new Map<string, StoredFile>();
  private faults = new Map<string, Fault[]>();
  private listeners = new Set<(call: RecordedCall) => void>();
  private webhook: { url: string; secret?: string } | undefined;

  /**
   * `firstUpdateId`: tests sharing one database across fakes keep update ids unique, as Telegram does.
   * `keepHistory: false` (benchmarks): calls only go to `onCall` listeners and each chat keeps only
   * its last message, so the fake's memory does not grow with every reply in the process it shares
   * with the bot being measured (a real Bot API keeps its history elsewhere).
   */
  constructor(
    token = '123456:TEST-token_abcdefghijklmnopqrstuvwxyz',
    firstUpdateId = 1000,
    private readonly keepHistory = true,
  ) {
    this.token = token;
    this.nextUpdateId = firstUpdateId;
  }

  /** The value for telegraf's `telegram.apiRoot` (and TELEGRAM_API_ROOT). */
  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** TCP connections the bot opened so far. */
  get connections(): number {
    return this.connectionCount;
  }

  get webhookInfo(): { url: string; secret?: string } | undefined {
    return this.webhook;
  }

  async start(): Promise<this> {
    this.server = createServer({ noDelay: true, keepAliveTimeout: 60_000 }, (req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500);
        res.end(String(error));
      });
    });
    this.server.on('connection', () => this.connectionCount++);
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.resolve([]);
    }
    this.waiters.clear();
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  // ---- updates -------------------------------------------------------------------------------

  /** Queues a raw update (an update_id is assigned when missing) and returns it. */
  pushUpdate(update: Json): Json {
    const full = { update_id: this.nextUpdateId++, ...update };
    this.queue.push(full);
    this.wakeWaiters();
    return full;
  }

  /** Queues the same update again, as Telegram does when it did not see the previous answer. */
  redeliver(update: Json): void {
    this.queue.push(update);
    this.wakeWaiters();
  }

  /** Builds (without queueing) an update; useful for webhook posts. */
  makeText(chat: FakeChat, text: string): Json {
    const entities = text.startsWith('/')
      ? [{ type: 'bot_command', offset: 0, length: text.split(/\s/)[0]!.length }]
      : undefined;
    return {
      update_id: this.nextUpdateId++,
      message: { ...this.baseMessage(chat), text, ...(entities ? { entities } : {}) },
    };
  }

  pushText(chat: FakeChat, text: string): Json {
    return this.pushUpdate(this.makeText(chat, text));
  }

  /** A press on an inline button of `messageId` (a message the bot sent earlier). */
  pushCallback(chat: FakeChat, data: string, messageId: number): Json {
    const message = this.messages.get(chat.id)?.get(messageId);
    return this.pushUpdate({
      callback_query: {
        id: String(this.nextCallbackId++),
        from: this.user(chat),
        chat_instance: `ci${chat.id}`,
        data,
        message: {
          message_id: messageId,
          date: now(),
          chat: this.chat(chat),
          from: BOT_USER,
          text: message?.text ?? '',
          ...(message?.replyMarkup ? { reply_markup: message.replyMarkup } : {}),
        },
      },
    });
  }

  /** A photo as Telegram sends it: several sizes of one picture, smallest first. */
  pushPhoto(
    chat: FakeChat,
    sizes: Array<{ fileId: string; width: number; height: number; size?: number }>,
  ): Json {
    return this.pushUpdate({
      message: {
        ...this.baseMessage(chat),
        photo: sizes.map((s) => ({
          file_id: s.fileId,
          file_unique_id: `u-${s.fileId}`,
          width: s.width,
          height: s.height,
          ...(s.size !== undefined ? { file_size: s.size } : {}),
        })),
      },
    });
  }

  pushDocument(
    chat: FakeChat,
    doc: { fileId: string; fileName?: string; mimeType?: string; size?: number; caption?: string },
  ): Json {
    return this.pushUpdate({
      message: {
        ...this.baseMessage(chat),
        document: {
          file_id: doc.fileId,
          file_unique_id: `u-${doc.fileId}`,
          ...(doc.fileName ? { file_name: doc.fileName } : {}),
          ...(doc.mimeType ? { mime_type: doc.mimeType } : {}),
          ...(doc.size !== undefined ? { file_size: doc.size } : {}),
        },
        ...(doc.caption ? { caption: doc.caption } : {}),
      },
    });
  }

  /** Makes `fileId` downloadable through getFile + /file/bot<token>/<path>. */
  addFile(fileId: string, bytes: Buffer, options: { path?: string; declaredSize?: number } = {}): void {
    this.files.set(fileId, {
      path: options.path ?? `documents/${fileId}.bin`,
      bytes,
      size: options.declaredSize ?? bytes.length,
    });
  }

  /** How many button presses (callback queries) were pushed. */
  get callbacksPushed(): number {
    return this.nextCallbackId - 1;
  }

  /** Updates not yet confirmed by a getUpdates offset. */
  get pendingUpdates(): number {
    return this.queue.length;
  }

  // ---- faults --------------------------------------------------------------------------------

  /** The next call to `method` is answered only when the returned function is called. */
  holdNext(method: string): () => void {
    let release!: () => void;
    const hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.failNext(method, { hold });
    return release;
  }

  /** The next `times` calls to `method` get `fault` instead of an answer. */
  failNext(method: string, fault: Fault, times = 1): void {
    const list = this.faults.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push(fault);
    this.faults.set(method, list);
  }

  // ---- inspection ----------------------------------------------------------------------------

  /** Calls `listener` on every call from now on (benchmarks time replies with it); returns an unsubscribe. */
  onCall(listener: (call: RecordedCall) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Messages the bot sent or edited, in call order, optionally for one chat. */
  sentTexts(chatId?: number): string[] {
    return this.calls
      .filter((c) => c.method === 'sendMessage' || c.method === 'editMessageText')
      .filter((c) => chatId === undefined || Number(c.params.chat_id) === chatId)
      .map((c) => String(c.params.text));
  }

  lastMessage(chatId: number): SentMessage | undefined {
    const chat = this.messages.get(chatId);
    if (!chat) return undefined;
    return [...chat.values()].at(-1);
  }

  /** Resolves with the first recorded call (past or future) matching `predicate`. */
  async waitForCall(
    predicate: (call: RecordedCall) => boolean,
    { timeoutMs = 5000, after = 0 }: { timeoutMs?: number; after?: number } = {},
  ): Promise<RecordedCall> {
    return this.waitUntil(() => this.calls.find((c) => c.seq > after && predicate(c)), timeoutMs);
  }

  /** Resolves once `count` calls match `predicate`. */
  async waitForCalls(
    predicate: (call: RecordedCall) => boolean,
    count: number,
    timeoutMs = 5000,
  ): Promise<RecordedCall[]> {
    return this.waitUntil(() => {
      const found = this.calls.filter(predicate);
      return found.length >= count ? found : undefined;
    }, timeoutMs);
  }

  private waitUntil<T>(probe: () => T | undefined, timeoutMs: number): Promise<T> {
    const hit = probe();
    if (hit !== undefined) return Promise.resolve(hit);
    return new Promise<T>((resolve, reject) => {
      const listener = () => {
        const found = probe();
        if (found === undefined) return;
        cleanup();
        resolve(found);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`fake Bot API: condition not met within ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      this.listeners.add(listener);
    });
  }

  // ---- HTTP ----------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const fileMatch = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (fileMatch) return this.download(fileMatch[1]!, decodeURIComponent(fileMatch[2]!), res);
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!match) return send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    if (match[1] !== this.token)
      return send(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = match[2]!;
    const params = { ...Object.fromEntries(url.searchParams), ...(await readParams(req)) };
    const call = { seq: ++this.seq, method, params };
    if (this.keepHistory) this.calls.push(call);
    this.notify(call);

    let fault = this.faults.get(method)?.shift();
    if (fault && 'hold' in fault) {
      await fault.hold;
      fault = undefined;
    }
    if (fault) {
      if ('drop' in fault) {
        req.socket.destroy();
        return;
      }
      if (fault.status === 429) {
        return send(res, 429, {
          ok: false,
          error_code: 429,
          description: `Too Many Requests: retry after ${fault.retryAfter}`,
          parameters: { retry_after: fault.retryAfter },
        });
      }
      res.writeHead(fault.status, { 'content-type': 'text/plain' });
      res.end('Bad Gateway');
      return;
    }
    if (method === 'getUpdates') return this.getUpdates(params, req, res);
    const outcome = this.answer(method, params);
    if ('error' in outcome) {
      return send(res, outcome.status, { ok: false, error_code: outcome.status, description: outcome.error });
    }
    send(res, 200, { ok: true, result: outcome.result });
  }

  private answer(method: string, p: Json): { result: unknown } | { status: number; error: string } {
    switch (method) {
      case 'getMe':
        return { result: BOT_USER };
      case 'setWebhook':
        this.webhook = {
          url: String(p.url),
          ...(p.secret_token ? { secret: String(p.secret_token) } : {}),
        };
        return { result: true };
      case 'deleteWebhook':
        this.webhook = undefined;
        if (truthy(p.drop_pending_updates)) this.queue = [];
        return { result: true };
      case 'getWebhookInfo':
        return { result: { url: this.webhook?.url ?? '', pending_update_count: this.queue.length } };
      case 'setMyCommands':
      case 'deleteMyCommands':
      case 'answerCallbackQuery':
      case 'sendChatAction':
        return { result: true };
      case 'sendMessage':
        return this.sendMessage(p);
      case 'sendDocument':
        return this.sendDocument(p);
      case 'editMessageText':
      case 'editMessageReplyMarkup':
        return this.edit(method, p);
      case 'deleteMessage':
        this.messages.get(Number(p.chat_id))?.delete(Number(p.message_id));
        return { result: true };
      case 'getFile': {
        const file = this.files.get(String(p.file_id));
        if (!file) return { status: 400, error: 'Bad Request: invalid file_id' };
        if (file.size > 20 * 1024 * 1024) return { status: 400, error: 'Bad Request: file is too big' };
        return {
          result: {
            file_id: String(p.file_id),
            file_unique_id: `u-${String(p.file_id)}`,
            file_size: file.size,
            file_path: file.path,
          },
        };
      }
      default:
        return { status: 404, error: 'Not Found: method not found' };
    }
  }

  private sendMessage(p: Json): { result: unknown } | { status: number; error: string } {
    const chatId = Number(p.chat_id);
    const text = String(p.text ?? '');
    if (text.trim() === '') return { status: 400, error: 'Bad Request: message text is empty' };
    if ([...text].length > 4096) return { status: 400, error: 'Bad Request: message is too long' };
    const message: SentMessage = {
      chatId,
      messageId: this.nextMessageId++,
      text,
      ...(p.reply_markup ? { replyMarkup: asJson(p.reply_markup) } : {}),
      ...(p.parse_mode ? { parseMode: String(p.parse_mode) } : {}),
    };
    let chat = this.messages.get(chatId);
    if (!chat || !this.keepHistory) chat = new Map<number, SentMessage>();
    chat.set(message.messageId, message);
    this.messages.set(chatId, chat);
    return { result: this.asMessage(message) };
  }

  /** Documents are kept as calls (their bytes in `params.document`); the chat gets a message with the caption. */
  private sendDocument(p: Json): { result: unknown } | { status: number; error: string } {
    if (!Buffer.isBuffer(p.document) || p.document.length === 0) {
      return { status: 400, error: 'Bad Request: there is no document in the request' };
    }
    if ([...String(p.caption ?? '')].length > 1024) {
      return { status: 400, error: 'Bad Request: message caption is too long' };
    }
    this.documents.push({ chatId: Number(p.chat_id), bytes: p.document, caption: String(p.caption ?? '') });
    return this.sendMessage({ ...p, text: String(p.caption ?? '(document)') });
  }

  private edit(method: string, p: Json): { result: unknown } | { status: number; error: string } {
    const chatId = Number(p.chat_id);
    const message = this.messages.get(chatId)?.get(Number(p.message_id));
    if (!message) return { status: 400, error: 'Bad Request: message to edit not found' };
    const text = method === 'editMessageText' ? String(p.text ?? '') : message.text;
    if (method === 'editMessageText' && [...text].length > 4096) {
      return { status: 400, error: 'Bad Request: MESSAGE_TOO_LONG' };
    }
    const markup = p.reply_markup ? asJson(p.reply_markup) : undefined;
    if (text === message.text && JSON.stringify(markup) === JSON.stringify(message.replyMarkup)) {
      return {
        status: 400,
        error:
          'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
      };
    }
    message.text = text;
    if (markup) message.replyMarkup = markup;
    else delete message.replyMarkup;
    return { result: this.asMessage(message) };
  }

  private getUpdates(p: Json, req: IncomingMessage, res: ServerResponse): void {
    const offset = Number(p.offset ?? 0);
    const limit = Math.min(Math.max(Number(p.limit ?? 100), 1), 100);
    const timeout = Number(p.timeout ?? 0);
    // A positive offset confirms every update before it: Telegram forgets them.
    if (offset > 0) this.queue = this.queue.filter((u) => Number(u.update_id) >= offset);
    const ready = this.queue.filter((u) => Number(u.update_id) >= offset).slice(0, limit);
    if (ready.length > 0 || timeout <= 0) {
      send(res, 200, { ok: true, result: ready });
      return;
    }
    const waiter: Waiter = {
      offset,
      limit,
      resolve: (updates) => {
        this.waiters.delete(waiter);
        clearTimeout(waiter.timer);
        if (!res.writableEnded) send(res, 200, { ok: true, result: updates });
      },
      timer: setTimeout(() => waiter.resolve([]), timeout * 1000),
    };
    this.waiters.add(waiter);
    // telegraf aborts the pending long poll on stop: forget the waiter so no update is handed to nobody.
    res.on('close', () => {
      if (!res.writableEnded) {
        this.waiters.delete(waiter);
        clearTimeout(waiter.timer);
      }
    });
    void req;
  }

  private wakeWaiters(): void {
    for (const waiter of [...this.waiters]) {
      const ready = this.queue.filter((u) => Number(u.update_id) >= waiter.offset).slice(0, waiter.limit);
      if (ready.length > 0) waiter.resolve(ready);
    }
  }

  private download(token: string, path: string, res: ServerResponse): void {
    const file = [...this.files.values()].find((f) => f.path === path);
    if (token !== this.token || !file) {
      send(res, token !== this.token ? 401 : 404, { ok: false, error_code: 404, description: 'Not Found' });
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.bytes.length });
    res.end(file.bytes);
  }

  private notify(call: RecordedCall): void {
    for (const listener of [...this.listeners]) listener(call);
  }

  private baseMessage(chat: FakeChat): Json {
    return { message_id: this.nextMessageId++, date: now(), chat: this.chat(chat), from: this.user(chat) };
  }

  private chat(chat: FakeChat): Json {
    return { id: chat.id, type: 'private', first_name: chat.firstName ?? 'Tester' };
  }

  private user(chat: FakeChat): Json {
    return {
      id: chat.id,
      is_bot: false,
      first_name: chat.firstName ?? 'Tester',
      ...(chat.languageCode ? { language_code: chat.languageCode } : {}),
    };
  }

  private asMessage(m: SentMessage): Json {
    return {
      message_id: m.messageId,
      date: now(),
      chat: { id: m.chatId, type: 'private' },
      from: BOT_USER,
      text: m.text,
      ...(m.replyMarkup ? { reply_markup: m.replyMarkup } : {}),
    };
  }
}

export async function startFakeBotApi(
  token?: string,
  firstUpdateId?: number,
  keepHistory?: boolean,
): Promise<FakeBotApi> {
  return new FakeBotApi(token, firstUpdateId, keepHistory).start();
}

/** Posts `update` to a webhook the way Telegram does; returns the HTTP status. */
export async function postWebhook(url: string, update: Json, secret?: string): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(secret !== undefined ? { 'x-telegram-bot-api-secret-token': secret } : {}),
    },
    body: JSON.stringify(update),
  });
  await response.arrayBuffer();
  return response.status;
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}

function truthy(value: unknown): boolean {
  return value === true || value === 'true' || value === '1';
}

function asJson(value: unknown): Json {
  return (typeof value === 'string' ? JSON.parse(value) : value) as Json;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readParams(req: IncomingMessage): Promise<Json> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  if (body.length === 0) return {};
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('application/json')) return JSON.parse(body.toString('utf8')) as Json;
  if (type.startsWith('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(body.toString('utf8')));
  }
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type);
  if (type.startsWith('multipart/form-data') && boundary)
    return parseMultipart(body, boundary[1] ?? boundary[2]!);
  return {};
}

/** Text fields as strings, file parts as Buffers; JSON-looking fields (reply_markup) stay strings like the real API receives them. */
function parseMultipart(body: Buffer, boundary: string): Json {
  const out: Json = {};
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    const part = body.subarray(start + delimiter.length + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    if (split !== -1) {
      const headers = part.subarray(0, split).toString('utf8');
      const content = part.subarray(split + 4);
      const name = /name="([^"]+)"/.exec(headers)?.[1];
      if (name) out[name] = /filename="/.test(headers) ? Buffer.from(content) : content.toString('utf8');
    }
    start = next;
  }
  return out;
}

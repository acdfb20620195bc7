/**
 * A fake Slack Web API on loopback, answering what the app calls (auth.test at start,
 * chat.postMessage/update/postEphemeral, views.open/publish/update) the way @slack/web-api
 * sends them: `POST /api/<method>` with a urlencoded or JSON body. JSON-valued fields
 * (`blocks`, `view`) are decoded. Every call is recorded in order; messages are kept as last
 * updated, so tests can look at "the message in the channel".
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Json = Record<string, unknown>;

export interface SlackCall {
  method: string;
  params: Json;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: Json[];
  threadTs?: string;
}

const JSON_FIELDS = new Set(['blocks', 'view', 'attachments']);

export class FakeSlackApi {
  readonly calls: SlackCall[] = [];
  /** Top-level and thread messages by ts, as last updated. */
  readonly messages = new Map<string, StoredMessage>();
  readonly botUserId = 'UBOT0001';
  /** Socket Mode: the WebSocket URL `apps.connections.open` hands out (a test's local server). */
  socketModeUrl: string | undefined;
  /** Files uploaded with files.uploadV2, by file id: where they were shared and their bytes. */
  readonly uploads = new Map<
    string,
    { filename: string; bytes: Buffer; channel?: string; comment?: string }
  >();
  private server: Server | undefined;
  private port = 0;
  private tsCounter = 0;

  /** The base URL for `SLACK_API_URL` (ends with `/api/`). */
  get url(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req, res);
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
    this.server = undefined;
  }

  callsOf(method: string): Json[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.params);
  }

  /** Replies posted in the thread of `ts`, oldest first. */
  thread(ts: string): StoredMessage[] {
    return [...this.messages.values()].filter((m) => m.threadTs === ts);
  }

  topLevel(channel: string): StoredMessage[] {
    return [...this.messages.values()].filter((m) => m.channel === channel && !m.threadTs);
  }

  private nextTs(): string {
    this.tsCounter += 1;
    return `1700000000.${String(this.tsCounter).padStart(6, '0')}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    // files.uploadV2 posts the file's bytes to the upload URL that files.getUploadURLExternal gave.
    const upload = /^\/upload\/(F\d+)$/.exec(req.url ?? '');
    if (upload) {
      this.uploads.set(upload[1]!, { ...this.uploads.get(upload[1]!)!, bytes: Buffer.concat(chunks) });
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('OK');
      return;
    }
    const raw = Buffer.concat(chunks).toString('utf8');
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
    const params = parseBody(raw, String(req.headers['content-type'] ?? ''));
    this.calls.push({ method, params });
    const reply = (body: Json) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    switch (method) {
      case 'auth.test':
        return reply({
          ok: true,
          url: 'https://icp-test.slack.com/',
          team: 'ICP test',
          user: 'icpbot',
          team_id: 'T0001',
          user_id: this.botUserId,
          bot_id: 'B0001',
        });
      case 'chat.postMessage': {
        const ts = this.nextTs();
        const channel = String(params.channel);
        const message: StoredMessage = {
          channel,
          ts,
          text: String(params.text ?? ''),
          blocks: asBlocks(params.blocks),
        };
        if (params.thread_ts) message.threadTs = String(params.thread_ts);
        this.messages.set(ts, message);
        return reply({ ok: true, channel, ts, message: { ts, text: message.text } });
      }
      case 'chat.update': {
        const ts = String(params.ts);
        const existing = this.messages.get(ts);
        if (!existing) return reply({ ok: false, error: 'message_not_found' });
        existing.text = String(params.text ?? existing.text);
        existing.blocks = asBlocks(params.blocks);
        return reply({ ok: true, channel: existing.channel, ts });
      }
      case 'apps.connections.open':
        return reply(
          this.socketModeUrl ? { ok: true, url: this.socketModeUrl } : { ok: false, error: 'not_allowed' },
        );
      case 'chat.postEphemeral':
        return reply({ ok: true, message_ts: this.nextTs() });
      case 'conversations.open':
        return reply({ ok: true, channel: { id: `D_${String(params.users)}` } });
      case 'files.getUploadURLExternal': {
        const id = `F${this.uploads.size + 1}`;
        this.uploads.set(id, { filename: String(params.filename), bytes: Buffer.alloc(0) });
        return reply({ ok: true, file_id: id, upload_url: `http://127.0.0.1:${this.port}/upload/${id}` });
      }
      case 'files.completeUploadExternal': {
        const files = (typeof params.files === 'string' ? JSON.parse(params.files) : params.files) as Json[];
        for (const file of files) {
          const stored = this.uploads.get(String(file.id));
          if (!stored) return reply({ ok: false, error: 'file_not_found' });
          stored.channel = String(params.channel_id ?? '');
          stored.comment = String(params.initial_comment ?? '');
        }
        return reply({ ok: true, files: files.map((f) => ({ id: f.id, title: f.title })) });
      }
      case 'views.open':
      case 'views.publish':
      case 'views.update':
        return reply({ ok: true, view: { id: `V${this.calls.length}`, ...(params.view as Json) } });
      default:
        return reply({ ok: false, error: 'unknown_method' });
    }
  }
}

function parseBody(raw: string, contentType: string): Json {
  let params: Json = {};
  if (contentType.includes('application/json')) params = raw ? (JSON.parse(raw) as Json) : {};
  else params = Object.fromEntries(new URLSearchParams(raw));
  for (const key of JSON_FIELDS) {
    const value = params[key];
    if (typeof value === 'string') params[key] = JSON.parse(value);
  }
  return params;
}

function asBlocks(value: unknown): Json[] {
  return Array.isArray(value) ? (value as Json[]) : [];
}

/**
 * The webhook endpoint: a plain node:http server. Every request must carry Telegram's
 * `X-Telegram-Bot-Api-Secret-Token` equal to our secret (constant-time compare); anything else gets
 * 401 and is not read further. The answer (200) is sent once the update has been handled, so a
 * crash before that makes Telegram deliver it again (and dedupe by update_id keeps it single).
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Update } from 'telegraf/types';
import { type HttpRoute, routeRequest } from '../../ops/http-routes.ts';

const MAX_BODY_BYTES = 1024 * 1024;

export function secretMatches(received: string | string[] | undefined, expected: string): boolean {
  if (typeof received !== 'string') return false;
  const a = Buffer.from(received, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  // timingSafeEqual needs equal lengths; comparing b with itself keeps the time independent of a.
  if (a.length !== b.length) {
    timingSafeEqual(b, b);
    return false;
  }
  return timingSafeEqual(a, b);
}

export interface WebhookServerOptions {
  secret: string;
  /** Only POSTs to this path are updates. */
  path: string;
  handleUpdate: (update: Update) => Promise<void>;
  onError: (error: unknown) => void;
  /** Other routes of this port (health, metrics), served before the secret check. */
  routes?: readonly HttpRoute[];
}

export function createWebhookServer(options: WebhookServerOptions): Server {
  return createServer((req, res) => {
    if (options.routes && routeRequest(options.routes, req, res)) return;
    if (!secretMatches(req.headers['x-telegram-bot-api-secret-token'], options.secret)) {
      res.writeHead(401).end();
      req.resume();
      return;
    }
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'POST' || path !== options.path) {
      res.writeHead(404).end();
      req.resume();
      return;
    }
    readJson(req)
      .then(async (update) => {
        if (!update) {
          res.writeHead(400).end();
          return;
        }
        await options.handleUpdate(update);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      })
      .catch((error: unknown) => {
        options.onError(error);
        if (!res.headersSent) res.writeHead(500).end();
      });
  });
}

async function readJson(req: IncomingMessage): Promise<Update | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    const value = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    if (value === null || typeof value !== 'object' || typeof (value as Update).update_id !== 'number') {
      return undefined;
    }
    return value as Update;
  } catch {
    return undefined;
  }
}

import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Telegram, TelegramError } from 'telegraf';
import { afterEach, describe, expect, it } from 'vitest';
import { classifyFailure, installRetry, isEditImpossible } from '../../../src/channels/telegram/api-retry.ts';
import {
  installPooledTransport,
  MAX_CONNECTIONS,
  type PooledTransport,
  UnreadableApiResponse,
} from '../../../src/channels/telegram/pooled-transport.ts';
import { type FakeBotApi, startFakeBotApi } from '../../support/fake-bot-api.ts';

let fake: FakeBotApi;
let transport: PooledTransport | undefined;

afterEach(async () => {
  await transport?.close();
  transport = undefined;
  await fake?.close();
});

async function pooledClient(): Promise<Telegram> {
  fake = await startFakeBotApi();
  const telegram = new Telegram(fake.token, { apiRoot: fake.apiRoot });
  transport = installPooledTransport(telegram, { token: fake.token, apiRoot: fake.apiRoot });
  return telegram;
}

describe('pooled Bot API transport', () => {
  it('posts the JSON payload to the method and returns the result, leaving null fields out', async () => {
    const telegram = await pooledClient();
    const sent = await telegram.callApi('sendMessage', {
      chat_id: 5,
      text: 'hello',
      reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] },
      // telegraf's client drops nulls; the Bot API would refuse some of them.
      message_thread_id: null,
    } as never);
    expect(sent).toMatchObject({ chat: { id: 5 }, text: 'hello' });
    const [call] = fake.callsTo('sendMessage');
    expect(call!.params).toEqual({
      chat_id: 5,
      text: 'hello',
      reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] },
    });
  });

  it("turns the API's refusal into a TelegramError with its code, description and parameters", async () => {
    const telegram = await pooledClient();
    const missing = await telegram.editMessageText(5, 999, undefined, 'x').catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(TelegramError);
    expect((missing as TelegramError).code).toBe(400);
    expect(isEditImpossible(missing)).toBe(true);

    fake.failNext('sendMessage', { status: 429, retryAfter: 7 });
    const limited = await telegram.sendMessage(5, 'hi').catch((error: unknown) => error);
    expect((limited as TelegramError).code).toBe(429);
    expect((limited as TelegramError).parameters?.retry_after).toBe(7);
  });

  it('reports a 5xx answer (not JSON) as a TelegramError with its status', async () => {
    const telegram = await pooledClient();
    fake.failNext('sendMessage', { status: 502 });
    const failed = await telegram.sendMessage(5, 'hi').catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(TelegramError);
    expect((failed as TelegramError).code).toBe(502);
    expect((failed as TelegramError).description).toBe('Bad Gateway');
    // The connection stays usable.
    await expect(telegram.sendMessage(5, 'again')).resolves.toMatchObject({ text: 'again' });
  });

  it("leaves getUpdates and calls that may carry a file to telegraf's own client", async () => {
    fake = await startFakeBotApi();
    const telegram = new Telegram(fake.token, { apiRoot: fake.apiRoot });
    const viaTelegraf: string[] = [];
    telegram.callApi = (async (method: string) => {
      viaTelegraf.push(method);
      return true;
    }) as Telegram['callApi'];
    transport = installPooledTransport(telegram, { token: fake.token, apiRoot: fake.apiRoot });
    await telegram.callApi('getUpdates', { timeout: 0 } as never);
    await telegram.callApi('sendPhoto', { chat_id: 5, photo: { source: Buffer.from('x') } } as never);
    await telegram.callApi('sendMessage', { chat_id: 5, text: 'pooled' } as never);
    expect(viaTelegraf).toEqual(['getUpdates', 'sendPhoto']);
    expect(fake.callsTo('sendMessage')).toHaveLength(1);
  });

  it('sends a burst of calls over a bounded number of kept-alive connections', async () => {
    const telegram = await pooledClient();
    const burst = MAX_CONNECTIONS * 3;
    await Promise.all(Array.from({ length: burst }, (_, i) => telegram.sendMessage(i + 1, `m${i}`)));
    expect(fake.callsTo('sendMessage')).toHaveLength(burst);
    expect(fake.connections).toBeLessThanOrEqual(MAX_CONNECTIONS);
    // Kept alive: the next burst opens none.
    const before = fake.connections;
    await Promise.all(Array.from({ length: burst }, (_, i) => telegram.sendMessage(i + 1, `n${i}`)));
    expect(fake.connections).toBe(before);
  });

  it("retries an answer that is not the API's JSON (a proxy's error page) like a dropped connection", async () => {
    // A self-hosted Bot API server behind a proxy that is restarting: an HTML page first, then the API.
    let calls = 0;
    const server = createServer((_req, res) => {
      calls++;
      if (calls === 1) {
        res.writeHead(404, { 'content-type': 'text/html' });
        res.end('<html><body>Not Found</body></html>');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, result: { message_id: 1, date: 0, chat: { id: 5 }, text: 'hi' } }));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const bare = new Telegram('1:x', { apiRoot });
      transport = installPooledTransport(bare, { token: '1:x', apiRoot });
      const unreadable = await bare.sendMessage(5, 'hi').catch((error: unknown) => error);
      expect(unreadable).toBeInstanceOf(UnreadableApiResponse);
      expect(classifyFailure(unreadable)).toBe('network');

      const sleeps: number[] = [];
      installRetry(bare, { sleep: async (ms) => void sleeps.push(ms) });
      calls = 0;
      await expect(bare.sendMessage(5, 'hi')).resolves.toMatchObject({ message_id: 1 });
      expect(sleeps).toEqual([250]);
    } finally {
      await transport?.close();
      transport = undefined;
      server.close();
    }
  });
});

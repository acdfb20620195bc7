/**
 * SIGTERM during a burst of webhook updates: `icp start` stops taking updates (a late one gets an
 * error, so Telegram delivers it again later), finishes those in hand, and exits 0 within 10 s.
 * Started again, with the refused updates delivered once more (as Telegram does), each update has
 * been answered exactly once: none lost, none doubled.
 */

import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type AppProcess, spawnIcp } from '../support/app-process.ts';
import { type FakeBotApi, postWebhook, startFakeBotApi } from '../support/fake-bot-api.ts';

const SECRET = 'graceful_secret';
const CHATS = 12;
const PER_CHAT = 4;

let bot: FakeBotApi;
let port: number;
let dataDir: string;
const running: AppProcess[] = [];

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function startInstance(): AppProcess {
  const app = spawnIcp(['start'], {
    DATA_DIR: dataDir,
    PII_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
    TELEGRAM_BOT_TOKEN: bot.token,
    TELEGRAM_API_ROOT: bot.apiRoot,
    TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram`,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    PORT: String(port),
    LOG_LEVEL: 'warn',
  });
  app.child.stdin!.end();
  running.push(app);
  return app;
}

async function ready(app: AppProcess): Promise<void> {
  for (;;) {
    if (app.child.exitCode !== null) throw new Error(`instance ended:\n${app.stdout}\n${app.stderr}`);
    const status = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (res) => res.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const update = (chat: number, n: number) => ({
  update_id: chat * 100 + n,
  message: {
    message_id: n + 1,
    date: Math.floor(Date.now() / 1000),
    chat: { id: chat, type: 'private' },
    from: { id: chat, is_bot: false, first_name: 'A', language_code: 'en' },
    text: '/help',
  },
});

/** Delivers a chat's updates one after the other, as Telegram does; returns the update ids answered 200. */
async function deliverChat(chat: number, indexes: number[]): Promise<number[]> {
  const ok: number[] = [];
  for (const n of indexes) {
    const status = await postWebhook(`http://127.0.0.1:${port}/telegram`, update(chat, n), SECRET).catch(
      () => 0,
    );
    if (status === 200) ok.push(chat * 100 + n);
  }
  return ok;
}

beforeAll(async () => {
  bot = await startFakeBotApi();
  port = await freePort();
  dataDir = mkdtempSync(join(tmpdir(), 'icp-graceful-'));
});

afterAll(async () => {
  for (const app of running) app.child.kill('SIGKILL');
  await bot?.close();
});

it('finishes the updates in hand on SIGTERM, exits 0 in time, and loses or doubles none', async () => {
  const first = startInstance();
  await ready(first);
  const chats = Array.from({ length: CHATS }, (_, i) => 7_000 + i);
  const indexes = Array.from({ length: PER_CHAT }, (_, n) => n);

  let answered = 0;
  bot.onCall((call) => {
    if (call.method === 'sendMessage') answered++;
  });
  const burst = Promise.all(chats.map((chat) => deliverChat(chat, indexes)));
  while (answered < CHATS) await new Promise((resolve) => setTimeout(resolve, 10));
  const signalledAt = Date.now();
  first.child.kill('SIGTERM');
  const accepted = (await burst).flat();
  expect(await first.exited).toBe(0);
  expect(Date.now() - signalledAt).toBeLessThan(10_000);
  // Some were taken before the signal, and the rest were refused, not swallowed.
  expect(accepted.length).toBeGreaterThan(0);
  expect(accepted.length).toBeLessThan(CHATS * PER_CHAT);
  const repliesAfterFirst = bot.sentTexts().length;
  expect(repliesAfterFirst).toBeGreaterThanOrEqual(accepted.length);

  const second = startInstance();
  await ready(second);
  // Telegram delivers again what was not answered 200.
  const refused = (chat: number) => indexes.filter((n) => !accepted.includes(chat * 100 + n));
  const again = (await Promise.all(chats.map((chat) => deliverChat(chat, refused(chat))))).flat();
  expect(again).toHaveLength(CHATS * PER_CHAT - accepted.length);

  // Every update answered by exactly one reply of the same kind: the help text, once per update.
  const helpText = bot.sentTexts(chats[0])[0]!;
  for (const chat of chats) {
    const texts = bot.sentTexts(chat);
    expect(
      texts.filter((text) => text === helpText),
      `chat ${chat}`,
    ).toHaveLength(PER_CHAT);
  }
  second.child.kill('SIGTERM');
  expect(await second.exited).toBe(0);
}, 180_000);

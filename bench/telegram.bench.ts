import { randomBytes } from 'node:crypto';
/**
 * Telegram throughput and update-to-reply latency through the fake Bot API (real HTTP, long
 * polling), for a bare telegraf echo bot and for the full channel (per-chat queue, dedupe, the
 * real conversation engine with validation, rendering, retrying Bot API client), in the same run.
 * Each measured update is the only one in flight for its chat, so its reply is the first message
 * the bot sends to that chat afterwards.
 *
 * Printed: updates/s with a burst of updates, p50/p99 latency at a steady 100 updates/s, and the
 * ratios to echo: the full channel with conversations in memory, and with the applicant service
 * committing every step to the embedded database (PGlite) and to PostgreSQL (on the driver,
 * answers of different chats committed together; and in Prisma's interactive transaction, one
 * answer per transaction, for comparison). Each side's bursts alternate with the echo bot's, and
 * its ratio is the median of the rounds' ratios.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { Telegraf } from 'telegraf';
import { applicantPortFromService } from '../src/channels/telegram/applicant-bridge.ts';
import { startTelegram } from '../src/channels/telegram/create-telegram-bot.ts';
import { createEngine } from '../src/conversation/engine.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { createPiiCipher } from '../src/db/pii-cipher.ts';
import { catalog } from '../src/filing/catalog.ts';
import { requiredMaterials } from '../src/filing/materials.ts';
import { validateDraft, validateFiling } from '../src/filing/validate-filing.ts';
import { createApplicantService } from '../src/services/applicant-service.ts';
import {
  createDocumentUploadService,
  inMemoryDocumentRecords,
} from '../src/services/document-upload-service.ts';
import { createBlobSealer } from '../src/storage/blob-envelope.ts';
import { LocalBlobStore } from '../src/storage/local-blob-store.ts';
import { EngineApplicant } from '../tests/channels/telegram/engine-applicant.ts';
import { type FakeBotApi, startFakeBotApi } from '../tests/support/fake-bot-api.ts';

const testSealer = createBlobSealer(createPiiCipher(randomBytes(32)));

const BURST = 1000;
/** Rounds of one echo burst and one side burst. */
const ROUNDS = 7;
const RATE_PER_S = 100;
const PACED = 500;
const NOW = new Date('2026-03-02T10:00:00+08:00');

interface Side {
  name: string;
  start(fake: FakeBotApi): Promise<{ stop(): Promise<void> }>;
  /**
   * Texts each chat sends before measuring (not timed), then the measured text. Every side ends
   * its warm-up with the measured kind of update, so each is measured warm on its own path.
   */
  warmup: string[];
  text: string;
}

const echo: Side = {
  name: 'echo (bare telegraf)',
  // Warmed like the other sides (JIT, sockets), so the ratio compares warm with warm.
  warmup: ['hello'],
  text: 'hello',
  async start(fake) {
    const bot = new Telegraf(fake.token, { telegram: { apiRoot: fake.apiRoot } });
    bot.on('text', (ctx) => ctx.reply(ctx.message.text));
    let launched!: () => void;
    const ready = new Promise<void>((resolve) => {
      launched = resolve;
    });
    const running = bot.launch(() => launched());
    await ready;
    return {
      async stop() {
        bot.stop('bench');
        await running;
      },
    };
  },
};

const full: Side = {
  name: 'full channel (engine + validation)',
  warmup: ['/start', '12345'],
  // An invalid answer: validated, refused with its reason, the question asked again (2 messages).
  text: '12345',
  async start(fake) {
    const app = new EngineApplicant(NOW);
    const runtime = await startTelegram({
      config: {
        TELEGRAM_BOT_TOKEN: fake.token,
        TELEGRAM_API_ROOT: fake.apiRoot,
        TELEGRAM_WEBHOOK_URL: undefined,
        TELEGRAM_WEBHOOK_SECRET: undefined,
        PORT: 0,
        UPLOAD_MAX_BYTES: 10 * 1024 * 1024,
      },
      applicant: app,
      uploads: createDocumentUploadService({
        sealer: testSealer,
        blobs: new LocalBlobStore('/tmp/icp-bench-unused'),
        limits: { maxBytes: 10 * 1024 * 1024, minSidePx: 600 },
        records: inMemoryDocumentRecords(),
        applicant: app,
      }),
      logger: pino({ level: 'silent' }),
      handleSignals: false,
    });
    return { stop: () => runtime.stop('bench') };
  },
};

/**
 * The full channel over the applicant service, committing each step (PostgreSQL when a URL is
 * given). `prismaTx`: the same step in Prisma's interactive transaction instead of on the driver.
 */
const persisted = (label: string, databaseUrl?: string, prismaTx = false): Side => ({
  name: `full + database (${label})`,
  warmup: ['/start', '12345'],
  text: '12345',
  async start(fake) {
    const dataDir = await mkdtemp(join(tmpdir(), 'icp-bench-tg-'));
    const url = databaseUrl ? new URL(databaseUrl) : undefined;
    url?.searchParams.set('schema', `bench_tg_${Date.now()}`);
    const db = await openDatabase({
      dataDir,
      databaseUrl: url?.toString(),
      piiKey: Buffer.alloc(32, 7).toString('base64'),
    });
    const engine = createEngine({ catalog, validateDraft, validateFiling, requiredMaterials });
    const service = createApplicantService({
      db: prismaTx ? { prisma: db.prisma, pii: db.pii } : db,
      engine,
      now: () => NOW,
    });
    const applicant = applicantPortFromService(service);
    const runtime = await startTelegram({
      config: {
        TELEGRAM_BOT_TOKEN: fake.token,
        TELEGRAM_API_ROOT: fake.apiRoot,
        TELEGRAM_WEBHOOK_URL: undefined,
        TELEGRAM_WEBHOOK_SECRET: undefined,
        PORT: 0,
        UPLOAD_MAX_BYTES: 10 * 1024 * 1024,
      },
      applicant,
      uploads: createDocumentUploadService({
        sealer: testSealer,
        blobs: new LocalBlobStore(join(dataDir, 'files')),
        limits: { maxBytes: 10 * 1024 * 1024, minSidePx: 600 },
        records: inMemoryDocumentRecords(),
        applicant,
      }),
      logger: pino({ level: 'silent' }),
      handleSignals: false,
    });
    return {
      async stop() {
        await runtime.stop('bench');
        if (db.pool) await db.pool.query(`DROP SCHEMA IF EXISTS "${db.schema}" CASCADE`);
        await db.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  },
});

/** Pushes one update per chat (at `intervalMs` apart, 0 = all at once) and times each first reply. */
async function measure(fake: FakeBotApi, side: Side, chats: number[], intervalMs: number) {
  const pushedAt = new Map<number, number>();
  const latencies: number[] = [];
  let done!: () => void;
  const all = new Promise<void>((resolve) => {
    done = resolve;
  });
  const off = fake.onCall((call) => {
    if (call.method !== 'sendMessage') return;
    const chat = Number(call.params.chat_id);
    const at = pushedAt.get(chat);
    if (at === undefined) return;
    pushedAt.delete(chat);
    latencies.push(performance.now() - at);
    if (latencies.length === chats.length) done();
  });
  const start = performance.now();
  for (const [i, chat] of chats.entries()) {
    if (intervalMs > 0) {
      const due = start + i * intervalMs;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    pushedAt.set(chat, performance.now());
    fake.pushText({ id: chat, languageCode: 'en' }, side.text);
  }
  await all;
  const elapsed = performance.now() - start;
  off();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
  return { perSecond: (chats.length / elapsed) * 1000, p50: pct(50), p99: pct(99) };
}

async function warm(fake: FakeBotApi, side: Side, chats: number[]) {
  for (const text of side.warmup) {
    const waiting = new Set(chats);
    const ready = new Promise<void>((resolve) => {
      const off = fake.onCall((call) => {
        if (call.method !== 'sendMessage') return;
        waiting.delete(Number(call.params.chat_id));
        if (waiting.size === 0) {
          off();
          resolve();
        }
      });
    });
    for (const chat of chats) fake.pushText({ id: chat, languageCode: 'en' }, text);
    await ready;
    await quiet(fake);
  }
}

/** Resolves once the bot has sent nothing for `ms` (the rest of every reply is out). */
async function quiet(fake: FakeBotApi, ms = 250): Promise<void> {
  let sent = 0;
  const off = fake.onCall((call) => {
    if (call.method !== 'getUpdates') sent++;
  });
  try {
    for (;;) {
      const before = sent;
      await new Promise((resolve) => setTimeout(resolve, ms));
      if (sent === before) return;
    }
  } finally {
    off();
  }
}

/** A side's bot, running and warmed on its own fake Bot API, ready to be measured. */
interface Running {
  side: Side;
  fake: FakeBotApi;
  bot: { stop(): Promise<void> };
  burstChats: number[];
  pacedChats: number[];
}

async function open(side: Side): Promise<Running> {
  // Without history: the fakes share the process with the bots, and must not grow with every reply.
  const fake = await startFakeBotApi(undefined, undefined, false);
  const bot = await side.start(fake);
  const burstChats = Array.from({ length: BURST }, (_, i) => 100_000 + i);
  const pacedChats = Array.from({ length: PACED }, (_, i) => 200_000 + i);
  await warm(fake, side, [...burstChats, ...pacedChats]);
  return { side, fake, bot, burstChats, pacedChats };
}

async function close(running: Running): Promise<void> {
  try {
    await running.bot.stop();
  } finally {
    await running.fake.close();
  }
}

async function burst(running: Running) {
  const result = await measure(running.fake, running.side, running.burstChats, 0);
  await quiet(running.fake);
  return result;
}

const paced = (running: Running) =>
  measure(running.fake, running.side, running.pacedChats, 1000 / RATE_PER_S);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * The side's bursts alternate with the echo bot's (the order flips every round), and the ratio is
 * the median of each round's own ratio: this machine's speed drifts by half between minutes, so
 * sides measured one after the other compared their moments more than their code.
 */
async function pair(echoBot: Running, side: Side) {
  const running = await open(side);
  try {
    const rounds: { echo: number; side: number }[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      if (i % 2 === 0) {
        const e = await burst(echoBot);
        rounds.push({ echo: e.perSecond, side: (await burst(running)).perSecond });
      } else {
        const r = await burst(running);
        rounds.push({ echo: (await burst(echoBot)).perSecond, side: r.perSecond });
      }
    }
    const ratios = rounds.map((r) => r.side / r.echo);
    return {
      perSecond: median(rounds.map((r) => r.side)),
      echoPerSecond: median(rounds.map((r) => r.echo)),
      ratio: median(ratios),
      lowest: Math.min(...ratios),
      highest: Math.max(...ratios),
      paced: await paced(running),
    };
  } finally {
    await close(running);
  }
}

export default async function (): Promise<void> {
  const sides = [full];
  // PostgreSQL before PGlite: a PostgreSQL deployment never has the embedded database's WASM
  // instance and its heap in the process.
  if (process.env.TEST_DATABASE_URL) {
    sides.push(persisted('PostgreSQL', process.env.TEST_DATABASE_URL));
    sides.push(persisted('PostgreSQL, Prisma tx', process.env.TEST_DATABASE_URL, true));
  }
  sides.push(persisted('PGlite'));
  const echoBot = await open(echo);
  try {
    const echoPaced = await paced(echoBot);
    console.log(
      `${echo.name.padEnd(36)} at ${RATE_PER_S}/s: p50 ${echoPaced.p50.toFixed(1)} ms, p99 ${echoPaced.p99.toFixed(1)} ms`,
    );
    for (const side of sides) {
      const r = await pair(echoBot, side);
      console.log(
        `${side.name.padEnd(36)} burst ${r.perSecond.toFixed(0).padStart(6)} updates/s (echo ${r.echoPerSecond.toFixed(0)} in the same rounds) | ` +
          `at ${RATE_PER_S}/s: p50 ${r.paced.p50.toFixed(1)} ms, p99 ${r.paced.p99.toFixed(1)} ms`,
      );
      console.log(
        `ratio ${side.name} / echo: throughput ${r.ratio.toFixed(2)} (rounds ${r.lowest.toFixed(2)}-${r.highest.toFixed(2)}; goal >= 0.5), ` +
          `p99 at ${RATE_PER_S}/s ${r.paced.p99.toFixed(1)} ms (goal < 20 ms)`,
      );
    }
  } finally {
    await close(echoBot);
  }
}

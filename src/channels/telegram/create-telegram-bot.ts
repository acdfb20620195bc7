/**
 * Starts the Telegram channel: telegraf pointed at TELEGRAM_API_ROOT (the real Bot API by default),
 * long polling, or a webhook on PORT when TELEGRAM_WEBHOOK_URL is set. Updates go through the
 * per-chat queue (order, dedupe) to the adapter. `stop()` stops taking updates and waits for the
 * ones in hand.
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { Config } from '../../config.ts';
import type { FormMaker } from '../../documents/forms/form-maker.ts';
import type { HttpRoute } from '../../ops/http-routes.ts';
import { metrics } from '../../ops/metrics.ts';
import { ChatRateLimiter, DEFAULT_CHAT_RATE, registerLimiter } from '../../rate-limit/token-bucket.ts';
import { installRetry, type RetryOptions } from './api-retry.ts';
import { setCommandMenus } from './command-menu.ts';
import { parseUpdate } from './incoming.ts';
import { inMemoryPendingUploads, type PendingUploads } from './pending-uploads.ts';
import { installPooledTransport, type PooledTransport } from './pooled-transport.ts';
import type { AdapterLogger, ApplicantPort, PhotoAnswerPort, UploadPort } from './ports.ts';
import { describe, TelegramAdapter } from './telegram-adapter.ts';
import { inMemoryMarkProcessed, type MarkProcessed, UpdateQueue } from './update-queue.ts';
import { createWebhookServer } from './webhook-server.ts';

export type TelegramConfig = Pick<
  Config,
  | 'TELEGRAM_BOT_TOKEN'
  | 'TELEGRAM_API_ROOT'
  | 'TELEGRAM_WEBHOOK_URL'
  | 'TELEGRAM_WEBHOOK_SECRET'
  | 'PORT'
  | 'UPLOAD_MAX_BYTES'
>;

export interface StartTelegramOptions {
  config: TelegramConfig;
  applicant: ApplicantPort;
  uploads: UploadPort;
  /** Durable dedupe (the database); defaults to an in-memory one. */
  markProcessed?: MarkProcessed;
  /**
   * Durable dedupe for the updates the channel answers on its own (a document tap); the others are
   * marked by the services, in the transaction of what they do.
   */
  claimOwnUpdate?: MarkProcessed;
  pendingUploads?: PendingUploads;
  logger: AdapterLogger;
  retry?: Omit<RetryOptions, 'logger'>;
  /** Webhook listen address; default all interfaces. */
  webhookHost?: string;
  /** Stop on SIGTERM/SIGINT (default true; tests and a shared main turn it off). */
  handleSignals?: boolean;
  fetchImpl?: typeof fetch;
  /** Per-chat token bucket (default 5 updates/s, burst 20); `false` turns it off. */
  rateLimit?: { perSecond: number; burst: number; now?: () => number } | false;
  /** Other routes served on the webhook's port (health, metrics); polling mode has no server. */
  routes?: readonly HttpRoute[];
  /** Makes the printable forms sent as PDF documents. */
  forms?: FormMaker;
  /** Photos sent at a question a document answers (issue 14): read and offered as answers. */
  photos?: PhotoAnswerPort;
}

export interface TelegramRuntime {
  bot: Telegraf;
  mode: 'polling' | 'webhook';
  /** The port the webhook server listens on (useful when PORT is 0 in tests). */
  webhookPort?: number;
  /**
   * Resolves once every update taken so far is handled, replies sent. Telegram may already have
   * been told an update is done before that: once its answer and reply are committed.
   */
  idle(): Promise<void>;
  stop(reason?: string): Promise<void>;
}

/**
 * Telegraf with our settings: real HTTP calls only (no replies inside webhook responses), the
 * per-update calls over a pooled client, retries on.
 */
export function createTelegramBot(
  config: Pick<TelegramConfig, 'TELEGRAM_BOT_TOKEN' | 'TELEGRAM_API_ROOT'>,
  retry: RetryOptions = {},
): { bot: Telegraf; transport: PooledTransport } {
  if (!config.TELEGRAM_BOT_TOKEN) throw new Error('TELEGRAM_BOT_TOKEN is not set');
  const bot = new Telegraf(config.TELEGRAM_BOT_TOKEN, {
    telegram: {
      ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}),
      // Every call goes over HTTP so it is retried and its result is known.
      webhookReply: false,
    },
    // A 429 may make a reply wait; the queue, not telegraf's timeout, bounds an update's work.
    handlerTimeout: 15 * 60_000,
  });
  const transport = installPooledTransport(bot.telegram, {
    token: config.TELEGRAM_BOT_TOKEN,
    apiRoot: config.TELEGRAM_API_ROOT,
  });
  installRetry(bot.telegram, retry);
  return { bot, transport };
}

export async function startTelegram(options: StartTelegramOptions): Promise<TelegramRuntime> {
  const { bot, transport } = createTelegramBot(options.config, { ...options.retry, logger: options.logger });
  try {
    return await run(options, bot, transport);
  } catch (error) {
    // A start that failed (getMe, the webhook, polling) leaves no connections behind.
    await transport.close();
    throw error;
  }
}

async function run(
  options: StartTelegramOptions,
  bot: Telegraf,
  transport: PooledTransport,
): Promise<TelegramRuntime> {
  const { config, logger } = options;
  const adapter = new TelegramAdapter({
    api: bot.telegram,
    applicant: options.applicant,
    uploads: options.uploads,
    pending: options.pendingUploads ?? inMemoryPendingUploads(),
    maxUploadBytes: config.UPLOAD_MAX_BYTES,
    logger,
    ...(options.fetchImpl ? { fetchImpl: options.fetchImpl } : {}),
    ...(options.forms ? { forms: options.forms } : {}),
    ...(options.photos ? { photos: options.photos } : {}),
    ...(options.claimOwnUpdate ? { claimOwnUpdate: options.claimOwnUpdate } : {}),
  });
  const markProcessed = options.markProcessed ?? inMemoryMarkProcessed();
  const queue = new UpdateQueue({
    markProcessed: async (updateId) => {
      const fresh = await markProcessed(updateId);
      if (!fresh) metrics.updates.inc({ channel: 'telegram', outcome: 'duplicate' });
      return fresh;
    },
    onError: (error, updateId) => {
      metrics.updates.inc({ channel: 'telegram', outcome: 'failed' });
      logger.error({ err: describe(error), updateId }, 'telegram update failed');
    },
  });
  let accepting = true;
  const limiter =
    options.rateLimit === false
      ? undefined
      : new ChatRateLimiter({
          now: performance.now.bind(performance),
          ...DEFAULT_CHAT_RATE,
          ...options.rateLimit,
        });
  if (limiter) registerLimiter('telegram', limiter);

  const handleUpdate = async (update: Update): Promise<void> => {
    // The webhook answers 500 to this, so Telegram delivers the update again to a running instance.
    if (!accepting) {
      metrics.updates.inc({ channel: 'telegram', outcome: 'refused' });
      throw new Error('telegram channel is shutting down');
    }
    const incoming = parseUpdate(update);
    if (!incoming) return;
    // Before the queue and its dedupe write: a flooding chat costs no database work.
    const verdict = limiter?.take(String(incoming.chatId)) ?? 'ok';
    if (verdict !== 'ok') {
      metrics.updates.inc({ channel: 'telegram', outcome: 'rate_limited' });
      // Not awaited: a 429 on the notice must not hold up the updates behind this one.
      if (verdict === 'warn') void adapter.slowDown(incoming);
      return;
    }
    const arrived = performance.now();
    await queue.run(String(incoming.chatId), incoming.updateId, async (accept) => {
      await adapter.handle(incoming, accept);
      metrics.updates.inc({ channel: 'telegram', outcome: 'handled' });
      metrics.answerLatency.observe({ channel: 'telegram' }, (performance.now() - arrived) / 1000);
    });
  };
  bot.use((ctx) => handleUpdate(ctx.update));
  bot.catch((error) => logger.error({ err: describe(error) }, 'telegram middleware failed'));

  bot.botInfo = await bot.telegram.getMe();
  await setCommandMenus(bot.telegram).catch((error: unknown) =>
    logger.warn({ err: describe(error) }, 'telegram setMyCommands failed'),
  );

  let stopPromise: Promise<void> | undefined;
  let runtime: TelegramRuntime;

  if (config.TELEGRAM_WEBHOOK_URL) {
    const secret = config.TELEGRAM_WEBHOOK_SECRET;
    if (!secret) throw new Error('TELEGRAM_WEBHOOK_SECRET is required with TELEGRAM_WEBHOOK_URL');
    const url = new URL(config.TELEGRAM_WEBHOOK_URL);
    const server: Server = createWebhookServer({
      secret,
      path: url.pathname,
      handleUpdate: async (update) => {
        if (!accepting) throw new Error('telegram channel is shutting down');
        await bot.handleUpdate(update);
      },
      onError: (error) => logger.error({ err: describe(error) }, 'telegram webhook request failed'),
      ...(options.routes ? { routes: options.routes } : {}),
    });
    server.listen(config.PORT, options.webhookHost);
    await once(server, 'listening');
    await bot.telegram.setWebhook(url.href, {
      secret_token: secret,
      allowed_updates: ['message', 'callback_query'],
    });
    logger.info({ mode: 'webhook', port: (server.address() as AddressInfo).port }, 'telegram bot started');
    runtime = {
      bot,
      mode: 'webhook',
      webhookPort: (server.address() as AddressInfo).port,
      idle: () => queue.drain(),
      stop: (reason = 'stop') =>
        (stopPromise ??= (async () => {
          logger.info({ reason }, 'telegram bot stopping');
          accepting = false;
          const closed = new Promise<void>((resolve) => server.close(() => resolve()));
          server.closeIdleConnections();
          await queue.drain();
          await closed;
          await transport.close();
        })()),
    };
  } else {
    let started!: () => void;
    const launched = new Promise<void>((resolve) => {
      started = resolve;
    });
    const polling = bot.launch({ allowedUpdates: ['message', 'callback_query'] }, () => started());
    await Promise.race([launched, polling]);
    logger.info({ mode: 'polling' }, 'telegram bot started');
    const finished = polling.catch((error: unknown) =>
      logger.error({ err: describe(error) }, 'telegram polling stopped with an error'),
    );
    runtime = {
      bot,
      mode: 'polling',
      idle: () => queue.drain(),
      stop: (reason = 'stop') =>
        (stopPromise ??= (async () => {
          logger.info({ reason }, 'telegram bot stopping');
          // Aborts the pending getUpdates; the batch in hand finishes and its offset is confirmed.
          bot.stop(reason);
          await finished;
          await queue.drain();
          await transport.close();
        })()),
    };
  }

  if (options.handleSignals ?? true) {
    const onSignal = (signal: NodeJS.Signals) => {
      void runtime.stop(signal).then(() => process.exit(0));
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }
  return runtime;
}

/**
 * Wiring for `main.ts`: the outbox worker with every delivery handler, and the reminder sweep.
 *
 *   const notifier = createNotifier({ db, mailer, telegram: bot.telegram, slack, logger });
 *   // after any commit that enqueued rows:  notifier.wake();
 *   // on shutdown:                          await notifier.stop();
 */
import type { Telegram } from 'telegraf';
import type { Database } from '../db/database.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { BackoffPolicy } from './backoff.ts';
import { type ChatPacer, createChatPacer } from './chat-pacer.ts';
import { type ChatPrompt, createDeliveryHandlers, type SlackPublisher } from './delivery-handlers.ts';
import { type NotifyLogger, silentLogger } from './notify-logger.ts';
import { type OutboxHandler, type OutboxWorker, startOutboxWorker } from './outbox-worker.ts';
import { type ReminderSweeper, startReminderSweeper } from './reminders.ts';
import { createTelegramOutbound, type TelegramOutbound } from './telegram-outbound.ts';

export interface NotifierOptions {
  db: Pick<Database, 'prisma' | 'pii'>;
  mailer: Mailer;
  /** A telegraf client (use one without `installRetry`) or a ready TelegramOutbound (tests). */
  telegram?: Telegram | TelegramOutbound | undefined;
  /** H's triage publisher; without it Slack rows are marked done with a log line. */
  slack?: SlackPublisher | undefined;
  logger?: NotifyLogger;
  now?: () => Date;
  /** Default 1 s; 0 disables the timer (tests drive `drain()`). */
  pollMs?: number;
  /** Default 5 min; 0 disables the timer (tests call `reminders.sweep()`). */
  sweepMs?: number;
  backoff?: BackoffPolicy;
  maxAttempts?: number;
  leaseMs?: number;
  pacer?: ChatPacer;
  /** Topics delivered by other parts of the app (e.g. `review_changes`), alongside the built-in ones. */
  extraHandlers?: Record<string, OutboxHandler>;
  /** Where a chat stands (the applicant service's `currentPrompt`): replaces lost live replies. */
  prompt?: ChatPrompt;
  /** More scheduled work for the sweep (retention, issue 13): returns counts to log. */
  extraSweep?: (now: Date) => Promise<Record<string, number>>;
}

export interface Notifier {
  worker: OutboxWorker;
  reminders: ReminderSweeper;
  /** Call right after a commit that enqueued outbox rows. */
  wake(): void;
  stop(): Promise<void>;
}

function isOutbound(value: Telegram | TelegramOutbound): value is TelegramOutbound {
  return typeof (value as TelegramOutbound).sendTexts === 'function';
}

export function createNotifier(options: NotifierOptions): Notifier {
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? (() => new Date());
  const pacer = options.pacer ?? createChatPacer({ now: () => now().getTime() });
  const telegram = options.telegram
    ? isOutbound(options.telegram)
      ? options.telegram
      : createTelegramOutbound(options.telegram, pacer)
    : undefined;
  const handlers = createDeliveryHandlers({
    db: options.db,
    mailer: options.mailer,
    telegram,
    slack: options.slack,
    logger,
    prompt: options.prompt,
  });
  const worker = startOutboxWorker({
    db: options.db,
    handlers: { ...handlers, ...options.extraHandlers },
    now,
    logger,
    ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
    ...(options.backoff ? { backoff: options.backoff } : {}),
    ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.leaseMs !== undefined ? { leaseMs: options.leaseMs } : {}),
  });
  const reminders = startReminderSweeper({
    db: options.db,
    now,
    logger,
    onQueued: () => worker.wake(),
    ...(options.sweepMs !== undefined ? { intervalMs: options.sweepMs } : {}),
    ...(options.extraSweep ? { extraSweep: options.extraSweep } : {}),
  });
  return {
    worker,
    reminders,
    wake: () => worker.wake(),
    async stop() {
      await reminders.stop();
      await worker.stop();
    },
  };
}

/**
 * Wiring: one process runs the applicant channel (Telegram, or the console chat when no token is
 * set), Slack when configured, and the notify worker, over one database and one blob store.
 */
import { Telegram } from 'telegraf';
import { createConsoleChannel } from '../channels/console/console-channel.ts';
import { type ConsoleTrace, consoleTraceFromEnv } from '../channels/console/console-trace.ts';
import { type SlackHandle, slackConfigured, startSlack } from '../channels/slack/slack-app.ts';
import { applicantPortFromService } from '../channels/telegram/applicant-bridge.ts';
import { startTelegram, type TelegramRuntime } from '../channels/telegram/create-telegram-bot.ts';
import type { Config } from '../config.ts';
import { createEngine } from '../conversation/engine.ts';
import { findApplicantByChat } from '../db/applicants.ts';
import type { Database } from '../db/database.ts';
import { openDatabase } from '../db/open-database.ts';
import { setServerProvinces } from '../filing/catalog/server-provinces.ts';
import { catalog } from '../filing/catalog.ts';
import { requiredMaterials } from '../filing/materials.ts';
import { validateDraft, validateFiling } from '../filing/validate-filing.ts';
import type { Lang } from '../i18n/index.ts';
import type { logger as rootLogger } from '../logger.ts';
import { createMailer } from '../mail/create-mailer.ts';
import type { MailFileLog } from '../mail/eml-file-mailer.ts';
import { createNotifier, type Notifier } from '../notify/notifier.ts';
import { chineseWorkingDayCalendar } from '../review/chinese-days-source.ts';
import { ADDRESS_MOVE_DUE_TOPIC } from '../services/address-move.ts';
import { addressMoveDueHandler } from '../services/address-move-due.ts';
import { createApplicantService } from '../services/applicant-service.ts';
import { createDocumentUploadService, databaseDocumentRecords } from '../services/document-upload-service.ts';
import { createRegistrationService } from '../services/registration-service.ts';
import { createStaffService, type StaffService } from '../services/staff-service.ts';
import { createBlobStore, describeBlobStore } from '../storage/create-blob-store.ts';
import { createApplicantFront } from './applicant-front.ts';
import { REVIEW_CHANGES_TOPIC, reviewChangesHandler } from './review-changes.ts';

export interface AppOptions {
  config: Config;
  logger: typeof rootLogger;
  /** The console chat's terminal (tests pass pipes). */
  stdin?: NodeJS.ReadableStream;
  stdout?: NodeJS.WritableStream;
  /** Language of the console's first line and of a brand-new console conversation. */
  consoleLang?: Lang;
  now?: () => Date;
  /** Where a mail written to a file (no SMTP) is announced; default the logger. */
  mailFileLog?: MailFileLog;
  /**
   * Machine-readable console lines for scripted driving; default: on stderr when
   * ICP_CONSOLE_TRACE=1 (the hook the end-to-end tests drive `npm start` through).
   */
  consoleTrace?: ConsoleTrace;
  /** An open database to use instead of opening DATA_DIR / DATABASE_URL (tests: a migrated copy). */
  database?: Database;
  /** Where Slack's HTTP mode listens (tests: port 0 on 127.0.0.1); default SLACK_PORT or PORT. */
  slackListen?: { port: number; host?: string };
}

/** The running parts, for tests and tools that watch or drive the app from inside the process. */
export interface AppHandles {
  db: Database;
  staff: StaffService;
  notifier: Notifier;
  /** Present when Slack is configured. */
  slack?: SlackHandle;
  /** Present when Telegram is configured. */
  telegram?: TelegramRuntime;
}

export interface RunningApp {
  /** Resolves when the app has stopped (console closed, or stop() called). */
  finished: Promise<void>;
  stop(reason?: string): Promise<void>;
  handles: AppHandles;
}

export async function startApp(options: AppOptions): Promise<RunningApp> {
  const { config, logger } = options;
  const now = options.now ?? (() => new Date());
  const db =
    options.database ??
    (await openDatabase({
      databaseUrl: config.DATABASE_URL,
      dataDir: config.DATA_DIR,
      piiKey: config.PII_ENCRYPTION_KEY,
      log: (message, detail) => logger.warn(detail ?? {}, message),
    }));
  const blobs = createBlobStore(config);
  const mailer = createMailer(config, options.mailFileLog ?? logger);
  const calendar = chineseWorkingDayCalendar();
  setServerProvinces(config.SERVER_PROVINCES);
  const engine = createEngine({ catalog, validateDraft, validateFiling, requiredMaterials });
  logger.info({ database: db.backend, files: describeBlobStore(blobs) }, 'storage ready');

  // The notifier starts last (it needs the channels' clients); until then wake() is a no-op and
  // the worker's first poll picks up whatever was queued.
  let notifier: Notifier | undefined;
  const wake = () => notifier?.wake();

  const staff = createStaffService({
    db,
    calendar,
    now,
    staffIds: config.SLACK_STAFF_USER_IDS,
    blobStore: blobs,
  });
  const applicant = createApplicantService({
    db,
    engine,
    now,
    onMarkError: (err: unknown) =>
      logger.warn({ err }, 'reply sent-marks not written; retried with the next'),
    onQueued: wake,
    onSubmitted: async (tx, { filing }) => {
      const submitted = await staff.onSubmitted(filing.id, { tx });
      if (!submitted.ok) throw new Error(`review refused the submission: ${submitted.problem.code}`);
    },
  });
  const registration = createRegistrationService({ db, now, onQueued: wake });
  const front = createApplicantFront({
    db,
    applicant,
    registration,
    calendar,
    now,
    wake,
    interview: staff,
  });
  const limits = { maxBytes: config.UPLOAD_MAX_BYTES, minSidePx: config.UPLOAD_MIN_SIDE_PX };
  const langOf = async (chat: { channel: 'telegram' | 'console'; chatId: string }, hint?: Lang) =>
    ((await findApplicantByChat(db.prisma, chat))?.lang as Lang | undefined) ?? hint ?? 'zh';

  const stops: (() => Promise<void>)[] = [];
  /** Console mode: the chat closing; Telegram mode: never (only a signal stops the service). */
  let closed: Promise<void>;
  let telegramClient: Telegram | undefined;

  let telegramRuntime: TelegramRuntime | undefined;
  if (config.TELEGRAM_BOT_TOKEN) {
    const port = applicantPortFromService(front, { langOf });
    const uploads = createDocumentUploadService({
      blobs,
      limits,
      records: databaseDocumentRecords(db, (chat) => applicant.currentFiling(chat), now),
      applicant: port,
    });
    const telegram = await startTelegram({ config, applicant: port, uploads, logger, handleSignals: false });
    stops.push(() => telegram.stop());
    telegramRuntime = telegram;
    // The worker retries on its own schedule, so it gets a client without the channel's retry loop.
    telegramClient = new Telegram(config.TELEGRAM_BOT_TOKEN, {
      ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}),
    });
    closed = new Promise(() => {});
  } else {
    const consoleChannel = createConsoleChannel({
      db,
      front,
      applicant,
      blobs,
      limits,
      now,
      langOf,
      lang: options.consoleLang ?? 'en',
      dataDir: config.DATA_DIR,
      input: options.stdin ?? process.stdin,
      output: options.stdout ?? process.stdout,
      trace: options.consoleTrace ?? consoleTraceFromEnv(process.env, process.stderr),
    });
    closed = consoleChannel.finished;
    stops.push(() => consoleChannel.close());
  }

  let slack: SlackHandle | undefined;
  if (slackConfigured(config)) {
    // One port each: Telegram's webhook keeps PORT, Slack moves to SLACK_PORT (default PORT + 1).
    const port = config.SLACK_PORT ?? (config.TELEGRAM_WEBHOOK_URL ? config.PORT + 1 : config.PORT);
    slack = await startSlack({ config, staffService: staff, logger, port, ...options.slackListen });
    stops.push(() => slack!.stop());
  }

  notifier = createNotifier({
    db,
    mailer,
    telegram: telegramClient,
    slack: slack?.publisher,
    logger,
    now,
    extraHandlers: {
      [REVIEW_CHANGES_TOPIC]: reviewChangesHandler(applicant),
      [ADDRESS_MOVE_DUE_TOPIC]: addressMoveDueHandler(registration),
    },
    prompt: (chat) => applicant.currentPrompt(chat),
  });
  // Runs after the channels (the list is stopped in reverse): their last replies' marks are written.
  stops.unshift(() => applicant.close());
  stops.unshift(() => notifier!.stop());

  let stopping: Promise<void> | undefined;
  const stop = (reason = 'stop') =>
    (stopping ??= (async () => {
      logger.info({ reason }, 'stopping');
      // Channels first (they finish the inputs in hand), then the worker, then the database.
      for (const fn of [...stops].reverse())
        await fn().catch((err: unknown) => logger.error({ err }, 'stop failed'));
      mailer.close();
      await db.close();
    })());
  let stopped!: () => void;
  const finished = new Promise<void>((resolve) => {
    stopped = resolve;
  });
  const stopAndSignal = (reason?: string) => stop(reason).finally(stopped);
  void closed.then(
    () => stopAndSignal('console closed'),
    (error: unknown) => {
      logger.error({ err: error instanceof Error ? error.name : 'unknown' }, 'console chat failed');
      return stopAndSignal('console failed');
    },
  );
  const handles: AppHandles = {
    db,
    staff,
    notifier,
    ...(slack ? { slack } : {}),
    ...(telegramRuntime ? { telegram: telegramRuntime } : {}),
  };
  return { finished, stop: stopAndSignal, handles };
}

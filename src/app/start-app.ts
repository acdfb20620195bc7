/**
 * Wiring: one process runs the applicant channel (Telegram, or the console chat when no token is
 * set), Slack when configured, and the notify worker, over one database and one blob store.
 */
import type { Telegram } from 'telegraf';
import { createConsoleChannel } from '../channels/console/console-channel.ts';
import { type ConsoleTrace, consoleTraceFromEnv } from '../channels/console/console-trace.ts';
import type { SlackHandle } from '../channels/slack/slack-app.ts';
import { slackConfigured } from '../channels/slack/slack-configured.ts';
import { applicantPortFromService } from '../channels/telegram/applicant-bridge.ts';
import type { TelegramRuntime } from '../channels/telegram/create-telegram-bot.ts';
import { PENDING_UPLOAD_TTL_MS } from '../channels/telegram/pending-uploads.ts';
import type { Config } from '../config.ts';
import { createEngine } from '../conversation/engine.ts';
import { findApplicantByChat } from '../db/applicants.ts';
import type { Database } from '../db/database.ts';
import { prunePendingUploads } from '../db/pending-uploads.ts';
import { markProcessed } from '../db/processed-updates.ts';
import { hashPendingSponsorNumbers } from '../db/sponsor-number-backfill.ts';
import { createDocumentLinks } from '../document-links/document-links.ts';
import { documentLinkAddress } from '../document-links/link-config.ts';
import { createLinkServer, listen } from '../document-links/link-server.ts';
import { createFormMaker } from '../documents/forms/form-maker.ts';
import { setServerProvinces } from '../filing/catalog/server-provinces.ts';
import { catalog } from '../filing/catalog.ts';
import { requiredMaterials } from '../filing/materials.ts';
import { validateDraft, validateFiling } from '../filing/validate-filing.ts';
import type { Lang } from '../i18n/index.ts';
import type { logger as rootLogger } from '../logger.ts';
import { createMailer } from '../mail/create-mailer.ts';
import type { MailFileLog } from '../mail/eml-file-mailer.ts';
import { createNotifier, type Notifier } from '../notify/notifier.ts';
import { databaseFigures } from '../ops/database-figures.ts';
import { appChecks, type ReadinessProbe, readinessProbe } from '../ops/health.ts';
import { type HttpRoute, healthRoutes, metricsRoute, startRouteServer } from '../ops/http-routes.ts';
import { useDatabaseFigures } from '../ops/metrics.ts';
import type { Roles } from '../ops/roles.ts';
import { createConsentGate } from '../privacy/consent-gate.ts';
import { createErasureRunner, ERASURE_TOPIC } from '../privacy/erasure.ts';
import { createPrivacyFront } from '../privacy/privacy-front.ts';
import { sweepRetention } from '../privacy/retention-sweep.ts';
import { createStaffPrivacy } from '../privacy/staff-privacy.ts';
import { chineseWorkingDayCalendar } from '../review/chinese-days-source.ts';
import { ADDRESS_MOVE_DUE_TOPIC } from '../services/address-move.ts';
import { addressMoveDueHandler } from '../services/address-move-due.ts';
import { createApplicantService } from '../services/applicant-service.ts';
import { databasePendingUploads } from '../services/database-pending-uploads.ts';
import { createDocumentUploadService, databaseDocumentRecords } from '../services/document-upload-service.ts';
import { createPhotoAnswerService, databasePhotoQuestions } from '../services/photo-answer-service.ts';
import { createRegistrationService } from '../services/registration-service.ts';
import { createStaffService, type StaffService } from '../services/staff-service.ts';
import { createBlobSealer } from '../storage/blob-envelope.ts';
import { createBlobStore, describeBlobStore } from '../storage/create-blob-store.ts';
import { createApplicantFront } from './applicant-front.ts';
import { startDocumentReading } from './document-reading.ts';
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
  /** The open database (`icp start` opens it while the app loads; tests pass a migrated copy). Closed at stop. */
  database: Database;
  /** Where Slack's HTTP mode listens (tests: port 0 on 127.0.0.1); default SLACK_PORT or PORT. */
  slackListen?: { port: number; host?: string };
  /** Where the document-link server listens (tests: port 0); default DOCUMENT_LINK_PORT or PORT + 2. */
  documentLinkListen?: { port: number; host?: string };
  /**
   * What this process runs (`icp start` decides it from ICP_ROLES, flags and the terminal). Unset:
   * every configured channel and the worker, and the console chat when no Telegram token is set.
   */
  roles?: Roles;
  /** More HTTP routes for the app's ports (served next to /healthz, /readyz, /metrics). */
  routes?: readonly HttpRoute[];
  /** Where the METRICS_PORT server listens (tests: port 0 on 127.0.0.1); default METRICS_PORT. */
  metricsListen?: { port: number; host?: string };
}

/** The roles of a process started without a decision (tests, tools): the long-standing default. */
export function defaultRoles(config: Config): Roles {
  return {
    ...(config.TELEGRAM_BOT_TOKEN ? { telegram: config.TELEGRAM_WEBHOOK_URL ? 'webhook' : 'polling' } : {}),
    ...(slackConfigured(config) ? { slack: config.SLACK_APP_TOKEN ? 'socket' : 'http' } : {}),
    worker: true,
    console: !config.TELEGRAM_BOT_TOKEN,
  } as Roles;
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
  /** The port of the document-link server, when it runs (Telegram or Slack configured, or DOCUMENT_LINK_PORT). */
  documentLinkPort?: number;
  readiness: ReadinessProbe;
  /** The port of the separate metrics/health server, when METRICS_PORT (or metricsListen) is set. */
  metricsPort?: number;
}

export interface RunningApp {
  /** Resolves when the app has stopped (console closed, or stop() called). */
  finished: Promise<void>;
  stop(reason?: string): Promise<void>;
  handles: AppHandles;
}

export async function startApp(options: AppOptions): Promise<RunningApp> {
  const { config, logger } = options;
  const roles = options.roles ?? defaultRoles(config);
  const now = options.now ?? (() => new Date());
  const db = options.database;
  // Rows from before the sponsor number's hash column get it now (one indexed probe once done).
  const hashed = await hashPendingSponsorNumbers(db);
  if (hashed > 0) logger.info({ filings: hashed }, 'sponsor document numbers hashed');
  const blobs = await createBlobStore(config);
  const mailer = createMailer(config, options.mailFileLog ?? logger);
  const calendar = chineseWorkingDayCalendar();
  setServerProvinces(config.SERVER_PROVINCES);
  const engineDeps = { catalog, validateDraft, validateFiling, requiredMaterials };
  const engine = createEngine(engineDeps);
  logger.info({ database: db.backend, files: describeBlobStore(blobs) }, 'storage ready');

  // Health on every HTTP port the app opens; /metrics there too unless it has a port of its own.
  const readiness = readinessProbe(appChecks(db, blobs));
  useDatabaseFigures(databaseFigures(db, now));
  const metricsListen =
    options.metricsListen ?? (config.METRICS_PORT ? { port: config.METRICS_PORT } : undefined);
  const routes: HttpRoute[] = [
    ...healthRoutes(readiness),
    ...(metricsListen ? [] : [metricsRoute]),
    ...(options.routes ?? []),
  ];

  // The notifier starts last (it needs the channels' clients); until then wake() is a no-op and
  // the worker's first poll picks up whatever was queued.
  let notifier: Notifier | undefined;
  const wake = () => notifier?.wake();

  const linkAddress = documentLinkAddress(config);
  const staff = createStaffService({
    db,
    calendar,
    now,
    staffIds: config.SLACK_STAFF_USER_IDS,
    blobStore: blobs,
    documentLinkBaseUrl: linkAddress.baseUrl,
  });
  const applicant = createApplicantService({
    db,
    engine,
    now,
    replyGraceMs: config.REPLY_GRACE_MS,
    onMarkError: (err: unknown) =>
      logger.warn({ err }, 'reply sent-marks not written; retried with the next'),
    onQueued: wake,
    onSubmitted: async (tx, { filing }) => {
      const submitted = await staff.onSubmitted(filing.id, { tx });
      if (!submitted.ok) throw new Error(`review refused the submission: ${submitted.problem.code}`);
    },
  });
  const registration = createRegistrationService({ db, now, onQueued: wake });
  // Issue 13: consent before collection, /export and /delete, retention.
  const retention = { draftDays: config.DRAFT_RETENTION_DAYS, documentDays: config.DOCUMENT_RETENTION_DAYS };
  const erasure = createErasureRunner({ db, blobs, dataDir: config.DATA_DIR, now });
  const front = createApplicantFront({
    db,
    applicant,
    registration,
    calendar,
    now,
    wake,
    interview: staff,
    consent: createConsentGate({ db, now, retention }),
    privacy: createPrivacyFront({ db, erasure, now, dataDir: config.DATA_DIR, wake }),
  });
  const limits = { maxBytes: config.UPLOAD_MAX_BYTES, minSidePx: config.UPLOAD_MIN_SIDE_PX };
  const reading = startDocumentReading(config, db, logger);
  const forms = createFormMaker({ providerName: config.PROVIDER_NAME, now });
  const langOf = async (chat: { channel: 'telegram' | 'console'; chatId: string }, hint?: Lang) =>
    ((await findApplicantByChat(db.prisma, chat))?.lang as Lang | undefined) ?? hint ?? 'zh';

  const stops: (() => Promise<void>)[] = [];
  stops.push(() => reading.close());
  /** Console mode: the chat closing; a service: never (only a signal stops it). */
  let closed: Promise<void> = new Promise(() => {});
  let telegramClient: Telegram | undefined;

  let telegramRuntime: TelegramRuntime | undefined;
  if (roles.telegram && config.TELEGRAM_BOT_TOKEN) {
    const port = applicantPortFromService(front, { langOf });
    const uploadDeps = {
      sealer: createBlobSealer(db.pii),
      blobs,
      limits,
      records: databaseDocumentRecords(db, (chat) => applicant.currentFiling(chat), now),
      applicant: port,
      reading: reading.uploads,
    };
    const uploads = createDocumentUploadService(uploadDeps);
    const photos = createPhotoAnswerService({
      ...uploadDeps,
      questions: databasePhotoQuestions(db, engineDeps, now),
    });
    const { startTelegram } = await import('../channels/telegram/create-telegram-bot.ts');
    const telegram = await startTelegram({
      config,
      applicant: port,
      uploads,
      photos,
      // Shared: the tap on a document and the file that follows may reach different instances.
      pendingUploads: databasePendingUploads(db, { channel: 'telegram', now }),
      claimOwnUpdate: (updateId) => markProcessed(db.prisma, 'telegram', String(updateId)),
      logger,
      handleSignals: false,
      routes,
      forms,
      rateLimit: { perSecond: config.TELEGRAM_RATE_PER_SECOND, burst: config.TELEGRAM_RATE_BURST },
    });
    stops.push(() => telegram.stop());
    telegramRuntime = telegram;
  }
  if (config.TELEGRAM_BOT_TOKEN) {
    // The worker retries on its own schedule, so it gets a client without the channel's retry loop.
    const { Telegram } = await import('telegraf');
    telegramClient = new Telegram(config.TELEGRAM_BOT_TOKEN, {
      ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}),
    });
  }
  if (roles.console) {
    const consoleChannel = createConsoleChannel({
      db,
      front,
      applicant,
      blobs,
      limits,
      now,
      reading: reading.uploads,
      photoQuestions: databasePhotoQuestions(db, engineDeps, now),
      langOf,
      lang: options.consoleLang ?? 'en',
      dataDir: config.DATA_DIR,
      input: options.stdin ?? process.stdin,
      output: options.stdout ?? process.stdout,
      trace: options.consoleTrace ?? consoleTraceFromEnv(process.env, process.stderr),
      forms,
    });
    closed = consoleChannel.finished;
    stops.push(() => consoleChannel.close());
  }

  let slack: SlackHandle | undefined;
  if (roles.slack && slackConfigured(config)) {
    // One port each: Telegram's webhook keeps PORT, Slack moves to SLACK_PORT (default PORT + 1).
    const port = config.SLACK_PORT ?? (config.TELEGRAM_WEBHOOK_URL ? config.PORT + 1 : config.PORT);
    const privacy = createStaffPrivacy({ db, erasure, now, wake });
    const { startSlack } = await import('../channels/slack/slack-app.ts');
    slack = await startSlack({
      config,
      staffService: staff,
      logger,
      port,
      lang: config.SLACK_LANG,
      routes,
      forms,
      privacy,
      ...options.slackListen,
    });
    stops.push(() => slack!.stop());
  }

  // Staff download documents through the app (decrypted on the fly); the console-only default has
  // no staff but the local operator, who uses `icp staff link` once the chat is closed.
  let documentLinkPort: number | undefined;
  if (config.TELEGRAM_BOT_TOKEN || slack || config.DOCUMENT_LINK_PORT || options.documentLinkListen) {
    const server = createLinkServer({
      links: createDocumentLinks({ db, blobs, baseUrl: linkAddress.baseUrl, now }),
      logger,
    });
    const listenOn = options.documentLinkListen ?? { port: linkAddress.port };
    documentLinkPort = await listen(server, listenOn.port, listenOn.host);
    stops.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    );
  }

  // A process without the worker role leaves the outbox to the processes that have it: no timers,
  // and wake() does nothing (their poll picks the rows up within a second).
  const slackPublisher =
    slack?.publisher ??
    (roles.worker && slackConfigured(config)
      ? (await import('../channels/slack/slack-app.ts')).slackPublisherOnly({
          config,
          staffService: staff,
          lang: config.SLACK_LANG,
        })
      : undefined);
  notifier = createNotifier({
    db,
    mailer,
    telegram: telegramClient,
    slack: slackPublisher,
    logger,
    now,
    leaseMs: config.OUTBOX_LEASE_MS,
    ...(roles.worker ? { sweepMs: config.REMINDER_SWEEP_MS } : { pollMs: 0, sweepMs: 0 }),
    extraHandlers: {
      [REVIEW_CHANGES_TOPIC]: reviewChangesHandler(applicant),
      [ADDRESS_MOVE_DUE_TOPIC]: addressMoveDueHandler(registration),
      [ERASURE_TOPIC]: erasure.handler,
    },
    extraSweep: async (at) => {
      // Taps never followed by a file: their rows go (reading one also drops it when stale).
      await prunePendingUploads(db.prisma, new Date(at.getTime() - PENDING_UPLOAD_TTL_MS));
      return { ...(await sweepRetention(db, at, retention)) };
    },
    prompt: (chat) => applicant.currentPrompt(chat),
  });
  // Runs after the channels (the list is stopped in reverse): their last replies' marks are written.
  stops.unshift(() => applicant.close());
  stops.unshift(() => notifier!.stop());

  let metricsPort: number | undefined;
  if (metricsListen) {
    const server = await startRouteServer(
      [...healthRoutes(readiness), metricsRoute, ...(options.routes ?? [])],
      metricsListen,
    );
    metricsPort = server.port;
    // Last to close: a scrape or probe can watch the stop until the end.
    stops.unshift(() => server.close());
  }

  let stopping: Promise<void> | undefined;
  const stop = (reason = 'stop') =>
    (stopping ??= (async () => {
      logger.info({ reason }, 'stopping');
      readiness.markStopping();
      // Channels first (they finish the inputs in hand), then the worker, then the database.
      for (const fn of [...stops].reverse())
        await fn().catch((err: unknown) => logger.error({ err }, 'stop failed'));
      mailer.close();
      useDatabaseFigures(undefined);
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
    readiness,
    ...(metricsPort !== undefined ? { metricsPort } : {}),
    ...(slack ? { slack } : {}),
    ...(telegramRuntime ? { telegram: telegramRuntime } : {}),
    ...(documentLinkPort !== undefined ? { documentLinkPort } : {}),
  };
  return { finished, stop: stopAndSignal, handles };
}

/**
 * `icp start` (`npm start`): runs what the configuration asks for and says it in one line on
 * stderr: Telegram (polling or webhook), Slack (HTTP or Socket Mode), the notify/reminder worker,
 * and the local console chat only when no applicant channel is configured and stdin is a terminal
 * (or `--console`). ICP_ROLES / `--roles telegram,slack,worker` split them across processes.
 * A bad setting stops the start with one line naming it.
 */
import { parseArgs } from 'node:util';
import { mailWrittenLine } from '../channels/console/mail-written-line.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { databaseOptions, openDatabase } from '../db/open-database.ts';
import { isLang, type Lang, t } from '../i18n/index.ts';
import { consoleLogger, consoleLogPath, logger } from '../logger.ts';
import { decideRoles, describeRoles } from '../ops/roles.ts';
import { localeLang } from './locale-lang.ts';

/** How long a SIGTERM may take before the process exits anyway (service managers wait ~10 s). */
const STOP_DEADLINE_MS = 9_000;

export async function run(args: string[]): Promise<number> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  let flags: { console?: boolean; roles?: string; lang?: string };
  try {
    flags = parseArgs({
      args,
      options: { console: { type: 'boolean' }, roles: { type: 'string' }, lang: { type: 'string' } },
      strict: true,
    }).values;
  } catch (error) {
    const value = /'([^']+)'/.exec(error instanceof Error ? error.message : '')?.[1] ?? args.join(' ');
    process.stderr.write(`${t(localeLang(process.env), 'ops:roles.bad_flag', { value })}\n`);
    return 2;
  }
  const lang: Lang = flags.lang && isLang(flags.lang) ? flags.lang : localeLang(process.env);
  const decided = decideRoles({
    telegramToken: Boolean(config.TELEGRAM_BOT_TOKEN),
    telegramWebhook: Boolean(config.TELEGRAM_WEBHOOK_URL),
    slackToken: Boolean(config.SLACK_BOT_TOKEN),
    slackSocket: Boolean(config.SLACK_APP_TOKEN),
    requested: flags.roles ?? config.ICP_ROLES,
    forceConsole: flags.console ?? false,
    stdinIsTty: Boolean(process.stdin.isTTY),
  });
  if (!decided.ok) {
    process.stderr.write(`${t(lang, decided.problem.key, decided.problem.params)}\n`);
    return 2;
  }
  const roles = decided.roles;
  const parts = describeRoles(roles).map((text) => t(lang, text.key, text.params));
  process.stderr.write(
    `${t(lang, 'ops:roles.line', { parts: parts.join(t(lang, 'ops:roles.separator')) })}\n`,
  );
  if (!roles.telegram && !roles.console && !roles.slack && flags.roles === undefined && !config.ICP_ROLES) {
    process.stderr.write(`${t(lang, 'ops:roles.no_applicant_channel')}\n`);
  }
  // In the console the terminal is the chat: logs go to a file in the data folder, quietly
  // unless asked for, and one human line says where.
  const log = roles.console
    ? consoleLogger(process.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn', config.DATA_DIR)
    : logger;
  if (roles.console) {
    process.stderr.write(`${t(lang, 'console:logFile', { path: consoleLogPath(config.DATA_DIR) })}\n`);
  }
  // The database opens while the rest of the app loads: PGlite compiles its WebAssembly on other
  // threads, and a PostgreSQL connection waits on the network, both while this thread evaluates
  // the app's modules. One after the other, a start took the sum of the two.
  const [database, { startApp }] = await Promise.all([
    openDatabase(databaseOptions(config, (message, detail) => log.warn(detail ?? {}, message))),
    import('../app/start-app.ts'),
  ]);
  const app = await startApp({
    config,
    database,
    logger: log,
    roles,
    consoleLang: lang,
    // Without SMTP, the console user reads the code from the mail file: say where it is.
    ...(roles.console
      ? {
          mailFileLog: {
            info: (fields: Record<string, unknown>) =>
              void process.stderr.write(`${mailWrittenLine(lang, fields)}\n`),
          },
        }
      : {}),
  });
  let exitCode = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    // A stop that hangs (a stuck connection) must not keep the service manager waiting forever.
    setTimeout(() => {
      log.error({ signal }, 'stop took too long; exiting');
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    void app.stop(signal).catch(() => {
      exitCode = 1;
    });
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  // A service runs until a signal: its timers and sockets may all be idle (a worker-only process
  // between polls), and an empty event loop would end it with an unfinished start.
  const keepAlive = roles.console ? undefined : setInterval(() => {}, 60_000);
  await app.finished;
  clearInterval(keepAlive);
  return exitCode;
}

/**
 * `icp start` (`npm start`): Telegram when TELEGRAM_BOT_TOKEN is set, otherwise the local console
 * chat; Slack too when configured. A bad setting stops the start with one line naming it.
 */
import { startApp } from '../app/start-app.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { t } from '../i18n/index.ts';
import { consoleLogger, logger } from '../logger.ts';
import { localeLang } from './locale-lang.ts';

export async function run(_args: string[]): Promise<number> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  // In the console the terminal is the chat: logs go to stderr, quietly unless asked for.
  const log = config.TELEGRAM_BOT_TOKEN
    ? logger
    : consoleLogger(process.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn');
  const lang = localeLang(process.env);
  const app = await startApp({
    config,
    logger: log,
    consoleLang: lang,
    // Without SMTP, the console user reads the code from the mail file: say where it is.
    ...(config.TELEGRAM_BOT_TOKEN
      ? {}
      : {
          mailFileLog: {
            info: (fields: Record<string, unknown>) =>
              void process.stderr.write(`${t(lang, 'console:mailWritten', { path: String(fields.path) })}\n`),
          },
        }),
  });
  const onSignal = (signal: NodeJS.Signals) => void app.stop(signal);
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  await app.finished;
  return 0;
}

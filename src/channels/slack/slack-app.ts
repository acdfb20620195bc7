/**
 * The Slack surface: a Bolt app in HTTP mode (signatures checked by Bolt's HTTPReceiver: a bad or
 * stale one gets 401 before any handler runs) or in Socket Mode when SLACK_APP_TOKEN is set.
 */
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import type { Lang } from '../../i18n/index.ts';
import type { StaffPrivacy } from '../../privacy/staff-privacy.ts';
import type { StaffService } from '../../services/staff-service.ts';
import { registerActionHandlers } from './action-handlers.ts';
import { boltLogger } from './bolt-logger.ts';
import { registerCommandHandlers } from './command-handlers.ts';
import { registerHomeHandlers } from './home-handlers.ts';
import { registerPrivacyHandlers } from './privacy-handlers.ts';
import { translator } from './slack-text.ts';
import { createSlackTriagePublisher, type SlackTriagePublisher } from './triage-publisher.ts';
import { registerViewHandlers } from './view-handlers.ts';

export const SLACK_EVENTS_PATH = '/slack/events';

export type SlackConfig = Pick<
  Config,
  | 'SLACK_BOT_TOKEN'
  | 'SLACK_SIGNING_SECRET'
  | 'SLACK_APP_TOKEN'
  | 'SLACK_API_URL'
  | 'SLACK_TRIAGE_CHANNEL'
  | 'PORT'
>;

export interface StartSlackOptions {
  config: SlackConfig;
  staffService: StaffService;
  logger: Logger;
  /** Language of the staff surface (messages, dialogs, App Home). Default zh. */
  lang?: Lang;
  /** HTTP mode: where to listen (default PORT on all interfaces; tests pass 0 and 127.0.0.1). */
  port?: number;
  host?: string;
  /** Issue 13: the erase button's service; without it the button answers nothing. */
  privacy?: StaffPrivacy;
}

export interface SlackHandle {
  app: App;
  /** For the notify worker's `slack_triage` / `slack_update` rows. */
  publisher: SlackTriagePublisher;
  mode: 'http' | 'socket';
  /** HTTP mode: the port actually listened on. */
  port?: number;
  stop(): Promise<void>;
}

export class SlackConfigError extends Error {
  override readonly name = 'SlackConfigError';
}

/** Whether the environment asks for Slack at all (the lead's `npm start` decides with this). */
export function slackConfigured(config: Pick<Config, 'SLACK_BOT_TOKEN'>): boolean {
  return Boolean(config.SLACK_BOT_TOKEN);
}

export async function startSlack(options: StartSlackOptions): Promise<SlackHandle> {
  const { config, staffService, logger } = options;
  const token = config.SLACK_BOT_TOKEN;
  if (!token) throw new SlackConfigError('Invalid SLACK_BOT_TOKEN: required to start Slack');
  if (!config.SLACK_TRIAGE_CHANNEL)
    throw new SlackConfigError('Invalid SLACK_TRIAGE_CHANNEL: required to start Slack');
  const lang = options.lang ?? 'zh';
  const clientOptions = config.SLACK_API_URL ? { slackApiUrl: withSlash(config.SLACK_API_URL) } : {};
  const log = boltLogger(logger);

  let app: App;
  let receiver: HTTPReceiver | undefined;
  if (config.SLACK_APP_TOKEN) {
    app = new App({ token, appToken: config.SLACK_APP_TOKEN, socketMode: true, clientOptions, logger: log });
  } else {
    if (!config.SLACK_SIGNING_SECRET) {
      throw new SlackConfigError(
        'Invalid SLACK_SIGNING_SECRET: required for Slack HTTP mode (or set SLACK_APP_TOKEN)',
      );
    }
    receiver = new HTTPReceiver({
      signingSecret: config.SLACK_SIGNING_SECRET,
      endpoints: SLACK_EVENTS_PATH,
      // Handlers finish (and the filing is committed) before Slack gets its 200; they stay well
      // under Slack's 3 s, and a retried delivery is refused by the version check.
      processBeforeResponse: true,
      logger: log,
    });
    app = new App({ token, receiver, clientOptions, logger: log });
  }

  const publisher = createSlackTriagePublisher({
    client: app.client,
    channel: config.SLACK_TRIAGE_CHANNEL,
    staffService,
    lang,
  });
  const deps = { staffService, publisher, tr: translator(lang), logger };
  registerActionHandlers(app, deps);
  registerViewHandlers(app, deps);
  registerCommandHandlers(app, deps);
  registerHomeHandlers(app, deps);
  if (options.privacy) registerPrivacyHandlers(app, { ...deps, privacy: options.privacy });
  app.error(async (error) => {
    logger.error({ err: error }, 'slack: handler failed');
  });

  if (receiver) {
    const server = await app.start({
      port: options.port ?? config.PORT,
      ...(options.host ? { host: options.host } : {}),
    });
    const port = (server.address() as AddressInfo).port;
    logger.info({ port, path: SLACK_EVENTS_PATH }, 'slack: HTTP mode listening');
    return {
      app,
      publisher,
      mode: 'http',
      port,
      stop: async () => {
        await app.stop();
      },
    };
  }
  await app.start();
  logger.info('slack: Socket Mode connected');
  return {
    app,
    publisher,
    mode: 'socket',
    stop: async () => {
      await app.stop();
    },
  };
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

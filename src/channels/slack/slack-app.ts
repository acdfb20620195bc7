/**
 * The Slack surface: a Bolt app in HTTP mode (signatures checked by Bolt's HTTPReceiver: a bad or
 * stale one gets 401 before any handler runs) or in Socket Mode when SLACK_APP_TOKEN is set.
 */
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import type { FormMaker } from '../../documents/forms/form-maker.ts';
import type { Lang } from '../../i18n/index.ts';
import type { HttpRoute } from '../../ops/http-routes.ts';
import { metrics } from '../../ops/metrics.ts';
import type { StaffPrivacy } from '../../privacy/staff-privacy.ts';
import type { StaffService } from '../../services/staff-service.ts';
import { registerActionHandlers } from './action-handlers.ts';
import { boltLogger } from './bolt-logger.ts';
import { registerCommandHandlers } from './command-handlers.ts';
import { registerFormHandlers } from './form-handlers.ts';
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
  /** Makes the printable forms staff can ask for from the triage message (sent to their DMs). */
  forms?: FormMaker;
  /** HTTP mode: where to listen (default PORT on all interfaces; tests pass 0 and 127.0.0.1). */
  port?: number;
  host?: string;
  /** Other routes served on Slack's HTTP port (health, metrics). */
  routes?: readonly HttpRoute[];
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
      ...(options.routes ? { customRoutes: [...options.routes] } : {}),
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
  // Every request through Bolt: counted by kind (action, view, command, event), timed to its answer.
  app.use(async ({ body, next }) => {
    const started = performance.now();
    const kind =
      typeof (body as { type?: unknown }).type === 'string' ? (body as { type: string }).type : 'command';
    try {
      await next();
      metrics.updates.inc({ channel: 'slack', outcome: 'handled' });
    } catch (error) {
      metrics.updates.inc({ channel: 'slack', outcome: 'failed' });
      throw error;
    } finally {
      metrics.answerLatency.observe({ channel: `slack_${kind}` }, (performance.now() - started) / 1000);
    }
  });
  registerActionHandlers(app, deps);
  if (options.forms) registerFormHandlers(app, { ...deps, forms: options.forms, lang });
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

/**
 * The triage publisher alone, for a worker process that does not serve Slack (ICP_ROLES split):
 * it posts and updates triage messages with the bot token, without taking requests.
 */
export function slackPublisherOnly(options: {
  config: Pick<SlackConfig, 'SLACK_BOT_TOKEN' | 'SLACK_API_URL' | 'SLACK_TRIAGE_CHANNEL'>;
  staffService: StaffService;
  lang?: Lang;
}): SlackTriagePublisher | undefined {
  const { config } = options;
  if (!config.SLACK_BOT_TOKEN || !config.SLACK_TRIAGE_CHANNEL) return undefined;
  const client = new webApi.WebClient(
    config.SLACK_BOT_TOKEN,
    config.SLACK_API_URL ? { slackApiUrl: withSlash(config.SLACK_API_URL) } : {},
  );
  return createSlackTriagePublisher({
    client,
    channel: config.SLACK_TRIAGE_CHANNEL,
    staffService: options.staffService,
    lang: options.lang ?? 'zh',
  });
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

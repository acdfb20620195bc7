/**
 * Whether Slack is configured, without loading Bolt: a process that serves no Slack (the console
 * chat, a Telegram-only instance) decides this at start and never pays for loading it.
 */
import type { Config } from '../../config.ts';

export function slackConfigured(config: Pick<Config, 'SLACK_BOT_TOKEN'>): boolean {
  return Boolean(config.SLACK_BOT_TOKEN);
}

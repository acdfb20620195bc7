/**
 * The "/" menu in Telegram clients, in both languages: Chinese for users whose Telegram is set to
 * Chinese (language_code `zh`), English for everyone else (the default list).
 */
import type { Telegram } from 'telegraf';
import type { BotCommand } from 'telegraf/types';
import { type Lang, t } from '../../i18n/index.ts';

export const MENU_COMMANDS = [
  'start',
  'status',
  'summary',
  'edit',
  'back',
  'skip',
  'documents',
  'lang',
  'help',
  'cancel',
] as const;

export function commandMenu(lang: Lang): BotCommand[] {
  return MENU_COMMANDS.map((command) => ({ command, description: t(lang, `telegram:commands.${command}`) }));
}

export async function setCommandMenus(telegram: Telegram): Promise<void> {
  await telegram.setMyCommands(commandMenu('en'));
  await telegram.setMyCommands(commandMenu('zh'), { language_code: 'zh' });
}

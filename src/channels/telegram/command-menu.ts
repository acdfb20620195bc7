/**
 * The "/" menu in Telegram clients, in both languages: Chinese for users whose Telegram is set to
 * Chinese (language_code `zh`), English for everyone else (the default list).
 */
import type { Telegram } from 'telegraf';
import type { BotCommand } from 'telegraf/types';
import { accountCommandTexts } from '../../account/account-texts.ts';
import { type Lang, render, t } from '../../i18n/index.ts';

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
  const filing = MENU_COMMANDS.map((command) => ({
    command,
    description: t(lang, `telegram:commands.${command}`),
  }));
  // The account commands are the registration step's (src/account), which reads them from the text.
  const account = (['email', 'resend'] as const).map((command) => ({
    command,
    description: render(lang, accountCommandTexts[command]),
  }));
  // Issue 13: the applicant's rights, read by the privacy step from the text.
  const privacy = (['export', 'delete'] as const).map((command) => ({
    command,
    description: t(lang, `privacy:commands.${command}`),
  }));
  return [...filing, ...account, ...privacy];
}

export async function setCommandMenus(telegram: Telegram): Promise<void> {
  await telegram.setMyCommands(commandMenu('en'));
  await telegram.setMyCommands(commandMenu('zh'), { language_code: 'zh' });
}

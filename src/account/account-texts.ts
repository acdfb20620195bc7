import type { Text, TextParams } from '../i18n/index.ts';
import { maskEmail } from '../logger.ts';

/** Stable reason codes of the email account flow; each localizes as `account:problems.<name>`. */
export type AccountProblemCode =
  | 'account.email_invalid'
  | 'account.resend_limit'
  | 'account.code_format'
  | 'account.code_wrong'
  | 'account.code_expired'
  | 'account.too_many_tries'
  | 'account.code_used'
  | 'account.no_code'
  | 'account.address_locked'
  | 'account.address_send_limit'
  | 'account.busy';

export interface AccountProblem {
  code: AccountProblemCode;
  params?: TextParams;
  /** What to show the applicant, including the way out (/resend, /email). */
  text: Text;
}

export function accountProblem(code: AccountProblemCode, params?: TextParams): AccountProblem {
  const key = `account:problems.${code.slice('account.'.length)}`;
  return params ? { code, params, text: { key, params } } : { code, text: { key } };
}

/** First question of a new applicant, before any filing question. */
export function askEmailText(): Text {
  return { key: 'account:prompts.ask_email' };
}

/** After /email: which address to use instead. */
export function askNewEmailText(): Text {
  return { key: 'account:prompts.ask_new_email' };
}

/** Reminder while a code is awaited and the applicant wrote something else. */
export function askCodeText(email: string): Text {
  return { key: 'account:prompts.ask_code', params: { email: maskEmail(email) } };
}

/** The address is shown masked: chat transcripts get forwarded and screenshotted. */
export function codeSentText(email: string, minutes: number): Text {
  return { key: 'account:prompts.code_sent', params: { email: maskEmail(email), minutes } };
}

export function verifiedText(email: string): Text {
  return { key: 'account:prompts.verified', params: { email: maskEmail(email) } };
}

/** Descriptions for a command menu (Telegram setMyCommands, console /help). */
export const accountCommandTexts = {
  resend: { key: 'account:commands.resend' },
  email: { key: 'account:commands.email' },
} as const satisfies Record<string, Text>;

/**
 * The console's line for a mail written to a file (no SMTP server): the person reads the
 * verification code there, so "open it to read the code" is said only for a mail that carries one;
 * a status mail is only announced.
 */
import { type Lang, t } from '../../i18n/index.ts';

/** `fields` is what the file mailer logs: the path and whether the mail carries a code. */
export function mailWrittenLine(lang: Lang, fields: Record<string, unknown>): string {
  const key = fields.carriesCode === true ? 'console:mailWritten' : 'console:mailWrittenNoCode';
  return t(lang, key, { path: String(fields.path) });
}

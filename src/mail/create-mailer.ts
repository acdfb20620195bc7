import { join } from 'node:path';
import type { Config } from '../config.ts';
import { createEmlFileMailer, type MailFileLog } from './eml-file-mailer.ts';
import type { Mailer } from './mailer.ts';
import { createSmtpMailer } from './smtp-mailer.ts';

export type MailConfig = Pick<Config, 'SMTP_URL' | 'MAIL_FROM' | 'DATA_DIR'>;

/** SMTP when `SMTP_URL` is set; otherwise `.eml` files under `<DATA_DIR>/mail/`. */
export function createMailer(config: MailConfig, fileLog?: MailFileLog): Mailer {
  if (config.SMTP_URL) return createSmtpMailer({ url: config.SMTP_URL, from: config.MAIL_FROM });
  return createEmlFileMailer({
    dir: mailDir(config.DATA_DIR),
    from: config.MAIL_FROM,
    ...(fileLog ? { logger: fileLog } : {}),
  });
}

export function mailDir(dataDir: string): string {
  return join(dataDir, 'mail');
}

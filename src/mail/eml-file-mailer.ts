import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { logger as defaultLogger, maskEmail } from '../logger.ts';
import { lazyTransport } from './lazy-transport.ts';
import type { Mailer, MailMessage, SentMail } from './mailer.ts';

export interface MailFileLog {
  info(fields: Record<string, unknown>, message: string): void;
}

export interface EmlFileMailerOptions {
  /** Folder for the .eml files, normally `<DATA_DIR>/mail`. */
  dir: string;
  from: string;
  now?: () => Date;
  /** Defaults to the shared pino logger. */
  logger?: MailFileLog;
}

/**
 * The embedded default when no SMTP server is configured: each message becomes an RFC 822 `.eml`
 * file that a mail client (or a text editor) opens, so a person running the assistant locally can
 * read the verification code. The path is logged; the recipient only masked.
 */
export function createEmlFileMailer(options: EmlFileMailerOptions): Mailer {
  const transport = lazyTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const now = options.now ?? (() => new Date());
  const log = options.logger ?? defaultLogger;
  return {
    async send(message: MailMessage): Promise<SentMail> {
      const { carriesCode, ...mail } = message;
      const info = await (await transport.get()).sendMail({ from: options.from, ...mail, date: now() });
      const raw = info.message;
      if (!Buffer.isBuffer(raw)) throw new Error('stream transport did not buffer the message');
      await mkdir(options.dir, { recursive: true, mode: 0o700 });
      // Sortable by time; the random part keeps two messages in the same millisecond apart.
      const stamp = now().toISOString().replace(/[:.]/g, '-');
      const path = join(options.dir, `${stamp}-${randomBytes(4).toString('hex')}.eml`);
      // The file holds a live code: readable by the owner only.
      await writeFile(path, raw, { mode: 0o600, flag: 'wx' });
      log.info(
        { path, to: maskEmail(message.to), messageId: info.messageId, carriesCode: carriesCode === true },
        'mail written to file',
      );
      return { messageId: info.messageId, path };
    },
    close() {},
  };
}

import { lazyTransport } from './lazy-transport.ts';
import type { Mailer, MailMessage, SentMail } from './mailer.ts';

export interface SmtpMailerOptions {
  /** e.g. smtp://user:pass@smtp.example.cn:587 or smtps://...:465 */
  url: string;
  /** e.g. `ICP filing assistant <noreply@example.cn>` */
  from: string;
  /**
   * Nodemailer waits up to 2 minutes to connect by default; the outbox would rather fail fast and
   * retry with backoff.
   */
  connectionTimeoutMs?: number;
  greetingTimeoutMs?: number;
  socketTimeoutMs?: number;
}

export function createSmtpMailer(options: SmtpMailerOptions): Mailer {
  const transport = lazyTransport({
    url: options.url,
    connectionTimeout: options.connectionTimeoutMs ?? 10_000,
    greetingTimeout: options.greetingTimeoutMs ?? 10_000,
    socketTimeout: options.socketTimeoutMs ?? 30_000,
  });
  return {
    async send(message: MailMessage): Promise<SentMail> {
      // Only what a mail is made of goes to the transport, not the hint for the file mailer.
      const { carriesCode: _, ...mail } = message;
      const info = await (await transport.get()).sendMail({ from: options.from, ...mail });
      return { messageId: info.messageId };
    },
    close() {
      transport.close();
    },
  };
}

import type { OutboxMessage } from '../db/outbox.ts';
import { logger as defaultLogger, maskEmail } from '../logger.ts';
import type { Mailer } from '../mail/mailer.ts';
import { type MailContent, statusMail, verificationCodeMail } from '../mail/templates.ts';
import { permanentFailure } from './delivery-failure.ts';
import type { EmailPayload } from './email-payload.ts';
import { noticeMail } from './notice-mail.ts';
import type { NotifyLogger } from './notify-logger.ts';

function contentOf(payload: EmailPayload): MailContent {
  switch (payload.kind) {
    case 'status':
      return statusMail(payload.lang, {
        domain: payload.domain,
        stageKey: payload.stageKey,
        lines: payload.lines,
      });
    case 'notice':
      return noticeMail(payload.lang, { subject: payload.subject, lines: payload.lines });
    case 'verification_code':
      return verificationCodeMail(payload.lang, { code: payload.code, minutes: payload.minutes });
  }
}

function isEmailPayload(value: unknown): value is EmailPayload {
  if (value === null || typeof value !== 'object') return false;
  const p = value as Partial<EmailPayload>;
  return (
    typeof p.to === 'string' && (p.kind === 'status' || p.kind === 'notice' || p.kind === 'verification_code')
  );
}

/** Topic `email`: render in the applicant's language and send; the mailer's errors are classified by the worker. */
export function emailHandler(mailer: Mailer, logger: NotifyLogger = defaultLogger) {
  return async (message: OutboxMessage): Promise<void> => {
    if (!isEmailPayload(message.payload)) throw permanentFailure('email_payload_invalid');
    const payload = message.payload;
    await mailer.send({
      to: payload.to,
      ...contentOf(payload),
      ...(payload.kind === 'verification_code' ? { carriesCode: true } : {}),
    });
    logger.info(
      { outboxId: String(message.id), kind: payload.kind, to: maskEmail(payload.to) },
      'email sent',
    );
  };
}

/**
 * A notice for an applicant (status ping, reminder) goes to the chat they use now and, when they
 * have a verified address, by email too. The email is its own outbox row (dedupe key
 * `<notice dedupe key>:email`), enqueued before the chat send: a chat that fails for good (bot
 * blocked) still leaves the mail, and a chat retry never mails twice.
 */

import type { Outgoing } from '../conversation/types.ts';
import { type Applicant, applicantEmail, getApplicant, listChatIdentities } from '../db/applicants.ts';
import type { Database } from '../db/database.ts';
import type { PiiCipher } from '../db/pii-cipher.ts';
import { isLang, type Lang, type Text } from '../i18n/index.ts';
import { enqueueConsoleInbox } from './console-inbox.ts';
import { transientFailure } from './delivery-failure.ts';
import { type EmailPayload, enqueueEmail } from './email-payload.ts';
import type { NotifyLogger } from './notify-logger.ts';
import type { TelegramOutbound } from './telegram-outbound.ts';

export interface NoticeDeps {
  db: Pick<Database, 'prisma' | 'pii'>;
  telegram?: TelegramOutbound | undefined;
  logger: NotifyLogger;
}

export interface Notice {
  applicantId: string;
  texts: Text[];
  /** Shown in the chat after the texts (not mailed): a question with buttons, e.g. the interview choice. */
  chatMessages?: Outgoing[];
  /** Base of the derived rows' dedupe keys (the notice row's own key). */
  dedupeKey: string;
  /** The mail to send to a verified address; built once the language is known. */
  mail: (lang: Lang, to: string) => EmailPayload;
}

export function langOf(applicant: Pick<Applicant, 'lang'>): Lang {
  return isLang(applicant.lang) ? applicant.lang : 'zh';
}

export function verifiedEmailOf(
  pii: PiiCipher,
  applicant: Pick<Applicant, 'email' | 'emailVerifiedAt'>,
): string | undefined {
  return applicant.email && applicant.emailVerifiedAt
    ? (applicantEmail(pii, applicant) ?? undefined)
    : undefined;
}

export async function deliverNotice(deps: NoticeDeps, notice: Notice): Promise<void> {
  const { db, logger } = deps;
  const applicant = await getApplicant(db.prisma, notice.applicantId);
  if (!applicant) {
    logger.warn({ applicantId: notice.applicantId }, 'notice for an applicant that no longer exists');
    return;
  }
  const lang = langOf(applicant);
  const email = verifiedEmailOf(db.pii, applicant);
  if (email) {
    await enqueueEmail(db.prisma, db.pii, {
      applicantId: applicant.id,
      payload: notice.mail(lang, email),
      dedupeKey: `${notice.dedupeKey}:email`,
    });
  }

  const extra = notice.chatMessages ?? [];
  const [identity] = await listChatIdentities(db.prisma, applicant.id);
  if (!identity) {
    logger.info({ applicantId: applicant.id }, 'notice: applicant has no chat, email only');
    return;
  }
  if (identity.channel === 'console') {
    await enqueueConsoleInbox(db.prisma, db.pii, {
      chatId: identity.chatId,
      lang,
      messages: [...notice.texts.map((text): Outgoing => ({ type: 'info', text })), ...extra],
      dedupeKey: `${notice.dedupeKey}:console`,
    });
    return;
  }
  if (identity.channel === 'telegram') {
    // Not configured in this process (the bot runs elsewhere or is being set up): try later.
    if (!deps.telegram) throw transientFailure('telegram_not_configured');
    await deps.telegram.sendTexts(identity.chatId, lang, notice.texts);
    if (extra.length > 0) await deps.telegram.sendMessages(identity.chatId, lang, extra);
    return;
  }
  logger.warn({ applicantId: applicant.id, channel: identity.channel }, 'notice: unknown chat channel');
}

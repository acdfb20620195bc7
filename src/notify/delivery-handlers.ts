import type { Outgoing } from '../conversation/types.ts';
import type { Database } from '../db/database.ts';
import type { OutboxMessage } from '../db/outbox.ts';
import { toDisplayHost } from '../filing/validators/hostname.ts';
import { isLang, type Lang } from '../i18n/index.ts';
import type { Mailer } from '../mail/mailer.ts';
import { awaitsInterviewChoice } from '../review/review-state.ts';
import {
  type SlackTriagePayload,
  STATUS_PING_TOPIC,
  type StatusPingPayload,
} from '../services/staff-outbox.ts';
import { reviewOf } from '../services/staff-view.ts';
import { CHAT_REPLY_TOPIC, type ChatReplyPayload } from '../services/step-plan.ts';
import { deliverNotice } from './applicant-notice.ts';
import { enqueueConsoleInbox } from './console-inbox.ts';
import { permanentFailure, transientFailure } from './delivery-failure.ts';
import { emailHandler } from './email-handler.ts';
import { EMAIL_TOPIC } from './email-payload.ts';
import { interviewQuestion, withoutInterviewChoice } from './interview-question.ts';
import type { NotifyLogger } from './notify-logger.ts';
import type { OutboxHandler } from './outbox-worker.ts';
import { REMINDER_TOPIC, type ReminderPayload, SLACK_ALERT_TOPIC } from './reminder-payload.ts';
import type { TelegramOutbound } from './telegram-outbound.ts';

export const SLACK_TOPICS = ['slack_triage', 'slack_update', SLACK_ALERT_TOPIC] as const;
export type SlackTopic = (typeof SLACK_TOPICS)[number];

/** H's `SlackTriagePublisher` (src/channels/slack/triage-publisher.ts) fits here as is. */
export interface SlackPublisher {
  deliver(topic: string, payload: SlackTriagePayload): Promise<void>;
}

/** Where a chat stands now (the applicant service's `currentPrompt`): replaces a lost live reply. */
export type ChatPrompt = (chat: {
  channel: 'telegram' | 'console';
  chatId: string;
}) => Promise<{ lang: Lang; messages: Outgoing[] } | undefined>;

export interface DeliveryDeps {
  db: Pick<Database, 'prisma' | 'pii'>;
  /** Needed for the copies of live replies (`reask` rows); without it they cannot be delivered. */
  prompt?: ChatPrompt | undefined;
  mailer?: Mailer | undefined;
  telegram?: TelegramOutbound | undefined;
  slack?: SlackPublisher | undefined;
  logger: NotifyLogger;
}

function dedupeBase(message: OutboxMessage): string {
  return message.dedupeKey ?? `outbox:${message.id}`;
}

function statusPingHandler(deps: DeliveryDeps): OutboxHandler {
  return async (message) => {
    const ping = message.payload as StatusPingPayload;
    if (!ping?.applicantId || !Array.isArray(ping.texts))
      throw permanentFailure('status_ping_payload_invalid');
    const filing = await deps.db.prisma.filing.findUnique({
      where: { id: ping.filingId },
      select: { domains: true, review: true },
    });
    const domain = toDisplayHost(filing?.domains[0] ?? '');
    // Read at delivery, not when the ping was queued: a ping delivered late (after a restart) must
    // not ask for an interview choice that staff or the applicant have settled since.
    const askInterview =
      ping.askInterviewChoice === true && filing !== null && awaitsInterviewChoice(reviewOf(filing));
    const texts = ping.askInterviewChoice && !askInterview ? withoutInterviewChoice(ping.texts) : ping.texts;
    await deliverNotice(deps, {
      applicantId: ping.applicantId,
      texts,
      // The buttons to answer "please choose how you would like to do the interview".
      ...(askInterview ? { chatMessages: [interviewQuestion(ping.filingId)] } : {}),
      dedupeKey: dedupeBase(message),
      mail: (lang, to) => ({
        kind: 'status',
        to,
        lang,
        domain,
        stageKey: `review:stages.${ping.to}`,
        lines: texts,
      }),
    });
  };
}

function reminderHandler(deps: DeliveryDeps): OutboxHandler {
  return async (message) => {
    const reminder = message.payload as ReminderPayload;
    if (!reminder?.applicantId || !Array.isArray(reminder.texts))
      throw permanentFailure('reminder_payload_invalid');
    await deliverNotice(deps, {
      applicantId: reminder.applicantId,
      texts: reminder.texts,
      dedupeKey: dedupeBase(message),
      mail: (lang, to) => ({ kind: 'notice', to, lang, subject: reminder.subject, lines: reminder.texts }),
    });
  };
}

function chatReplyHandler(deps: DeliveryDeps): OutboxHandler {
  return async (message) => {
    const reply = message.payload as ChatReplyPayload;
    if (!reply?.chatId || (reply.reask !== true && !Array.isArray(reply.messages)))
      throw permanentFailure('chat_reply_payload_invalid');
    let lang: Lang = isLang(reply.lang) ? reply.lang : 'zh';
    let messages = reply.messages ?? [];
    if (reply.reask) {
      // The channel's own reply never arrived: show the chat where it stands now instead.
      if (!deps.prompt) throw transientFailure('chat_prompt_not_configured');
      // A later answer of this chat has its own reply (shown, or to be stood in for by its own
      // row): this older one would repeat it, or show a question the chat has already left.
      if (await laterChatReply(deps, message)) return;
      const now = await deps.prompt({ channel: reply.channel, chatId: reply.chatId });
      if (!now || now.messages.length === 0) return;
      lang = now.lang;
      messages = now.messages;
    }
    if (reply.channel === 'console') {
      await enqueueConsoleInbox(deps.db.prisma, deps.db.pii, {
        chatId: reply.chatId,
        lang,
        messages,
        dedupeKey: `${dedupeBase(message)}:console`,
      });
      return;
    }
    if (!deps.telegram) throw transientFailure('telegram_not_configured');
    await deps.telegram.sendMessages(reply.chatId, lang, messages);
  };
}

async function laterChatReply(deps: DeliveryDeps, message: OutboxMessage): Promise<boolean> {
  const later = await deps.db.prisma.outbox.findFirst({
    where: { topic: CHAT_REPLY_TOPIC, orderKey: message.orderKey, id: { gt: message.id } },
    select: { id: true },
  });
  return later !== null;
}

function slackHandler(deps: DeliveryDeps, topic: SlackTopic): OutboxHandler {
  return async (message) => {
    if (!deps.slack) {
      deps.logger.info({ outboxId: String(message.id), topic }, 'slack not configured: message skipped');
      return;
    }
    const payload = message.payload as SlackTriagePayload;
    if (!payload?.filingId) throw permanentFailure('slack_payload_invalid');
    await deps.slack.deliver(topic, payload);
  };
}

/** Every topic the worker delivers. `console_inbox` is left out on purpose: the console takes it. */
export function createDeliveryHandlers(deps: DeliveryDeps): Record<string, OutboxHandler> {
  const handlers: Record<string, OutboxHandler> = {
    [STATUS_PING_TOPIC]: statusPingHandler(deps),
    [REMINDER_TOPIC]: reminderHandler(deps),
    [CHAT_REPLY_TOPIC]: chatReplyHandler(deps),
  };
  for (const topic of SLACK_TOPICS) handlers[topic] = slackHandler(deps, topic);
  if (deps.mailer) handlers[EMAIL_TOPIC] = emailHandler(deps.mailer, deps.logger);
  return handlers;
}

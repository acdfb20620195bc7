/**
 * What the outbox needs from Telegram: put texts or engine messages into a chat, one Telegram
 * message at a time, paced. Errors are thrown as telegraf's TelegramError (or network errors) for
 * the worker to classify; give it a Telegram client WITHOUT the in-call retry (`installRetry`), so a
 * 429 becomes a scheduled retry of the row instead of a long wait holding its lease.
 */
import type { Telegram } from 'telegraf';
import { escapeHtml } from '../channels/telegram/html.ts';
import { type RenderedMessage, renderAll } from '../channels/telegram/render.ts';
import { sendRendered } from '../channels/telegram/reply-sender.ts';
import { splitText } from '../channels/telegram/split-text.ts';
import type { Outgoing } from '../conversation/types.ts';
import type { Lang, Text } from '../i18n/index.ts';
import { render } from '../i18n/index.ts';
import type { ChatPacer } from './chat-pacer.ts';

export interface TelegramOutbound {
  /** A notice (status ping, reminder): its lines as one message, paragraphs apart. */
  sendTexts(chatId: string, lang: Lang, texts: readonly Text[]): Promise<void>;
  /** The engine's messages, rendered as the live chat renders them (replies saved before a crash). */
  sendMessages(chatId: string, lang: Lang, messages: readonly Outgoing[]): Promise<void>;
}

/** The whole notice in one message (split only past Telegram's 4096 characters). */
export function renderNotice(lang: Lang, texts: readonly Text[]): RenderedMessage[] {
  const body = texts.map((text) => escapeHtml(render(lang, text))).join('\n\n');
  return splitText(body).map((text) => ({ text }));
}

export function createTelegramOutbound(api: Telegram, pacer: ChatPacer): TelegramOutbound {
  const send = async (chatId: string, messages: readonly RenderedMessage[]) => {
    for (const message of messages) {
      await pacer.wait(`telegram:${chatId}`);
      await sendRendered(api, chatId, [message]);
    }
  };
  return {
    sendTexts: (chatId, lang, texts) => send(chatId, renderNotice(lang, texts)),
    sendMessages: (chatId, lang, messages) => send(chatId, renderAll(lang, messages)),
  };
}

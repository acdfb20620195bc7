/**
 * Puts rendered messages into a chat, in order. Used for live replies and by the outbox worker to
 * deliver replies saved before a crash.
 */
import type { Telegram } from 'telegraf';
import type { RenderedMessage } from './render.ts';

/** Sends each message and returns the Telegram message ids, in order. */
export async function sendRendered(
  api: Telegram,
  chatId: string,
  messages: readonly RenderedMessage[],
): Promise<number[]> {
  const ids: number[] = [];
  for (const message of messages) {
    if (message.document) {
      const sent = await api.sendDocument(
        chatId,
        { source: Buffer.from(message.document.content, 'utf8'), filename: message.document.fileName },
        { caption: message.text, parse_mode: 'HTML' },
      );
      ids.push(sent.message_id);
      continue;
    }
    const sent = await api.sendMessage(chatId, message.text, {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      ...(message.keyboard ? { reply_markup: { inline_keyboard: message.keyboard } } : {}),
    });
    ids.push(sent.message_id);
  }
  return ids;
}

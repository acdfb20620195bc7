/**
 * Puts rendered messages into a chat, in order. Used for live replies and by the outbox worker to
 * deliver replies saved before a crash.
 */
import type { Telegram } from 'telegraf';
import type { FormMaker } from '../../documents/forms/form-maker.ts';
import type { RenderedMessage } from './render.ts';

export interface FormDelivery {
  make: FormMaker;
  /** A form that could not be made or sent: logged by the caller (never with the filing). */
  onError: (error: unknown, document: string) => void;
}

/** Sends each message and returns the Telegram message ids, in order. */
export async function sendRendered(
  api: Telegram,
  chatId: string,
  messages: readonly RenderedMessage[],
  forms?: FormDelivery,
): Promise<number[]> {
  const ids: number[] = [];
  for (const message of messages) {
    if (message.form && forms) {
      // -1 keeps the ids aligned with the messages when nothing was sent (a form not needed).
      ids.push((await sendForm(api, chatId, message, forms)) ?? -1);
      continue;
    }
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

/**
 * The form as a PDF document with its caption. A form that cannot be made or sent does not stop
 * the rest of the reply (the question after it matters more): the chat is told to ask again with
 * /documents, which makes the form anew from the committed filing, so nothing is lost.
 */
async function sendForm(
  api: Telegram,
  chatId: string,
  message: RenderedMessage,
  forms: FormDelivery,
): Promise<number | undefined> {
  const form = message.form!;
  try {
    const file = await forms.make(form.message.filing, form.message.document, form.lang);
    if (!file) return undefined;
    const sent = await api.sendDocument(
      chatId,
      { source: file.bytes, filename: file.fileName },
      { caption: message.text, parse_mode: 'HTML' },
    );
    return sent.message_id;
  } catch (error) {
    forms.onError(error, form.message.document);
  }
  const sent = await api.sendMessage(chatId, form.failedText, { parse_mode: 'HTML' });
  return sent.message_id;
}

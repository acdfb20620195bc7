/**
 * Telegram update → what the applicant did, in channel-neutral terms. Pure: the adapter decides
 * what to do with it.
 */
import type { Message, Update } from 'telegraf/types';
import { COMMANDS, type Command } from '../../conversation/types.ts';
import type { Lang } from '../../i18n/index.ts';
import { type CallbackData, decodeCallbackData } from './callback-data.ts';

export interface IncomingFile {
  fileId: string;
  /** Declared by Telegram; may be missing, and is checked again while downloading. */
  declaredSize?: number;
  fileName?: string;
  mimeType?: string;
  source: 'photo' | 'document';
}

export type IncomingAction =
  | { kind: 'command'; command: Command; arg?: string }
  | { kind: 'text'; text: string }
  | {
      kind: 'callback';
      callbackId: string;
      messageId?: number;
      /** undefined when the data was not ours (or malformed). */
      data?: CallbackData;
      /** The caption of the pressed button, to echo the choice into the old question. */
      buttonText?: string;
    }
  | { kind: 'file'; file: IncomingFile }
  | { kind: 'unsupported'; callbackId?: string };

export interface Incoming {
  updateId: number;
  chatId: number;
  /** From the user's Telegram settings: zh-* → zh, anything else → en. */
  lang: Lang;
  action: IncomingAction;
}

export function langFromCode(code: string | undefined): Lang {
  return code?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** Commands we show as `/name`; `/restart`-style aliases map onto engine commands. */
const ALIASES: Record<string, Command> = { language: 'lang', docs: 'documents', stop: 'cancel' };

export function parseCommand(text: string): { command: Command; arg?: string } | undefined {
  const match = /^\/([A-Za-z_]+)(?:@\w+)?(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!match) return undefined;
  const name = match[1]!.toLowerCase();
  const command = (COMMANDS as readonly string[]).includes(name) ? (name as Command) : ALIASES[name];
  if (!command) return undefined;
  const arg = match[2]?.trim();
  return arg ? { command, arg } : { command };
}

export function parseUpdate(update: Update): Incoming | undefined {
  if ('callback_query' in update) {
    const q = update.callback_query;
    const chatId = q.message?.chat.id ?? q.from.id;
    const data = 'data' in q ? q.data : undefined;
    const messageId = q.message?.message_id;
    const markup = q.message && 'reply_markup' in q.message ? q.message.reply_markup : undefined;
    const button = markup?.inline_keyboard
      .flat()
      .find((b) => 'callback_data' in b && b.callback_data === data);
    const decoded = decodeCallbackData(data);
    return {
      updateId: update.update_id,
      chatId,
      lang: langFromCode(q.from.language_code),
      action: {
        kind: 'callback',
        callbackId: q.id,
        ...(messageId !== undefined ? { messageId } : {}),
        ...(decoded ? { data: decoded } : {}),
        ...(button ? { buttonText: button.text } : {}),
      },
    };
  }
  if (!('message' in update)) return undefined;
  const m = update.message;
  if (m.chat.type !== 'private') return undefined;
  return {
    updateId: update.update_id,
    chatId: m.chat.id,
    lang: langFromCode(m.from?.language_code),
    action: messageAction(m),
  };
}

function messageAction(m: Message): IncomingAction {
  if ('text' in m) {
    const command = m.text.startsWith('/') ? parseCommand(m.text) : undefined;
    return command ? { kind: 'command', ...command } : { kind: 'text', text: m.text };
  }
  if ('photo' in m && m.photo.length > 0) {
    // Telegram sends several sizes of one picture; the largest is the one worth reading.
    const largest = m.photo.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
    return {
      kind: 'file',
      file: {
        fileId: largest.file_id,
        source: 'photo',
        ...(largest.file_size !== undefined ? { declaredSize: largest.file_size } : {}),
      },
    };
  }
  if ('document' in m) {
    const d = m.document;
    return {
      kind: 'file',
      file: {
        fileId: d.file_id,
        source: 'document',
        ...(d.file_size !== undefined ? { declaredSize: d.file_size } : {}),
        ...(d.file_name ? { fileName: d.file_name } : {}),
        ...(d.mime_type ? { mimeType: d.mime_type } : {}),
      },
    };
  }
  return { kind: 'unsupported' };
}

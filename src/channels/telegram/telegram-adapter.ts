/**
 * The Telegram surface of the filing conversation: what the applicant did (Incoming) goes to the
 * applicant service as an EngineInput; what the engine answers goes back as messages and inline
 * keyboards. Toggles and paging edit the question in place; a chosen answer is echoed into the old
 * question and its buttons removed. Every callback query is answered, whatever happens.
 */
import type { Telegram } from 'telegraf';
import type { InlineKeyboardButton } from 'telegraf/types';
import type { EngineInput } from '../../conversation/types.ts';
import { checkDeclaredSize, toMbCeil } from '../../documents/declared-size.ts';
import type { FormMaker } from '../../documents/forms/form-maker.ts';
import { type UploadProblem, uploadProblem, uploadProblemText } from '../../documents/upload-problems.ts';
import { type Lang, render, t } from '../../i18n/index.ts';
import { isEditImpossible, isNotModified } from './api-retry.ts';
import type { CallbackData } from './callback-data.ts';
import { downloadTelegramFile, FileDownloadError } from './file-download.ts';
import { bold, escapeHtml } from './html.ts';
import type { Incoming, IncomingAction, IncomingFile } from './incoming.ts';
import type { DocumentRef, PendingUploads } from './pending-uploads.ts';
import type {
  AdapterLogger,
  ApplicantPort,
  ChannelReply,
  ChatRef,
  PhotoAnswerPort,
  UploadPort,
} from './ports.ts';
import {
  documentLabel,
  parseDocumentRef,
  type RenderedMessage,
  renderAll,
  renderDocuments,
} from './render.ts';
import { type FormDelivery, sendRendered } from './reply-sender.ts';

export interface TelegramAdapterDeps {
  /** Bot API client with the retry policy installed. */
  api: Telegram;
  applicant: ApplicantPort;
  uploads: UploadPort;
  pending: PendingUploads;
  /** UPLOAD_MAX_BYTES; the Bot API's own 20 MB download limit applies on top. */
  maxUploadBytes: number;
  logger: AdapterLogger;
  fetchImpl?: typeof fetch;
  /** Makes the printable forms the engine asks to send; without it their caption goes as text. */
  forms?: FormMaker;
  /** Photos sent at a question a document answers (issue 14); without it every file is an upload. */
  photos?: PhotoAnswerPort;
  /**
   * Durable dedupe (the database) for the updates this adapter answers without the services: a
   * document tap delivered to two instances is answered once. Without it, the queue's check only.
   */
  claimOwnUpdate?: (updateId: number) => Promise<boolean>;
}

type CallbackAction = Extract<IncomingAction, { kind: 'callback' }>;

/** Remembered per chat so a Skip press on an old message cannot skip the current question. */
interface LastQuestion {
  token: string;
  messageId: number;
}

const MEMORY_LIMIT = 50_000;

export class TelegramAdapter {
  private readonly deps: TelegramAdapterDeps;
  private readonly lastQuestion = new Map<string, LastQuestion>();
  private readonly langs = new Map<string, Lang>();
  /** Replies of the update in hand whose settle() has not been called yet, per chat. */
  private readonly unsettled = new Map<string, Set<ChannelReply>>();
  /** The update in hand's acceptance, per chat: called once its reply is kept by the service. */
  private readonly accepts = new Map<string, () => void>();

  private readonly formDelivery: FormDelivery | undefined;

  constructor(deps: TelegramAdapterDeps) {
    this.deps = deps;
    const make = deps.forms;
    this.formDelivery = make && {
      make,
      onError: (error, document) =>
        deps.logger.warn({ err: describe(error), document }, 'telegram form could not be sent'),
    };
  }

  /**
   * `accept` is called once the update cannot be lost any more: the service committed the answer
   * with a stand-in for its reply (a `kept` reply), so the update may be confirmed to Telegram
   * while the reply is still being sent.
   */
  async handle(incoming: Incoming, accept?: () => void): Promise<void> {
    const chatId = String(incoming.chatId);
    if (accept) this.accepts.set(chatId, accept);
    try {
      await this.handleOne(incoming);
    } finally {
      this.accepts.delete(chatId);
      // A reply the service is waiting on must be settled whatever happened, or its input would hang.
      const open = [...(this.unsettled.get(chatId) ?? [])];
      for (const reply of open) await this.acknowledge(chatId, reply, new Error('reply not sent'));
      this.unsettled.delete(chatId);
    }
  }

  private async handleOne(incoming: Incoming): Promise<void> {
    const chat: ChatRef = { channel: 'telegram', chatId: String(incoming.chatId) };
    const { action } = incoming;
    if (action.kind === 'callback') return this.handleCallback(chat, incoming, action);
    try {
      switch (action.kind) {
        case 'command': {
          const input: EngineInput = {
            type: 'command',
            command: action.command,
            ...(action.arg !== undefined ? { arg: action.arg } : {}),
          };
          await this.send(chat, await this.ask(chat, input, incoming));
          return;
        }
        case 'text':
          await this.send(chat, await this.ask(chat, { type: 'text', text: action.text }, incoming));
          return;
        case 'file':
          await this.receiveFile(chat, incoming, action.file);
          return;
        case 'unsupported':
          await this.sendOwn(chat, incoming, 'telegram:errors.unsupportedMessage');
          return;
      }
    } catch (error) {
      await this.apologise(chat, incoming, error);
    }
  }

  /**
   * A chat over its rate limit: told once that its last updates were not taken (a button press
   * gets the text as its toast, which also stops the spinner). Never throws: the update is dropped.
   */
  async slowDown(incoming: Incoming): Promise<void> {
    const chat: ChatRef = { channel: 'telegram', chatId: String(incoming.chatId) };
    const text = t(this.langOf(chat, incoming), 'telegram:errors.slowDown');
    const { action } = incoming;
    const sent =
      action.kind === 'callback'
        ? this.deps.api.answerCbQuery(action.callbackId, text)
        : this.sendRendered(chat, [{ text: escapeHtml(text) }]);
    await sent.catch((error: unknown) =>
      this.deps.logger.warn({ err: describe(error) }, 'telegram slow-down notice not sent'),
    );
  }

  // ---- callbacks -------------------------------------------------------------------------------

  private async handleCallback(chat: ChatRef, incoming: Incoming, action: CallbackAction): Promise<void> {
    let toast: string | undefined;
    try {
      toast = await this.dispatchCallback(chat, incoming, action);
    } catch (error) {
      await this.apologise(chat, incoming, error);
    } finally {
      // Without an answer the button keeps spinning on the applicant's phone.
      await this.deps.api
        .answerCbQuery(action.callbackId, toast)
        .catch((error: unknown) =>
          this.deps.logger.warn({ err: describe(error) }, 'telegram answerCallbackQuery failed'),
        );
    }
  }

  private async dispatchCallback(
    chat: ChatRef,
    incoming: Incoming,
    action: CallbackAction,
  ): Promise<string | undefined> {
    const data = action.data;
    if (data?.action === 'k') return this.chooseDocumentKind(chat, incoming, data.value);
    const input = this.callbackInput(chat, data, action.messageId);
    const reply = await this.ask(chat, input, incoming);
    const inPlace = data?.action === 'x' || data?.action === 'p';
    const only = reply.messages.length === 1 ? reply.messages[0] : undefined;
    if (inPlace && only?.type === 'question' && action.messageId !== undefined) {
      const [rendered] = renderAll(reply.lang, [only]);
      const edited = rendered
        ? await this.edit(chat, action.messageId, rendered).catch(async (error: unknown) => {
            await this.acknowledge(chat.chatId, reply, error);
            throw error;
          })
        : false;
      if (rendered && edited) {
        this.rememberQuestion(chat, rendered, action.messageId);
        await this.acknowledge(chat.chatId, reply);
        return undefined;
      }
    }
    if (action.messageId !== undefined && input.type !== 'page' && input.type !== 'toggle') {
      const accepted = !reply.messages.some((m) => m.type === 'error' || m.type === 'info');
      await this.closeQuestion(chat, action.messageId, accepted ? action.buttonText : undefined);
    }
    await this.send(chat, reply);
    return undefined;
  }

  private callbackInput(chat: ChatRef, data: CallbackData | undefined, messageId?: number): EngineInput {
    // A button we cannot read (older bot version, forged) is treated as stale: the engine answers
    // "this question has changed" and asks the current question again.
    if (!data) return { type: 'page', token: '', page: 0 };
    switch (data.action) {
      case 'o':
        return { type: 'choice', token: data.token, value: data.value };
      case 'x':
        return { type: 'toggle', token: data.token, value: data.value };
      case 'd':
        return { type: 'done', token: data.token };
      case 'p':
        return { type: 'page', token: data.token, page: Number.parseInt(data.value, 10) || 0 };
      case 'l':
        return { type: 'command', command: 'lang', arg: data.value };
      case 's': {
        // `skip` carries no token; only the question we showed last may be skipped by a button.
        const last = this.lastQuestion.get(chat.chatId);
        if (last && last.token === data.token && last.messageId === messageId) {
          return { type: 'command', command: 'skip' };
        }
        return { type: 'page', token: data.token, page: 0 };
      }
      default:
        return { type: 'page', token: '', page: 0 };
    }
  }

  // ---- documents -------------------------------------------------------------------------------

  private async chooseDocumentKind(
    chat: ChatRef,
    incoming: Incoming,
    value: string,
  ): Promise<string | undefined> {
    const ref = parseDocumentRef(value);
    if (!ref) return undefined;
    const pending = await this.deps.pending.get(chat.chatId);
    if (pending && 'file' in pending) {
      await this.deps.pending.clear(chat.chatId);
      await this.processUpload(chat, incoming, pending.file, ref);
      return undefined;
    }
    if (this.deps.claimOwnUpdate && !(await this.deps.claimOwnUpdate(incoming.updateId))) return undefined;
    await this.deps.pending.set(chat.chatId, { expecting: ref });
    const lang = this.langOf(chat, incoming);
    const text = t(lang, 'telegram:documents.sendNow', { kind: documentLabel(lang, ref) });
    await this.sendRendered(chat, [{ text: escapeHtml(text) }]);
    return text.slice(0, 190);
  }

  private async receiveFile(chat: ChatRef, incoming: Incoming, file: IncomingFile): Promise<void> {
    const pending = await this.deps.pending.get(chat.chatId);
    if (pending && 'expecting' in pending) {
      await this.deps.pending.clear(chat.chatId);
      await this.processUpload(chat, incoming, file, pending.expecting);
      return;
    }
    // At a question a photo answers (a principal's name, a licence number), the photo is the answer.
    if (this.deps.photos && (await this.deps.photos.takesPhoto(chat))) {
      if (await this.answerWithPhoto(chat, incoming, file, this.deps.photos)) return;
    }
    // Which document is this? Keep the file and show the list with one button per kind.
    const reply = await this.ask(chat, { type: 'command', command: 'documents' }, incoming);
    const list = reply.messages.find((m) => m.type === 'documents');
    if (!list || list.required.length === 0) {
      await this.send(chat, reply);
      return;
    }
    await this.deps.pending.set(chat.chatId, { file });
    // The list is shown with a lead asking which document this is, instead of the engine's reply.
    await this.sendRendered(chat, [
      renderDocuments(reply.lang, list.required, t(reply.lang, 'telegram:documents.whichKind')),
    ]).catch(async (error: unknown) => {
      await this.acknowledge(chat.chatId, reply, error);
      throw error;
    });
    await this.acknowledge(chat.chatId, reply);
  }

  /**
   * Hands the photo to the photo-answer service; false when the question no longer takes one (it
   * changed meanwhile), so the file goes the ordinary upload way.
   */
  private async answerWithPhoto(
    chat: ChatRef,
    incoming: Incoming,
    file: IncomingFile,
    photos: PhotoAnswerPort,
  ): Promise<boolean> {
    const bytes = await this.download(chat, incoming, file);
    // Refused or failed: the applicant has been told.
    if (!bytes) return true;
    const reply = await photos.answerWithPhoto(chat, {
      updateId: String(incoming.updateId),
      bytes,
      ...(file.fileName ? { fileName: file.fileName } : {}),
    });
    if (!reply) return false;
    this.hold(chat, reply);
    await this.send(chat, reply);
    return true;
  }

  /** The file's bytes, or undefined when it is too large or could not be fetched (the applicant is told). */
  private async download(chat: ChatRef, incoming: Incoming, file: IncomingFile): Promise<Buffer | undefined> {
    const declared = checkDeclaredSize(file.declaredSize, this.deps.maxUploadBytes);
    if (!declared.ok) {
      await this.refuseUpload(chat, incoming, declared.problems);
      return undefined;
    }
    try {
      return await downloadTelegramFile(this.deps.api, file.fileId, {
        maxBytes: declared.value.limitBytes,
        ...(this.deps.fetchImpl ? { fetchImpl: this.deps.fetchImpl } : {}),
      });
    } catch (error) {
      if (error instanceof FileDownloadError && error.code === 'too_big') {
        const limits = { maxBytes: declared.value.limitBytes, minSidePx: 0 };
        const sizeMb = file.declaredSize === undefined ? '?' : toMbCeil(file.declaredSize);
        await this.refuseUpload(chat, incoming, [uploadProblem('upload.too_large', limits, { sizeMb })]);
        return undefined;
      }
      this.deps.logger.warn({ err: describe(error), source: file.source }, 'telegram file download failed');
      await this.sendOwn(chat, incoming, 'telegram:upload.downloadFailed');
      return undefined;
    }
  }

  private async processUpload(
    chat: ChatRef,
    incoming: Incoming,
    file: IncomingFile,
    ref: DocumentRef,
  ): Promise<void> {
    const bytes = await this.download(chat, incoming, file);
    if (!bytes) return;
    const reply = await this.deps.uploads.acceptUpload(chat, {
      updateId: String(incoming.updateId),
      bytes,
      kind: ref.kind,
      ...(ref.websiteIndex !== undefined ? { websiteIndex: ref.websiteIndex } : {}),
      ...(file.fileName ? { fileName: file.fileName } : {}),
    });
    this.hold(chat, reply);
    await this.send(chat, reply);
  }

  /** Refused before download: nothing is stored, so the channel explains it itself. */
  private async refuseUpload(
    chat: ChatRef,
    incoming: Incoming,
    problems: readonly UploadProblem[],
  ): Promise<void> {
    const lang = this.langOf(chat, incoming);
    const text = problems.map((p) => `⚠️ ${escapeHtml(render(lang, uploadProblemText(p)))}`).join('\n');
    await this.sendRendered(chat, [{ text }]);
  }

  // ---- sending ---------------------------------------------------------------------------------

  private async ask(chat: ChatRef, input: EngineInput, incoming: Incoming): Promise<ChannelReply> {
    const reply = await this.deps.applicant.handleInput(chat, input, {
      lang: incoming.lang,
      updateId: String(incoming.updateId),
    });
    remember(this.langs, chat.chatId, reply.lang);
    this.hold(chat, reply);
    return reply;
  }

  /** A reply the service waits on is settled once, whatever happens; a kept one lets the update be confirmed. */
  private hold(chat: ChatRef, reply: ChannelReply): void {
    if (!reply.settle) return;
    const open = this.unsettled.get(chat.chatId) ?? new Set<ChannelReply>();
    open.add(reply);
    this.unsettled.set(chat.chatId, open);
    if (reply.kept) this.accepts.get(chat.chatId)?.();
  }

  private async send(chat: ChatRef, reply: ChannelReply): Promise<void> {
    try {
      await this.sendRendered(chat, renderAll(reply.lang, reply.messages));
    } catch (error) {
      await this.acknowledge(chat.chatId, reply, error);
      throw error;
    }
    await this.acknowledge(chat.chatId, reply);
  }

  /** Settles a reply once (sent, or not sent with the error). */
  private async acknowledge(chatId: string, reply: ChannelReply, failure?: unknown): Promise<void> {
    if (!reply.settle) return;
    const open = this.unsettled.get(chatId);
    if (!open?.delete(reply)) return;
    await reply
      .settle(failure)
      .catch((error: unknown) =>
        this.deps.logger.warn({ err: describe(error) }, 'telegram reply delivery could not be recorded'),
      );
  }

  private async sendRendered(chat: ChatRef, messages: readonly RenderedMessage[]): Promise<void> {
    const ids = await sendRendered(this.deps.api, chat.chatId, messages, this.formDelivery);
    messages.forEach((message, i) => {
      const id = ids[i];
      if (id !== undefined) this.rememberQuestion(chat, message, id);
    });
  }

  private rememberQuestion(chat: ChatRef, message: RenderedMessage, messageId: number): void {
    if (message.question)
      remember(this.lastQuestion, chat.chatId, { token: message.question.token, messageId });
  }

  /** True when the message now shows `message` (edited, or already identical). */
  private async edit(chat: ChatRef, messageId: number, message: RenderedMessage): Promise<boolean> {
    try {
      await this.deps.api.editMessageText(chat.chatId, messageId, undefined, message.text, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...(message.keyboard ? { reply_markup: { inline_keyboard: message.keyboard } } : {}),
      });
      return true;
    } catch (error) {
      if (isNotModified(error)) return true;
      if (isEditImpossible(error)) return false;
      throw error;
    }
  }

  /** The answered question keeps its text, shows the choice, and loses its buttons (no stale presses). */
  private async closeQuestion(chat: ChatRef, messageId: number, chosen: string | undefined): Promise<void> {
    try {
      if (chosen) {
        const lang = this.langs.get(chat.chatId) ?? 'zh';
        await this.deps.api.editMessageReplyMarkup(chat.chatId, messageId, undefined, {
          inline_keyboard: [[chosenButton(t(lang, 'telegram:question.chosen', { value: chosen }))]],
        });
      } else {
        await this.deps.api.editMessageReplyMarkup(chat.chatId, messageId, undefined, undefined);
      }
    } catch (error) {
      if (isNotModified(error) || isEditImpossible(error)) return;
      throw error;
    }
  }

  private async sendOwn(
    chat: ChatRef,
    incoming: Incoming,
    key: string,
    params?: Record<string, string | number>,
  ): Promise<void> {
    await this.sendRendered(chat, [{ text: escapeHtml(t(this.langOf(chat, incoming), key, params)) }]);
  }

  private async apologise(chat: ChatRef, incoming: Incoming, error: unknown): Promise<void> {
    this.deps.logger.error(
      { err: describe(error), updateId: incoming.updateId, action: incoming.action.kind },
      'telegram update failed',
    );
    await this.sendRendered(chat, [
      { text: bold(t(this.langOf(chat, incoming), 'telegram:errors.generic')) },
    ]).catch((sendError: unknown) =>
      this.deps.logger.error({ err: describe(sendError) }, 'telegram apology could not be sent'),
    );
  }

  private langOf(chat: ChatRef, incoming: Incoming): Lang {
    return this.langs.get(chat.chatId) ?? incoming.lang;
  }
}

/** A button that shows the choice; pressing it again is answered as stale by the engine. */
function chosenButton(text: string): InlineKeyboardButton {
  return { text, callback_data: 't::p:0' };
}

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > MEMORY_LIMIT) map.delete(map.keys().next().value as string);
}

/**
 * Error summary safe for logs: name, code and message, with anything that looks like a bot token
 * or a Telegram file URL removed (node-fetch messages include the request URL).
 */
export function describe(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const code = (error as { code?: unknown }).code;
  return {
    name: error.name,
    ...(code !== undefined ? { code } : {}),
    message: redactSecrets(error.message),
  };
}

export function redactSecrets(text: string): string {
  return text
    .replace(/\/file\/bot[^\s/]+\/\S*/g, '/file/bot[redacted]')
    .replace(/bot\d+:[A-Za-z0-9_-]+/g, 'bot[redacted]')
    .replace(/\d{5,}:[A-Za-z0-9_-]{20,}/g, '[redacted]');
}

/**
 * What the Telegram channel needs from the rest of the application. The applicant service and the
 * document upload service implement these; tests pass small fakes.
 */
import type { EngineInput, Outgoing } from '../../conversation/types.ts';
import type { Lang } from '../../i18n/index.ts';

export interface ChatRef {
  channel: 'telegram';
  /** Telegram chat id, as a string (ids can exceed 2^31). */
  chatId: string;
}

/** The engine's messages and the conversation's language to render them in. */
export interface ChannelReply {
  lang: Lang;
  messages: Outgoing[];
}

export interface ApplicantPort {
  /**
   * Loads the conversation, runs the engine, commits, and returns the replies. `lang` is the
   * language to start a new conversation in (from the user's Telegram settings).
   */
  handleInput(chat: ChatRef, input: EngineInput, options?: { lang?: Lang }): Promise<ChannelReply>;
}

export interface UploadRequest {
  bytes: Buffer;
  kind: string;
  websiteIndex?: number;
  /** As the sender named it: informative only, the type comes from the bytes. */
  fileName?: string;
}

export interface UploadPort {
  /** Inspects the bytes, stores the original, records it, and tells the engine (accepted or refused). */
  acceptUpload(chat: ChatRef, upload: UploadRequest): Promise<ChannelReply>;
}

export interface AdapterLogger {
  debug(obj: Record<string, unknown>, msg: string): void;
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

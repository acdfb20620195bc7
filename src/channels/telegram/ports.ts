/**
 * What the Telegram channel needs from the rest of the application. The applicant service and the
 * document upload service implement these; tests pass small fakes.
 */
import type { EngineInput, Outgoing } from '../../conversation/types.ts';
import type { Lang } from '../../i18n/index.ts';

export interface ChatRef {
  /** The upload and applicant ports serve the console chat too. */
  channel: 'telegram' | 'console';
  /** Telegram chat id, as a string (ids can exceed 2^31); 'local' for the console. */
  chatId: string;
}

/** The engine's messages and the conversation's language to render them in. */
export interface ChannelReply {
  lang: Lang;
  messages: Outgoing[];
  /**
   * Called once sending is over: without an error when the messages are on Telegram, with the
   * error when they could not be sent. The service keeps a row saying a reply is owed (outbox), so
   * a crash between commit and send leaves the chat with the question asked again, never with
   * nothing; this tells it whether the live send succeeded.
   */
  settle?: (error?: unknown) => Promise<void>;
  /**
   * A stand-in for these messages is committed (the notify worker shows the chat where it stands
   * should `settle` never say they were sent): the update may be confirmed to Telegram before the
   * send. Replies without one (registration, the review status) hold the confirmation until sent.
   */
  kept?: boolean;
}

export interface HandleInputOptions {
  lang?: Lang;
  /**
   * Telegram's update_id: the service marks it processed in the same transaction as the answer,
   * so a redelivered update is ignored (empty reply) and a crash before commit leaves it unmarked.
   */
  updateId?: string;
}

export interface ApplicantPort {
  /**
   * Loads the conversation, runs the engine, commits, and returns the replies. `lang` is the
   * language to start a new conversation in (from the user's Telegram settings).
   */
  handleInput(chat: ChatRef, input: EngineInput, options?: HandleInputOptions): Promise<ChannelReply>;
}

export interface UploadRequest {
  /** As for handleInput: dedupe inside the service's transaction. */
  updateId?: string;
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

/** A photo sent while the chat's question takes one (QuestionMessage.photo): the kind comes from the question. */
export interface PhotoUpload {
  /** As for handleInput: dedupe inside the service's transaction. */
  updateId?: string;
  bytes: Buffer;
  fileName?: string;
}

/** "Send a photo instead" (issue 14): a photo that answers the question being asked. */
export interface PhotoAnswerPort {
  /** Whether the chat's current question may be answered with a photo. */
  takesPhoto(chat: ChatRef): Promise<boolean>;
  /**
   * Reads the photo, keeps it as the document when the filing needs that material, and offers
   * what was read as one-tap answers; undefined when the question takes no photo (any more), so
   * the channel handles the file as an ordinary upload.
   */
  answerWithPhoto(chat: ChatRef, photo: PhotoUpload): Promise<ChannelReply | undefined>;
}

export interface AdapterLogger {
  debug(obj: Record<string, unknown>, msg: string): void;
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

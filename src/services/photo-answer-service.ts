/**
 * "Send a photo instead" (issue 14, prefill): a photo sent while the name or number question of an
 * ID card or licence is asked. It is checked like any upload, kept as that material when the
 * filing needs it, read off the main thread (the OCR worker), and what was read goes to the engine
 * as `ocr_suggestion`, which offers it as one-tap answers. Channel-neutral: Telegram and the
 * console call it.
 */
import type {
  ApplicantPort,
  ChannelReply,
  ChatRef,
  PhotoAnswerPort,
  PhotoUpload,
} from '../channels/telegram/ports.ts';
import { type PhotoTarget, photoTarget } from '../conversation/photo-values.ts';
import { migrateState } from '../conversation/state.ts';
import type { EngineDeps, EngineInput } from '../conversation/types.ts';
import { findApplicantByChat } from '../db/applicants.ts';
import { readConversation } from '../db/conversations.ts';
import type { Database } from '../db/database.ts';
import { prefillValues } from '../documents/reading/prefill-values.ts';
import {
  type DocumentUploadDeps,
  inspectOrRefuse,
  readUpload,
  storeUpload,
  toldFirst,
  withinWait,
} from './document-upload-service.ts';

/** Which photo the chat's current question takes, if any (from its stored conversation). */
export interface PhotoQuestions {
  targetFor(chat: ChatRef): Promise<PhotoTarget | undefined>;
}

export interface PhotoAnswerDeps
  extends Pick<DocumentUploadDeps, 'blobs' | 'limits' | 'records' | 'sealer' | 'uuid' | 'reading'> {
  applicant: Pick<ApplicantPort, 'handleInput'>;
  questions: PhotoQuestions;
}

/**
 * The applicant sent the photo to have it read, so the reply waits longer than an upload's: as long
 * as the OCR worker's own deadline. Past it they are asked to type; the reading still finishes for
 * the staff.
 */
export const PHOTO_READING_WAIT_MS = 20_000;

export function createPhotoAnswerService(deps: PhotoAnswerDeps): PhotoAnswerPort {
  return {
    takesPhoto: async (chat) => (await deps.questions.targetFor(chat)) !== undefined,
    async answerWithPhoto(chat: ChatRef, photo: PhotoUpload): Promise<ChannelReply | undefined> {
      const target = await deps.questions.targetFor(chat);
      if (!target) return undefined;
      const options = photo.updateId ? { updateId: photo.updateId } : {};
      const inspected = await inspectOrRefuse(deps, chat, photo.bytes, options);
      if (!inspected.ok) return inspected.reply;
      const upload = {
        bytes: photo.bytes,
        kind: target.kind,
        ...(target.websiteIndex === undefined ? {} : { websiteIndex: target.websiteIndex }),
      };
      const documentId = target.keep ? await storeUpload(deps, chat, upload, inspected.file) : undefined;
      const read = deps.reading
        ? await withinWait(
            readUpload(deps.reading, chat, upload, inspected.file.contentType, documentId),
            deps.reading.photoWaitMs ?? PHOTO_READING_WAIT_MS,
          )
        : undefined;
      const values = prefillValues(target.kind, read?.ocr, target.paths);
      // Which fields were read, never their values.
      deps.reading?.log?.(
        { kind: target.kind, kept: documentId !== undefined, read: Object.keys(values) },
        'photo answer read',
      );
      const input: Extract<EngineInput, { type: 'ocr_suggestion' }> = {
        type: 'ocr_suggestion',
        token: target.token,
        values,
      };
      if (documentId !== undefined) {
        input.document =
          target.websiteIndex === undefined
            ? { kind: target.kind, documentId }
            : { kind: target.kind, websiteIndex: target.websiteIndex, documentId };
      }
      const reply = await deps.applicant.handleInput(chat, input, options);
      return toldFirst(read?.messages ?? [], reply);
    },
  };
}

/** The photo target from the chat's committed conversation (the database in production). */
export function databasePhotoQuestions(
  db: Pick<Database, 'prisma' | 'pii'>,
  engineDeps: EngineDeps,
  now: () => Date = () => new Date(),
): PhotoQuestions {
  return {
    async targetFor(chat) {
      const applicant = await findApplicantByChat(db.prisma, chat);
      if (!applicant) return undefined;
      const conversation = await readConversation(db.prisma, db.pii, applicant.id);
      const state = migrateState(conversation?.state);
      // A state from an older flow is re-asked first: its question is not the one on screen.
      if (!state || state.recheck) return undefined;
      return photoTarget(state, engineDeps, now());
    },
  };
}

/**
 * "Send a photo instead" (issue 14, prefill), the state side: which questions a document photo can
 * answer, what a photo sent now would be kept as, and the values read that wait for the applicant's
 * tap. The engine never reads a photo itself: the service reads it and sends `ocr_suggestion`.
 */
import type { PhotoField, PhotoSource } from '../filing/catalog-types.ts';
import {
  applicableSlots,
  applies,
  fieldContext,
  fieldOf,
  isOpenQuestion,
  sameSlot,
  slotPath,
} from './slots.ts';
import type { ConversationState, CurrentQuestion, EngineDeps, Slot } from './types.ts';

/**
 * The option value of a value read from a photo. A marker, not the value itself: a company name
 * does not fit in a Telegram button's 64 bytes, and the value stays server-side in the state.
 */
export const PHOTO_OPTION = '@photo';

/** What a photo sent at the current question would be, and which questions it can answer. */
export interface PhotoTarget {
  /** The question's token: a reading that comes back after the question changed is not offered on another. */
  token: string;
  /** The material the photo is. */
  kind: string;
  websiteIndex?: number;
  /** Per field read on the photo, the document path it answers: the current question's, and unanswered ones. */
  paths: Partial<Record<PhotoField, string>>;
  /** The filing needs this material: the photo is kept as it (and need not be sent again). */
  keep: boolean;
}

export function photoSourceOf(
  state: ConversationState,
  slot: Slot,
  deps: EngineDeps,
  now: Date,
): PhotoSource | undefined {
  if (slot.fieldId.startsWith('@')) return undefined;
  return fieldOf(deps, slot.fieldId)?.photo?.(fieldContext(state, slot, now));
}

/**
 * The photo the current question takes, or undefined. Only while the form is being filled in: a
 * correction round takes only the documents the reviewers asked for.
 */
export function photoTarget(state: ConversationState, deps: EngineDeps, now: Date): PhotoTarget | undefined {
  const q = state.current;
  if (state.phase !== 'asking' || !q || !applies(state, q, deps, now)) return undefined;
  const source = photoSourceOf(state, q, deps, now);
  if (!source) return undefined;
  const paths: PhotoTarget['paths'] = {};
  for (const slot of applicableSlots(state, deps, now)) {
    if (slot.websiteIndex !== q.websiteIndex) continue;
    const other = photoSourceOf(state, slot, deps, now);
    if (other?.kind !== source.kind) continue;
    // Derived answers (an individual's principal follows the sponsor) are no questions to offer on.
    if (sameSlot(slot, q) || isOpenQuestion(state, deps, now, slot)) paths[other.reads] ??= slotPath(slot);
  }
  const keep = deps
    .requiredMaterials(state.filing)
    .some((m) => m.kind === source.kind && m.websiteIndex === q.websiteIndex);
  return {
    token: q.token,
    kind: source.kind,
    ...(q.websiteIndex === undefined ? {} : { websiteIndex: q.websiteIndex }),
    paths,
    keep,
  };
}

/** The value read from a photo for this question, while the question still takes that photo. */
export function photoValueOf(
  state: ConversationState,
  q: CurrentQuestion,
  deps: EngineDeps,
  now: Date,
): string | undefined {
  const value = state.photoValues?.[slotPath(q)];
  return value !== undefined && photoSourceOf(state, q, deps, now) ? value : undefined;
}

/** The state without the value read for `path` (the question was answered, with it or not). */
export function withoutPhotoValue(state: ConversationState, path: string): ConversationState {
  if (state.photoValues?.[path] === undefined) return state;
  const { [path]: _, ...rest } = state.photoValues;
  const { photoValues: __, ...others } = state;
  return Object.keys(rest).length > 0 ? { ...others, photoValues: rest } : others;
}

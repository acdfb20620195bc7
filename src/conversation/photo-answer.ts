/**
 * A photo sent instead of typing (issue 14, prefill): the service read it and sends what it found
 * as `ocr_suggestion`. The values are offered as one-tap answers of their questions, still parsed
 * and checked like typed text when tapped; nothing is filled in without the applicant's tap.
 */
import { addUpload } from './documents.ts';
import { reAsk, reshow } from './navigation.ts';
import { photoTarget } from './photo-values.ts';
import { event, info, type Turn } from './turn.ts';
import type { EngineInput, UploadedDocument } from './types.ts';

export function handlePhotoAnswer(turn: Turn, input: Extract<EngineInput, { type: 'ocr_suggestion' }>) {
  // The photo is the material whatever was read on it: it need not be sent again.
  if (input.document) {
    const doc: UploadedDocument = { kind: input.document.kind, documentId: input.document.documentId };
    if (input.document.websiteIndex !== undefined) doc.websiteIndex = input.document.websiteIndex;
    addUpload(turn, doc);
    info(turn, 'conversation:photo.kept');
  }
  const target = photoTarget(turn.state, turn.deps, turn.now);
  if (!target || target.token !== input.token) {
    // The applicant moved on while the photo was read: its values belong to another question.
    event(turn, 'photo_late');
    info(turn, 'conversation:photo.late');
    return reshow(turn);
  }
  const answerable = new Set<string>(Object.values(target.paths));
  const offered = Object.entries(input.values).filter(
    ([path, value]) => answerable.has(path) && value.trim() !== '',
  );
  if (offered.length === 0) {
    event(turn, 'photo_unread');
    info(turn, 'conversation:photo.unread');
    return reAsk(turn);
  }
  turn.state = {
    ...turn.state,
    photoValues: { ...turn.state.photoValues, ...Object.fromEntries(offered) },
  };
  // The paths only: the values are personal data.
  event(turn, 'photo_read', { paths: offered.map(([path]) => path) });
  info(turn, 'conversation:photo.read', { values: offered.map(([, value]) => value).join(' · ') });
  reAsk(turn);
}

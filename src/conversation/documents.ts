/** The documents step and the submission: uploads in, required materials out, the final check. */

import { askNextChange } from './change-round.ts';
import { documentWanted, markDocumentUploaded } from './changes.ts';
import { reAsk, reshow, showDocuments } from './navigation.ts';
import { inProgressProblem, orderInProgressFor } from './orders.ts';
import { RESUBMIT, REUPLOAD } from './slots.ts';
import { event, info, refuseIncomplete, requiredDocuments, sameDocumentSlot, type Turn } from './turn.ts';
import type { EngineInput, UploadedDocument } from './types.ts';

/** Kinds of which an applicant may upload several; any other kind replaces the earlier upload. */
const REPEATABLE = new Set(['other']);

export function handleDocument(turn: Turn, input: Extract<EngineInput, { type: 'document' }>) {
  if (turn.state.phase === 'submitted') return info(turn, 'conversation:submitted.already');
  const doc = {
    kind: input.kind,
    ...(input.websiteIndex === undefined ? {} : { websiteIndex: input.websiteIndex }),
    ...(input.preApprovalType === undefined ? {} : { preApprovalType: input.preApprovalType }),
    documentId: input.documentId,
  };
  if (turn.state.phase === 'changes' && !documentWanted(turn, doc)) {
    event(turn, 'document_refused', { kind: input.kind, reason: 'not_requested' });
    turn.messages.push({
      type: 'error',
      problems: [{ text: { key: 'conversation:changes.documentNotRequested' } }],
    });
    showDocuments(turn);
    return reAsk(turn);
  }
  addUpload(turn, doc);
  info(turn, 'conversation:documents.received');
  if (turn.state.phase === 'changes') {
    markDocumentUploaded(turn, doc);
    const q = turn.state.current?.fieldId;
    // While a field is being asked the upload does not interrupt it.
    return q === REUPLOAD || q === RESUBMIT ? askNextChange(turn) : reshow(turn);
  }
  // In the documents phase reshow() lists the documents (with the new one ticked) itself.
  reshow(turn);
}

/** Records an upload as the document of its slot (replacing an earlier one, except repeatable kinds). */
export function addUpload(turn: Turn, doc: UploadedDocument) {
  const kept = REPEATABLE.has(doc.kind)
    ? turn.state.documents
    : turn.state.documents.filter((d) => !sameDocumentSlot(d, doc));
  turn.state = { ...turn.state, documents: [...kept, doc] };
  event(turn, 'document_added', {
    kind: doc.kind,
    ...(doc.websiteIndex === undefined ? {} : { websiteIndex: doc.websiteIndex }),
  });
}

export function handleDocumentRejected(
  turn: Turn,
  input: Extract<EngineInput, { type: 'document_rejected' }>,
): void {
  event(turn, 'document_rejected', { codes: input.problems.map((p) => p.code) });
  // Each problem's text already names what to send (JPG, PNG or PDF, size, colour): one line says
  // what failed, and the question stays on screen without the whole checklist again (issue 17).
  turn.messages.push({
    type: 'error',
    problems: input.problems.map((p) => ({
      text: { key: `documents:problems.${p.code}`, ...(p.params ? { params: p.params } : {}) },
    })),
  });
  reAsk(turn);
}

/**
 * Validates the whole document with the same function as `icp check` and checks the materials;
 * refuses with every problem (with its field label) while anything remains.
 */
export function submit(turn: Turn) {
  const missing = requiredDocuments(turn).filter((d) => !d.uploaded);
  if (refuseIncomplete(turn, missing, 'submission_refused', 'conversation:submit.refused'))
    return reshow(turn);
  // Another chat may have sent an order for this sponsor since the document number was answered.
  const busy = orderInProgressFor(turn.state.filing, turn.facts);
  if (busy) {
    event(turn, 'submission_refused', { codes: ['order.in_progress'], missingDocuments: [] });
    turn.messages.push({ type: 'error', problems: [inProgressProblem(busy)] });
    return reshow(turn);
  }
  turn.state = { ...turn.state, phase: 'submitted', submittedAt: turn.now.toISOString() };
  delete turn.state.current;
  event(turn, 'submitted');
  turn.messages.push({ type: 'submitted', filing: turn.state.filing, documents: turn.state.documents });
}

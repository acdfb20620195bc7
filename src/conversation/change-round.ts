/**
 * Where a correction round (phase 'changes') stands: its next question, its documents and the
 * review of what it changed. Apart from changes.ts, which handles the round's inputs, because the
 * navigation every phase shares (navigation.ts) needs these too.
 */
import { getAt } from '../filing/paths.ts';
import { applicableSlots, isOpenQuestion, RESUBMIT, REUPLOAD, sameSlot } from './slots.ts';
import { buildSummary } from './summary.ts';
import { ask, info, requiredDocuments, type Turn } from './turn.ts';
import type { ChangeRound, RequestedDocument, RequiredDocument, Slot } from './types.ts';

const DOCUMENT_REASON = { key: 'conversation:changes.documentReason' };

/** The next question of the round: a requested or unanswered field, then the documents, then the confirmation. */
export function askNextChange(turn: Turn) {
  const changes = turn.state.changes;
  if (!changes) {
    // Defensive: a 'changes' phase without its round cannot be continued; it stays with review.
    turn.state = { ...turn.state, phase: 'submitted' };
    delete turn.state.current;
    return info(turn, 'conversation:submitted.already');
  }
  const next = nextChangeSlot(turn);
  if (next) return ask(turn, next);
  const documents = changeDocuments(turn);
  if (documents.some((d) => !d.uploaded)) {
    turn.messages.push({ type: 'documents', required: documents });
    return ask(turn, { fieldId: REUPLOAD });
  }
  showChangeReview(turn);
  ask(turn, { fieldId: RESUBMIT });
}

/** Drops requested fields a fix made inapplicable, then finds the first field still to ask, in form order. */
export function nextChangeSlot(turn: Turn): Slot | undefined {
  const changes = turn.state.changes!;
  const slots = applicableSlots(turn.state, turn.deps, turn.now);
  const pending = changes.pending.filter((p) => slots.some((s) => sameSlot(s, p)));
  if (pending.length !== changes.pending.length) {
    turn.state = { ...turn.state, changes: { ...changes, pending } };
  }
  return slots.find(
    (s) => isOpenQuestion(turn.state, turn.deps, turn.now, s) || pending.some((p) => sameSlot(p, s)),
  );
}

/** The round's documents: the requested ones (done once uploaded again) and any required one still missing. */
export function changeDocuments(turn: Turn): RequiredDocument[] {
  const changes = turn.state.changes;
  if (!changes) return [];
  const requested: RequiredDocument[] = changes.documents.map((d) => ({
    ...documentSlot(d),
    reason: DOCUMENT_REASON,
    uploaded: d.uploaded,
  }));
  const missing = requiredDocuments(turn).filter(
    (d) => !d.uploaded && !changes.documents.some((r) => matchesRequest(r, d)),
  );
  return [...requested, ...missing];
}

/** The summary of what this round changed (and what was asked), with the documents. */
export function showChangeReview(turn: Turn) {
  const changes = turn.state.changes;
  if (!changes) return;
  const { filing } = turn.state;
  const sections = buildSummary(
    turn.state,
    turn.deps,
    turn.now,
    (slot, path) => isRequested(changes, slot) || differs(getAt(filing, path), getAt(changes.before, path)),
  );
  if (sections.length > 0) {
    info(turn, 'conversation:changes.review');
    turn.messages.push({ type: 'summary', sections });
  } else {
    info(turn, 'conversation:changes.noChanges');
  }
  const documents = changeDocuments(turn);
  if (documents.length > 0) turn.messages.push({ type: 'documents', required: documents });
}

export function documentSlot(d: RequestedDocument): RequestedDocument {
  return {
    kind: d.kind,
    ...(d.websiteIndex === undefined ? {} : { websiteIndex: d.websiteIndex }),
    ...(d.preApprovalType === undefined ? {} : { preApprovalType: d.preApprovalType }),
  };
}

/** A request without a website or pre-approval type covers every one of its kind. */
export function matchesRequest(
  request: Partial<RequestedDocument> & { kind: string },
  doc: RequestedDocument,
) {
  return (
    request.kind === doc.kind &&
    (request.websiteIndex === undefined || request.websiteIndex === doc.websiteIndex) &&
    (request.preApprovalType === undefined || request.preApprovalType === doc.preApprovalType)
  );
}

export function isRequested(changes: ChangeRound, slot: Slot): boolean {
  return changes.fields.some((f) => sameSlot(f, slot));
}

export function differs(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) !== JSON.stringify(b);
}

/**
 * Corrections after submission (phase 'changes'). The reviewers' request is resolved against this
 * filing; the requested fields are asked again one after the other (plus whatever a fix leaves
 * unanswered, as in the first pass), then the requested documents, then the changed items are
 * shown for confirmation and the whole filing is checked again before it goes back to review.
 *
 * Decisions:
 * - Fields are asked in the form's order, not in the order staff listed them, so a condition
 *   (nature) comes before what depends on it (document type).
 * - Any field may be edited during the round (a fix can need a related field); websites cannot be
 *   added or removed, and cancel/restart wait until the filing is resubmitted.
 * - An upload is accepted when it is a requested document or a material the filing needs and
 *   lacks (a fix can make one necessary); anything else is refused.
 */
import { isDocumentKind, PER_WEBSITE_KINDS } from '../filing/document-kinds.ts';
import { getAt } from '../filing/paths.ts';
import {
  askNextChange,
  changeDocuments,
  differs,
  documentSlot,
  isRequested,
  matchesRequest,
  nextChangeSlot,
} from './change-round.ts';
import { reshow } from './navigation.ts';
import { allFieldSlots, applicableSlots, plainSlot, sameSlot, slotForPath, slotPath } from './slots.ts';
import { buildSummary } from './summary.ts';
import {
  ask,
  event,
  info,
  refuseIncomplete,
  requiredDocuments,
  sameDocumentSlot,
  type Turn,
} from './turn.ts';
import type { ChangeRound, EngineInput, RequestedDocument, Slot, UploadedDocument } from './types.ts';

type ChangesInput = Extract<EngineInput, { type: 'changes_requested' }>;

export function handleChangesRequested(turn: Turn, input: ChangesInput) {
  const { phase } = turn.state;
  // The review only asks for changes of a submitted filing; anything else is a mix-up upstream,
  // and the applicant's current work must not be disturbed by it.
  if (phase !== 'submitted') {
    event(turn, 'changes_request_ignored', { phase });
    return;
  }
  const fields: Slot[] = [];
  const unknownFields: string[] = [];
  for (const raw of input.fields) {
    const found = resolveField(turn, raw.trim());
    if (found.length === 0) unknownFields.push(raw);
    for (const slot of found) if (!fields.some((f) => sameSlot(f, slot))) fields.push(slot);
  }
  const order = allFieldSlots(turn.state, turn.deps);
  const rank = (s: Slot) => order.findIndex((o) => sameSlot(o, s));
  fields.sort((a, b) => rank(a) - rank(b));

  const documents: ChangeRound['documents'] = [];
  const unknownDocuments: string[] = [];
  for (const requested of input.documents) {
    const found = resolveDocument(turn, requested);
    if (found.length === 0) unknownDocuments.push(requested.kind);
    for (const doc of found) {
      if (!documents.some((d) => sameDocumentSlot(d, doc))) documents.push({ ...doc, uploaded: false });
    }
  }

  const changes: ChangeRound = {
    reason: input.reason.trim(),
    requestedAt: turn.now.toISOString(),
    fields,
    pending: fields,
    asked: [],
    documents,
    before: turn.state.filing,
  };
  turn.state = { ...turn.state, phase: 'changes', changes };
  delete turn.state.current;
  event(turn, 'changes_requested', {
    fields: fields.map(slotPath),
    documents: documents.map((d) => d.kind),
    unknownFields,
    unknownDocuments,
  });
  info(turn, 'conversation:changes.requested', { reason: changes.reason });
  for (const path of unknownFields) info(turn, 'conversation:changes.unknownField', { path });
  for (const kind of unknownDocuments) info(turn, 'conversation:changes.unknownDocument', { kind });
  if (fields.length === 0 && documents.length === 0) {
    info(turn, 'conversation:changes.nothingMatched');
  } else {
    info(turn, 'conversation:changes.plan', { fields: fields.length, documents: documents.length });
    if (fields.length > 0) {
      const sections = buildSummary(turn.state, turn.deps, turn.now, (slot) => isRequested(changes, slot));
      if (sections.length > 0) turn.messages.push({ type: 'summary', sections });
    }
  }
  askNextChange(turn);
}

/**
 * A path → the fields it names: the field itself, every field of a group (`websites.0.access`), or
 * the field holding a deeper path (`websites.0.domains.1`). Only fields that apply to this filing.
 */
function resolveField(turn: Turn, path: string): Slot[] {
  if (path === '') return [];
  const slots = applicableSlots(turn.state, turn.deps, turn.now);
  const exact = slots.find((s) => slotPath(s) === path);
  if (exact) return [exact];
  const under = slots.filter((s) => slotPath(s).startsWith(`${path}.`));
  if (under.length > 0) return under;
  const owner = slotForPath(turn.state, turn.deps, path);
  return owner && slots.some((s) => sameSlot(s, owner)) ? [owner] : [];
}

/** A requested document → the concrete materials it names (per website, per pre-approval). */
function resolveDocument(turn: Turn, requested: RequestedDocument): RequestedDocument[] {
  const { kind, websiteIndex, preApprovalType } = requested;
  if (!isDocumentKind(kind)) return [];
  const perWebsite = PER_WEBSITE_KINDS.has(kind);
  const count = turn.state.websiteCount;
  if (
    perWebsite &&
    websiteIndex !== undefined &&
    !(Number.isInteger(websiteIndex) && websiteIndex >= 0 && websiteIndex < count)
  ) {
    return [];
  }
  const matching = turn.deps
    .requiredMaterials(turn.state.filing)
    .filter((m) => matchesRequest({ kind, ...(perWebsite ? { websiteIndex } : {}), preApprovalType }, m))
    .map(documentSlot);
  if (matching.length > 0) return matching;
  // Not among the materials this filing needs (e.g. a supplementary `other`): asked as given.
  const pre = preApprovalType === undefined ? {} : { preApprovalType };
  if (!perWebsite) return [{ kind, ...pre }];
  if (websiteIndex !== undefined) return [{ kind, websiteIndex, ...pre }];
  return Array.from({ length: count }, (_, i) => ({ kind, websiteIndex: i, ...pre }));
}

/** Paths whose value this round changed (added, altered or removed). */
function changedPaths(turn: Turn, changes: ChangeRound): string[] {
  return allFieldSlots(turn.state, turn.deps)
    .map(slotPath)
    .filter((path) => differs(getAt(turn.state.filing, path), getAt(changes.before, path)));
}

/** Called when a field is answered or skipped: it is no longer pending, and `back` can return to it. */
export function noteChangeAnswered(turn: Turn, slot: Slot) {
  const changes = turn.state.changes;
  if (turn.state.phase !== 'changes' || !changes) return;
  const plain = plainSlot(slot);
  turn.state = {
    ...turn.state,
    changes: {
      ...changes,
      pending: changes.pending.filter((p) => !sameSlot(p, plain)),
      asked: [...changes.asked.filter((a) => !sameSlot(a, plain)), plain],
    },
  };
}

/** `back` during the round: the field answered before in this round, never one outside it. */
export function backInChanges(turn: Turn): boolean {
  const changes = turn.state.changes;
  if (!changes) return false;
  const current = turn.state.current;
  const slots = applicableSlots(turn.state, turn.deps, turn.now);
  const asked = [...changes.asked];
  while (asked.length > 0) {
    const candidate = asked.pop()!;
    if (slots.some((s) => sameSlot(s, candidate)) && !(current && sameSlot(candidate, current))) {
      turn.state = { ...turn.state, changes: { ...changes, asked } };
      ask(turn, candidate);
      return true;
    }
  }
  return false;
}

/** May this upload be taken during the round? */
export function documentWanted(turn: Turn, doc: RequestedDocument): boolean {
  const changes = turn.state.changes;
  if (!changes) return false;
  if (changes.documents.some((r) => matchesRequest(r, doc))) return true;
  return requiredDocuments(turn).some((d) => !d.uploaded && sameDocumentSlot(d, doc));
}

export function markDocumentUploaded(turn: Turn, doc: UploadedDocument) {
  const changes = turn.state.changes;
  if (!changes) return;
  turn.state = {
    ...turn.state,
    changes: {
      ...changes,
      documents: changes.documents.map((r) => (matchesRequest(r, doc) ? { ...r, uploaded: true } : r)),
    },
  };
}

/**
 * Checks the round is complete and the whole document passes validateFiling (as `icp check`),
 * then hands the corrected filing back to review.
 */
export function resubmit(turn: Turn) {
  const changes = turn.state.changes;
  if (turn.state.phase !== 'changes' || !changes) return reshow(turn);
  const open = nextChangeSlot(turn);
  if (open) {
    turn.messages.push({ type: 'error', problems: [{ text: { key: 'conversation:changes.unfinished' } }] });
    return reshow(turn);
  }
  const missing = changeDocuments(turn).filter((d) => !d.uploaded);
  if (refuseIncomplete(turn, missing, 'resubmission_refused', 'conversation:changes.resubmitRefused')) {
    return reshow(turn);
  }
  const fields = changedPaths(turn, changes);
  turn.state = { ...turn.state, phase: 'submitted' };
  delete turn.state.current;
  delete turn.state.changes;
  event(turn, 'resubmitted', { fields, documents: changes.documents.map((d) => d.kind) });
  turn.messages.push({ type: 'resubmitted', filing: turn.state.filing, documents: turn.state.documents });
}

/** The review's document strings (`domain_certificate`, or `domain_certificate:1` for website index 1). */
export function parseRequestedDocument(value: string): RequestedDocument {
  const trimmed = value.trim();
  const [kind = '', index, ...rest] = trimmed.split(':');
  if (index === undefined) return { kind };
  // Anything else keeps the whole string as the kind, which is then reported as unknown.
  return /^\d+$/.test(index) && rest.length === 0 ? { kind, websiteIndex: Number(index) } : { kind: trimmed };
}

/** The engine input for the review's `request_changes` (fields, document strings, reason as stored there). */
export function changesRequestedInput(requested: {
  fields: readonly string[];
  documents: readonly string[];
  reason: string;
}): ChangesInput {
  return {
    type: 'changes_requested',
    fields: [...requested.fields],
    documents: requested.documents.map(parseRequestedDocument),
    reason: requested.reason,
  };
}

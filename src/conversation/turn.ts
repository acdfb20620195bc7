/**
 * One step's working set (state, outgoing messages, events) and the moves every handler shares:
 * ask a question, tell, record. Where to go next (the next question, the current one again) is in
 * navigation.ts, which the correction round's moves (change-round.ts) also build on.
 */
import type { DocumentProblem } from '../filing/catalog-types.ts';
import { getAt } from '../filing/paths.ts';
import type { Text } from '../i18n/index.ts';
import { allOptionsFor, buildQuestion, pageOf, shownOptions } from './question.ts';
import { type Cleared, reconcile } from './reconcile.ts';
import { fieldContext, fieldOf, fieldTextKeys, slotForPath, slotPath } from './slots.ts';
import { nextToken } from './state.ts';
import type {
  ConversationState,
  CurrentQuestion,
  EngineDeps,
  EngineEvent,
  Outgoing,
  ProblemMessage,
  RequiredDocument,
  Slot,
  StepFacts,
} from './types.ts';

export interface Turn {
  state: ConversationState;
  messages: Outgoing[];
  events: EngineEvent[];
  deps: EngineDeps;
  now: Date;
  /** The service's look-ups for this step (approved filings, orders in progress), when it made them. */
  facts?: StepFacts;
}

export function info(turn: Turn, key: string, params?: Record<string, string | number>) {
  turn.messages.push({ type: 'info', text: params ? { key, params } : { key } });
}

export function event(turn: Turn, type: string, data?: Record<string, unknown>) {
  turn.events.push(data ? { type, data } : { type });
}

/** Asks `slot` as a new question (new token), opening long lists at the page of the current answer. */
export function ask(turn: Turn, slot: Slot) {
  const { state, token } = nextToken(turn.state);
  const value = slot.fieldId.startsWith('@') ? undefined : getAt(state.filing, slotPath(slot));
  const field = fieldOf(turn.deps, slot.fieldId);
  const current: CurrentQuestion =
    slot.websiteIndex === undefined
      ? { fieldId: slot.fieldId, token }
      : { fieldId: slot.fieldId, websiteIndex: slot.websiteIndex, token };
  // Asked again (/edit, /back), a grouped question opens on the group of its answer.
  const all = allOptionsFor(state, current, turn.deps, turn.now);
  const group = all.find((o) => o.value === value)?.group;
  if (group !== undefined) current.group = group;
  current.page = pageOf(shownOptions(all, current.group), value);
  if (field?.kind === 'multi_choice') {
    // A first asking starts with the usual choice ticked (Simplified Chinese): one tap on "done".
    const suggested =
      value === undefined && field.suggest ? field.suggest(fieldContext(state, slot, turn.now)) : [];
    current.toggles = Array.isArray(value) ? value.map(String) : suggested;
  }
  turn.state = { ...state, current };
  turn.messages.push(buildQuestion(turn.state, current, turn.deps, turn.now));
}

export function requiredDocuments(turn: Turn): RequiredDocument[] {
  return turn.deps.requiredMaterials(turn.state.filing).map((m) => ({
    kind: m.kind,
    ...(m.websiteIndex === undefined ? {} : { websiteIndex: m.websiteIndex }),
    ...(m.preApprovalType === undefined ? {} : { preApprovalType: m.preApprovalType }),
    reason: m.reason,
    uploaded: turn.state.documents.some((d) => sameDocumentSlot(d, m)),
  }));
}

export function problemMessages(turn: Turn, problems: readonly DocumentProblem[]): ProblemMessage[] {
  return problems.map((p) => {
    const slot = slotForPath(turn.state, turn.deps, p.path);
    return {
      path: p.path,
      ...(slot ? { field: fieldLabel(slot) } : {}),
      text: { key: `errors:${p.code}`, ...(p.params ? { params: p.params } : {}) },
    };
  });
}

export function fieldLabel(slot: Slot) {
  return { key: fieldTextKeys(slot.fieldId).label, params: { website: (slot.websiteIndex ?? 0) + 1 } };
}

/** Re-checks the draft after a change and tells the applicant about every answer removed. */
export function settle(turn: Turn, problems?: DocumentProblem[]) {
  const { state, cleared } = reconcile(turn.state, turn.deps, turn.now, problems);
  turn.state = state;
  announce(turn, cleared);
}

export function announce(turn: Turn, cleared: Cleared[]) {
  if (cleared.length === 0) return;
  for (const c of cleared) {
    event(turn, 'field_cleared', {
      path: c.path,
      reason: c.reason,
      ...(c.problems.length ? { codes: c.problems.map((p) => p.code) } : {}),
    });
  }
  turn.messages.push({
    type: 'cleared',
    fields: cleared.map((c) => ({
      path: c.path,
      field: fieldLabel(c.slot),
      reason: c.reason,
      problems: c.problems.map((p) => ({
        key: `errors:${p.code}`,
        ...(p.params ? { params: p.params } : {}),
      })),
    })),
  });
}

/** After `migrateState`: settle the draft against today's catalog and rules, and drop the old question. */
export function reconcileMigrated(turn: Turn) {
  const { recheck: _, current: __, ...rest } = turn.state;
  turn.state = rest;
  event(turn, 'state_migrated');
  info(turn, 'conversation:migrated');
  settle(turn);
}

type DocumentSlot = { kind: string; websiteIndex?: number; preApprovalType?: string };

/** One required material is met by one upload of the same kind, website and pre-approval type. */
export function sameDocumentSlot(a: DocumentSlot, b: DocumentSlot): boolean {
  return a.kind === b.kind && a.websiteIndex === b.websiteIndex && a.preApprovalType === b.preApprovalType;
}

/**
 * Submission and resubmission both need the whole document valid (`icp check`'s function) and no
 * material missing. When something is left, logs `eventType`, lists every problem (with its
 * field label) and every missing document, and returns true.
 */
export function refuseIncomplete(
  turn: Turn,
  missing: readonly { kind: string; websiteIndex?: number | undefined; reason: Text }[],
  eventType: string,
  hintKey: string,
): boolean {
  const { valid, errors } = turn.deps.validateFiling(turn.state.filing, { now: turn.now });
  if (valid && missing.length === 0) return false;
  event(turn, eventType, {
    codes: errors.map((e) => e.code),
    missingDocuments: missing.map((m) => m.kind),
  });
  const problems: ProblemMessage[] = [
    ...problemMessages(turn, errors),
    ...missing.map((m) => ({
      field: { key: `documents:kinds.${m.kind}`, params: { website: (m.websiteIndex ?? 0) + 1 } },
      text: m.reason,
    })),
  ];
  turn.messages.push({ type: 'error', problems, hint: { key: hintKey } });
  return true;
}

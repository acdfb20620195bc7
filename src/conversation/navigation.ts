/**
 * Where the conversation goes next in any phase: the next question, the current one again, or
 * where the applicant stands. Apart from turn.ts, whose moves the correction round also uses, so
 * that turn.ts and the round do not import each other.
 */
import { askNextChange, changeDocuments, showChangeReview } from './change-round.ts';
import { withDerivedAnswers } from './derived.ts';
import { buildQuestion } from './question.ts';
import { ADD_WEBSITE, applies, CONFIRM, nextSlot, RESUBMIT, REUPLOAD, SUBMIT } from './slots.ts';
import { buildSummary } from './summary.ts';
import { ask, info, requiredDocuments, type Turn } from './turn.ts';
import type { Slot } from './types.ts';

/** Moves on to the first unanswered question, or to the summary and its confirmation when none is left. */
export function askNext(turn: Turn) {
  turn.state = withDerivedAnswers(turn.state, turn.deps, turn.now);
  if (turn.state.phase === 'changes') return askNextChange(turn);
  const slot = nextRevisit(turn) ?? nextSlot(turn.state, turn.deps, turn.now);
  if (slot) {
    turn.state = { ...turn.state, phase: 'asking' };
    ask(turn, slot);
    return;
  }
  turn.state = { ...turn.state, phase: 'confirm' };
  turn.messages.push({ type: 'summary', sections: buildSummary(turn.state, turn.deps, turn.now) });
  ask(turn, { fieldId: CONFIRM });
}

/** The next field of a change's picked sections still to be asked again (dropping those that no longer apply). */
function nextRevisit(turn: Turn): Slot | undefined {
  const revisit = turn.state.revisit;
  if (!revisit?.length) return undefined;
  const left = revisit.filter((s) => applies(turn.state, s, turn.deps, turn.now));
  if (left.length !== revisit.length) turn.state = { ...turn.state, revisit: left };
  return left[0];
}

function currentIsValid(turn: Turn): boolean {
  const { state } = turn;
  const q = state.current;
  if (!q) return false;
  if (q.fieldId === ADD_WEBSITE) return state.phase === 'asking' && !state.websitesComplete;
  if (q.fieldId === CONFIRM) return state.phase === 'confirm';
  if (q.fieldId === SUBMIT) return state.phase === 'documents';
  if (q.fieldId === REUPLOAD || q.fieldId === RESUBMIT) return state.phase === 'changes';
  if (state.phase !== 'asking' && state.phase !== 'changes') return false;
  if (q.websiteIndex !== undefined && q.websiteIndex >= state.websiteCount) return false;
  return applies(state, q, turn.deps, turn.now);
}

/** The current question again (same token, so its buttons stay valid), or the next one if it is gone. */
export function reAsk(turn: Turn) {
  const q = turn.state.current;
  if (q && currentIsValid(turn)) turn.messages.push(buildQuestion(turn.state, q, turn.deps, turn.now));
  else reshow(turn);
}

/** Shows where the applicant stands in any phase. */
export function reshow(turn: Turn) {
  const { phase } = turn.state;
  if (phase === 'submitted') return info(turn, 'conversation:submitted.already');
  if (phase === 'cancelled') return info(turn, 'conversation:cancelled.hint');
  if (currentIsValid(turn)) {
    if (phase === 'confirm')
      turn.messages.push({ type: 'summary', sections: buildSummary(turn.state, turn.deps, turn.now) });
    if (phase === 'documents') showDocuments(turn);
    const q = turn.state.current!;
    if (q.fieldId === REUPLOAD) showDocuments(turn);
    if (q.fieldId === RESUBMIT) showChangeReview(turn);
    turn.messages.push(buildQuestion(turn.state, q, turn.deps, turn.now));
    return;
  }
  if (phase === 'documents') {
    showDocuments(turn);
    return ask(turn, { fieldId: SUBMIT });
  }
  askNext(turn);
}

/** The documents still relevant: all required materials, or during corrections the round's documents. */
export function showDocuments(turn: Turn) {
  const required = turn.state.phase === 'changes' ? changeDocuments(turn) : requiredDocuments(turn);
  turn.messages.push({ type: 'documents', required });
}

/**
 * The chat's side of a refusal judged against an earlier answer (./earlier-answer.ts): the error
 * names both answers, and the buttons reopen the earlier question or this one.
 */
import type { FieldProblem } from '../filing/catalog-types.ts';
import { CONFLICT_PREFIX, conflictProblem, earlierSlotOf } from './earlier-answer.ts';
import { reAsk } from './navigation.ts';
import { slotPath } from './slots.ts';
import { ask, event, type Turn } from './turn.ts';
import type { CurrentQuestion, ProblemMessage } from './types.ts';

/**
 * A refusal judged against an earlier answer also names that answer, and the question (same
 * token) then offers to change either; any other refusal drops such an offer.
 */
export function withConflict(
  turn: Turn,
  q: CurrentQuestion,
  problems: readonly FieldProblem[],
  messages: ProblemMessage[],
): ProblemMessage[] {
  const earlier = earlierSlotOf(turn.state, turn.deps, turn.now, q, problems);
  const { conflict: _, ...rest } = q;
  turn.state = { ...turn.state, current: earlier ? { ...rest, conflict: earlier } : rest };
  if (!earlier) return messages;
  return [...messages, conflictProblem(turn.state, turn.deps, turn.now, q, earlier)];
}

/** "Change the earlier answer": that question now (the refused one follows); "change this one": asked again. */
export function changeEither(turn: Turn, q: CurrentQuestion, value: string) {
  const { conflict, ...rest } = q;
  if (value === `${CONFLICT_PREFIX}earlier` && conflict) {
    event(turn, 'earlier_answer_reopened', { path: slotPath(conflict) });
    if (turn.state.phase !== 'changes') turn.state = { ...turn.state, phase: 'asking' };
    return ask(turn, conflict);
  }
  turn.state = { ...turn.state, current: rest };
  reAsk(turn);
}

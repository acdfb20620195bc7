/**
 * A refusal judged against an earlier answer (src/filing/rules/earlier-answers.ts) names both
 * answers and offers two buttons: change the earlier answer, or this one. Without them the
 * applicant is only asked the current field again and loops when the earlier answer was the wrong one.
 */
import type { ChoiceOption, FieldProblem } from '../filing/catalog-types.ts';
import { getAt } from '../filing/paths.ts';
import { earlierAnswerPaths } from '../filing/rules/earlier-answers.ts';
import { displayValue, renderValue } from './display.ts';
import { labelText } from './option-labels.ts';
import { derivedValue, fieldContext, fieldOf, slotForPath, slotPath } from './slots.ts';
import type { ConversationState, CurrentQuestion, EngineDeps, ProblemMessage, Slot } from './types.ts';

/** Button values: `@conflict:earlier` asks the earlier field, `@conflict:current` this one again. */
export const CONFLICT_PREFIX = '@conflict:';

/** The earlier answer a refusal of `q` was judged against: an answered question of the flow, or undefined. */
export function earlierSlotOf(
  state: ConversationState,
  deps: EngineDeps,
  now: Date,
  q: Slot,
  problems: readonly FieldProblem[],
): Slot | undefined {
  const path = slotPath(q);
  for (const problem of problems) {
    for (const earlierPath of earlierAnswerPaths(problem.code, path)) {
      const slot = slotForPath(state, deps, earlierPath);
      if (!slot || slotPath(slot) !== earlierPath || getAt(state.filing, earlierPath) === undefined) continue;
      // A derived answer (an individual's principal ID is the sponsor's) is changed through its source.
      if (derivedValue(fieldOf(deps, slot.fieldId), fieldContext(state, slot, now)) !== undefined) continue;
      return slot;
    }
  }
  return undefined;
}

/** The line naming both answers: the earlier field and its value, and the field being answered. */
export function conflictProblem(
  state: ConversationState,
  deps: EngineDeps,
  now: Date,
  q: Slot,
  earlier: Slot,
): ProblemMessage {
  const field = fieldOf(deps, earlier.fieldId)!;
  const value = displayValue(
    field,
    getAt(state.filing, slotPath(earlier)),
    fieldContext(state, earlier, now),
  );
  return {
    text: {
      key: 'conversation:conflict.both',
      params: {
        earlier: earlier.fieldId,
        earlierValue: renderValue(value, state.lang, (text) => labelText(text.key, state.lang) ?? text.key),
        current: q.fieldId,
        website: (q.websiteIndex ?? 0) + 1,
      },
    },
  };
}

/** The two buttons of a question whose answer was refused against an earlier one. */
export function conflictOptions(q: CurrentQuestion): ChoiceOption[] {
  if (!q.conflict) return [];
  const button = (which: 'earlier' | 'current', slot: Slot): ChoiceOption => ({
    value: `${CONFLICT_PREFIX}${which}`,
    labelKey: 'conversation:conflict.change',
    labelParams: { field: slot.fieldId, website: (slot.websiteIndex ?? 0) + 1 },
  });
  return [button('earlier', q.conflict), button('current', q)];
}

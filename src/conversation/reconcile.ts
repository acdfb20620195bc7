/**
 * Keeps the draft consistent after every change: answers whose field no longer applies are
 * removed, answers the rules now reject are cleared (and so asked again). Nothing that no longer
 * fits is kept silently: every removal is returned so the engine can say so and log it.
 */
import type { DocumentProblem } from '../filing/catalog-types.ts';
import { deleteAt, getAt } from '../filing/paths.ts';
import { allFieldSlots, applies, isSkipped, sameSlot, slotForPath, slotPath } from './slots.ts';
import type { ConversationState, EngineDeps, Slot } from './types.ts';

export interface Cleared {
  slot: Slot;
  path: string;
  reason: 'not_applicable' | 'invalid';
  problems: DocumentProblem[];
}

/** Rounds are bounded: each round only removes answers, so it settles; the bound guards against rule bugs. */
const MAX_ROUNDS = 10;

/**
 * `problems`, when given, are validateDraft's problems for `input.filing`: they save one run of the
 * rules on the common path (an accepted answer that changes no condition).
 */
export function reconcile(
  input: ConversationState,
  deps: EngineDeps,
  now: Date,
  problems?: DocumentProblem[],
): { state: ConversationState; cleared: Cleared[] } {
  let state = input;
  const cleared: Cleared[] = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let changed = false;
    let known = round === 0 ? problems : undefined;
    for (const slot of allFieldSlots(state, deps)) {
      if (applies(state, slot, deps, now)) continue;
      const path = slotPath(slot);
      if (getAt(state.filing, path) !== undefined) {
        state = { ...state, filing: deleteAt(state.filing, path) };
        cleared.push({ slot, path, reason: 'not_applicable', problems: [] });
        changed = true;
        known = undefined;
      }
      if (isSkipped(state, slot))
        state = { ...state, skipped: state.skipped.filter((s) => !sameSlot(s, slot)) };
    }
    const byPath = new Map<string, { slot: Slot; problems: DocumentProblem[] }>();
    for (const problem of known ?? deps.validateDraft(state.filing, { now })) {
      const slot = slotForPath(state, deps, problem.path);
      if (!slot) continue;
      const path = slotPath(slot);
      if (getAt(state.filing, path) === undefined) continue;
      const entry = byPath.get(path) ?? { slot, problems: [] };
      entry.problems.push(problem);
      byPath.set(path, entry);
    }
    for (const [path, { slot, problems }] of byPath) {
      state = { ...state, filing: deleteAt(state.filing, path) };
      cleared.push({ slot, path, reason: 'invalid', problems });
      changed = true;
    }
    if (!changed) break;
  }
  return { state, cleared };
}

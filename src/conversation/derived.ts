/**
 * Answers the form already knows (FieldDef.derive): an individual's investor and principal are the
 * individual, a division level with one choice is that choice. They are written into the draft
 * before the next question is chosen and after every answer, so they follow their sources (a
 * corrected name corrects the investor) and are never asked.
 */
import { getAt, setAt } from '../filing/paths.ts';
import { applicableSlots, derivedValue, fieldContext, fieldOf, slotPath } from './slots.ts';
import type { ConversationState, EngineDeps } from './types.ts';

/** A derived value can make another field apply (province → the only city → its counties): a few rounds. */
const MAX_ROUNDS = 4;

export function withDerivedAnswers(state: ConversationState, deps: EngineDeps, now: Date): ConversationState {
  let out = state;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let changed = false;
    for (const slot of applicableSlots(out, deps, now)) {
      const field = fieldOf(deps, slot.fieldId);
      if (!field?.derive) continue;
      const value = derivedValue(field, fieldContext(out, slot, now));
      if (value === undefined) continue;
      const path = slotPath(slot);
      if (sameValue(getAt(out.filing, path), value)) continue;
      out = { ...out, filing: setAt(out.filing, path, value) };
      changed = true;
    }
    if (!changed) break;
  }
  return out;
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

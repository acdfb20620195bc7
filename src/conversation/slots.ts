/**
 * Which questions exist for a draft, in order, and which is next. Branching lives in the catalog
 * (`when`); this file only walks it, expanding `websites.*` fields once per declared website.
 */
import { concretePath, type FieldContext, type FieldDef } from '../filing/catalog-types.ts';
import { getAt } from '../filing/paths.ts';
import type { ConversationState, EngineDeps, Slot } from './types.ts';

export const ADD_WEBSITE = '@add_website';
export const CONFIRM = '@confirm';
export const SUBMIT = '@submit';
export const REUPLOAD = '@reupload';
export const RESUBMIT = '@resubmit';

export function isWebsiteField(id: string): boolean {
  return id.startsWith('websites.*.');
}

const slotPaths = new WeakMap<Slot, string>();

export function slotPath(slot: Slot): string {
  // Every step walks the whole form several times: the path of a (shared) slot is made once.
  let path = slotPaths.get(slot);
  if (path === undefined) {
    path = slot.fieldId.startsWith('@') ? '' : concretePath(slot.fieldId, slot.websiteIndex);
    slotPaths.set(slot, path);
  }
  return path;
}

/** Just the slot of a question (fieldId and website), as kept in the state's lists. */
export function plainSlot(slot: Slot): Slot {
  return slot.websiteIndex === undefined
    ? { fieldId: slot.fieldId }
    : { fieldId: slot.fieldId, websiteIndex: slot.websiteIndex };
}

export function sameSlot(a: Slot, b: Slot): boolean {
  return a.fieldId === b.fieldId && a.websiteIndex === b.websiteIndex;
}

/** Whether a change order asks `slot` again (`ConversationState.revisit`): it may then be kept as it is. */
export function isRevisited(state: ConversationState, slot: Slot): boolean {
  return state.revisit?.some((s) => sameSlot(s, slot)) ?? false;
}

/** The state with `slot` no longer waiting to be asked again (answered or kept). */
export function withoutRevisit(state: ConversationState, slot: Slot): ConversationState {
  return state.revisit?.length
    ? { ...state, revisit: state.revisit.filter((s) => !sameSlot(s, slot)) }
    : state;
}

const indexes = new WeakMap<readonly FieldDef[], Map<string, FieldDef>>();

export function fieldOf(deps: EngineDeps, id: string): FieldDef | undefined {
  let index = indexes.get(deps.catalog);
  if (!index) {
    index = new Map(deps.catalog.map((f) => [f.id, f]));
    indexes.set(deps.catalog, index);
  }
  return index.get(id);
}

/** The label and help keys of a catalog field, made once per field id (the same strings every time). */
const fieldKeys = new Map<string, { label: string; help: string }>();

export function fieldTextKeys(fieldId: string): { label: string; help: string } {
  let keys = fieldKeys.get(fieldId);
  if (!keys) {
    keys = { label: `filing:fields.${fieldId}.label`, help: `filing:fields.${fieldId}.help` };
    fieldKeys.set(fieldId, keys);
  }
  return keys;
}

export function fieldContext(state: ConversationState, slot: Slot, now: Date): FieldContext {
  const ctx: FieldContext =
    slot.websiteIndex === undefined
      ? { filing: state.filing, now }
      : { filing: state.filing, now, websiteIndex: slot.websiteIndex };
  if (state.accountEmail !== undefined) ctx.accountEmail = state.accountEmail;
  return ctx;
}

/** The value a field takes without asking (FieldDef.derive), or undefined when it must be asked. */
export function derivedValue(field: FieldDef | undefined, ctx: FieldContext): unknown {
  return field?.derive ? field.derive(ctx) : undefined;
}

/**
 * Whether an applicable slot is a question of the flow: derived answers and on-request fields
 * (remarks) are not, so they are neither asked in turn nor counted in the progress.
 */
function isQuestion(deps: EngineDeps, slot: Slot, ctx: () => FieldContext): boolean {
  const field = fieldOf(deps, slot.fieldId);
  if (!field || field.onRequest) return false;
  return !field.derive || derivedValue(field, ctx()) === undefined;
}

/** The slot lists made so far, per catalog and number of websites (they never change). */
const slotLists = new WeakMap<readonly FieldDef[], Map<number, readonly Slot[]>>();

/** Every catalog slot in asking order (applicable or not); the website block repeats per website. */
export function allFieldSlots(state: ConversationState, deps: EngineDeps): readonly Slot[] {
  let byCount = slotLists.get(deps.catalog);
  if (!byCount) {
    byCount = new Map();
    slotLists.set(deps.catalog, byCount);
  }
  const known = byCount.get(state.websiteCount);
  if (known) return known;
  const out: Slot[] = [];
  const websiteFields = deps.catalog.filter((f) => isWebsiteField(f.id));
  let websitesPlaced = false;
  for (const field of deps.catalog) {
    if (!isWebsiteField(field.id)) {
      out.push(Object.freeze({ fieldId: field.id }));
      continue;
    }
    if (websitesPlaced) continue;
    websitesPlaced = true;
    for (let i = 0; i < state.websiteCount; i++) {
      for (const wf of websiteFields) out.push(Object.freeze({ fieldId: wf.id, websiteIndex: i }));
    }
  }
  // Shared by every step from now on, so frozen: a caller changing one would change them all.
  const list = Object.freeze(out);
  byCount.set(state.websiteCount, list);
  return list;
}

export function applies(state: ConversationState, slot: Slot, deps: EngineDeps, now: Date): boolean {
  return fieldApplies(deps, slot, () => fieldContext(state, slot, now));
}

/** A catalog field's `when` rule for `slot`; the context is made only for a field that has one. */
function fieldApplies(deps: EngineDeps, slot: Slot, context: () => FieldContext): boolean {
  const field = fieldOf(deps, slot.fieldId);
  if (!field) return false;
  return field.when ? field.when(context()) : true;
}

export function isSkipped(state: ConversationState, slot: Slot): boolean {
  return state.skipped.length > 0 && state.skipped.some((s) => sameSlot(s, slot));
}

export function isAnswered(state: ConversationState, slot: Slot): boolean {
  return getAt(state.filing, slotPath(slot)) !== undefined || isSkipped(state, slot);
}

/**
 * `applies` for many slots of one state: one field context per website (and one for the other
 * fields) instead of one per slot, since the `when` rules only read their context.
 */
function appliesIn(state: ConversationState, deps: EngineDeps, now: Date): (slot: Slot) => boolean {
  const contexts = new Map<number | undefined, FieldContext>();
  return (slot) =>
    fieldApplies(deps, slot, () => {
      let ctx = contexts.get(slot.websiteIndex);
      if (!ctx) {
        ctx = fieldContext(state, slot, now);
        contexts.set(slot.websiteIndex, ctx);
      }
      return ctx;
    });
}

export function applicableSlots(state: ConversationState, deps: EngineDeps, now: Date): Slot[] {
  return allFieldSlots(state, deps).filter(appliesIn(state, deps, now));
}

/** The questions of the flow in asking order: applicable, not derived, not on request. */
export function questionSlots(state: ConversationState, deps: EngineDeps, now: Date): Slot[] {
  return applicableSlots(state, deps, now).filter((s) =>
    isQuestion(deps, s, () => fieldContext(state, s, now)),
  );
}

/** Unanswered, and asked in turn (not derived, not on request). */
export function isOpenQuestion(state: ConversationState, deps: EngineDeps, now: Date, slot: Slot): boolean {
  return !isAnswered(state, slot) && isQuestion(deps, slot, () => fieldContext(state, slot, now));
}

/** The next question to ask, or undefined when the form is complete. */
export function nextSlot(state: ConversationState, deps: EngineDeps, now: Date): Slot | undefined {
  const open = applicableSlots(state, deps, now).find((s) => isOpenQuestion(state, deps, now, s));
  // "Another website?" is no question of its own: the summary's confirmation offers it, so the
  // many applicants with one website answer one question fewer.
  return open;
}

/**
 * "Question n of m": m counts the questions that apply now (not derived answers, not on-request
 * fields), n is one more than those answered besides `current`; so n never passes m, and a
 * question already answered (`/edit`, `/back`) is marked `editing` rather than counted again.
 */
export function progress(
  state: ConversationState,
  deps: EngineDeps,
  now: Date,
  current?: Slot,
): { answered: number; total: number; editing?: true } {
  let answered = 0;
  let total = 0;
  let editing = false;
  // Counted without building the list: every question shows it.
  const applicable = appliesIn(state, deps, now);
  for (const slot of allFieldSlots(state, deps)) {
    if (!applicable(slot) || !isQuestion(deps, slot, () => fieldContext(state, slot, now))) continue;
    total++;
    if (!isAnswered(state, slot)) continue;
    if (current && sameSlot(slot, current)) editing = true;
    else answered++;
  }
  return editing ? { answered, total, editing: true } : { answered, total };
}

/** The catalog slot a document path belongs to (`websites.1.domains.0` → `websites.*.domains` #1). */
export function slotForPath(state: ConversationState, deps: EngineDeps, path: string): Slot | undefined {
  let best: Slot | undefined;
  let bestLength = -1;
  for (const slot of allFieldSlots(state, deps)) {
    const p = slotPath(slot);
    if ((path === p || path.startsWith(`${p}.`)) && p.length > bestLength) {
      best = slot;
      bestLength = p.length;
    }
  }
  return best;
}

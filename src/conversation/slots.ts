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
  return slot.websiteIndex === undefined
    ? { filing: state.filing, now }
    : { filing: state.filing, now, websiteIndex: slot.websiteIndex };
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

/** The next question to ask, or undefined when the form is complete. */
export function nextSlot(state: ConversationState, deps: EngineDeps, now: Date): Slot | undefined {
  const slots = applicableSlots(state, deps, now);
  const open = slots.find((s) => !isAnswered(state, s));
  if (open) return open;
  // An order without websites (注销主体) has no website question, so no "another website?" either.
  if (!state.websitesComplete && slots.some((s) => s.websiteIndex !== undefined)) {
    return { fieldId: ADD_WEBSITE, websiteIndex: state.websiteCount - 1 };
  }
  return undefined;
}

export function progress(state: ConversationState, deps: EngineDeps, now: Date) {
  let answered = 0;
  let total = 0;
  // Counted without building the list: every question shows it.
  const applicable = appliesIn(state, deps, now);
  for (const slot of allFieldSlots(state, deps)) {
    if (!applicable(slot)) continue;
    total++;
    if (isAnswered(state, slot)) answered++;
  }
  return { answered, total };
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

/** Builds the outgoing question for the current slot: title, help, the page of options, progress. */
import type { ChoiceOption } from '../filing/catalog-types.ts';
import { getAt } from '../filing/paths.ts';
import { displayValue, labelOf } from './display.ts';
import { conflictOptions } from './earlier-answer.ts';
import { PHOTO_OPTION, photoSourceOf, photoValueOf } from './photo-values.ts';
import {
  ADD_WEBSITE,
  applicableSlots,
  CONFIRM,
  fieldContext,
  fieldOf,
  fieldTextKeys,
  isOpenQuestion,
  isRevisited,
  isSkipped,
  progress,
  RESUBMIT,
  REUPLOAD,
  SUBMIT,
  sameSlot,
  slotPath,
} from './slots.ts';
import type {
  ChangeRound,
  ConversationState,
  CurrentQuestion,
  EngineDeps,
  QuestionMessage,
  QuestionOption,
  Slot,
} from './types.ts';

/** The help of a field question, fitted to the draft (FieldDef.help): the same text in questions and refusals. */
export function fieldHelp(
  state: ConversationState,
  q: Slot,
  deps: EngineDeps,
  now: Date,
): { key: string; params: Record<string, string | number> } {
  const field = fieldOf(deps, q.fieldId);
  const base = { website: (q.websiteIndex ?? 0) + 1, count: state.websiteCount };
  const key = fieldTextKeys(q.fieldId).help;
  const fitted = field?.help?.(fieldContext(state, q, now));
  if (!fitted) return { key, params: base };
  return {
    key: fitted.variant ? `${key}_${fitted.variant}` : key,
    params: { ...base, ...fitted.params },
  };
}

/** Long lists (34 provinces, 24 services) are shown this many options at a time. */
export const PAGE_SIZE = 8;

/** The options shown for the current question: those of the group opened, or the ungrouped ones and one button per group. */
export function optionsFor(
  state: ConversationState,
  q: CurrentQuestion,
  deps: EngineDeps,
  now: Date,
): ChoiceOption[] {
  const shown = shownOptions(allOptionsFor(state, q, deps, now), q.group);
  return q.conflict ? [...shown, ...conflictOptions(q)] : shown;
}

/** A button that opens an option group (`@group:existing_number`) or, empty, goes back to the ungrouped options. */
export const GROUP_PREFIX = '@group:';

export function shownOptions(options: ChoiceOption[], group: string | undefined): ChoiceOption[] {
  if (!options.some((o) => o.group !== undefined)) return options;
  if (group !== undefined) {
    return [
      ...options.filter((o) => o.group === group),
      { value: GROUP_PREFIX, labelKey: 'conversation:groups.back' },
    ];
  }
  const groups = [...new Set(options.flatMap((o) => (o.group === undefined ? [] : [o.group])))];
  return [
    ...options.filter((o) => o.group === undefined),
    ...groups.map((g) => ({ value: `${GROUP_PREFIX}${g}`, labelKey: `conversation:groups.${g}` })),
  ];
}

/** Every option of the question, whatever group is open: a typed label may name any of them. */
export function allOptionsFor(
  state: ConversationState,
  q: CurrentQuestion,
  deps: EngineDeps,
  now: Date,
): ChoiceOption[] {
  const flow = FLOW_OPTIONS[q.fieldId];
  if (flow) return flow.map((value) => ({ value, labelKey: `conversation:options.${value}` }));
  const field = fieldOf(deps, q.fieldId);
  if (field?.options) return field.options(fieldContext(state, q, now));
  // What a photo showed comes first, one tap away, and is checked like a typed answer when tapped.
  const read = photoValueOf(state, q, deps, now);
  const fromPhoto: ChoiceOption[] =
    read === undefined ? [] : [{ value: PHOTO_OPTION, label: { zh: read, en: read } }];
  // A text question's likely answers are one tap away; the button shows the value itself. Free
  // text (an address, an email) need not fit a Telegram button's 64 bytes: the option carries the
  // suggestion's place, and the answer is looked up again when it is tapped.
  if (field?.suggest && field.kind !== 'multi_choice') {
    return [
      ...fromPhoto,
      ...field
        .suggest(fieldContext(state, q, now))
        .map((value, i) => ({ value: suggestionOption(i), label: { zh: value, en: value } })),
    ];
  }
  return fromPhoto;
}

const FLOW_OPTIONS: Record<string, string[]> = {
  [ADD_WEBSITE]: ['yes', 'no'],
  [CONFIRM]: ['confirm', 'add_website', 'edit'],
  [SUBMIT]: ['submit'],
  // Answered by uploading, not by a button.
  [REUPLOAD]: [],
  [RESUBMIT]: ['resubmit', 'edit'],
};

export function pageCount(optionCount: number): number {
  return Math.max(1, Math.ceil(optionCount / PAGE_SIZE));
}

/** The page showing `value`, so a re-asked division question opens where the current answer is. */
export function pageOf(options: ChoiceOption[], value: unknown): number {
  const i = options.findIndex((o) => o.value === value);
  return i < 0 ? 0 : Math.floor(i / PAGE_SIZE);
}

export function pageOptions(options: ChoiceOption[], page: number): ChoiceOption[] {
  if (options.length <= PAGE_SIZE) return options;
  return options.slice(page * PAGE_SIZE, page * PAGE_SIZE + PAGE_SIZE);
}

/** The requested fields, plus any question a fix made unanswered (it is asked in the same round). */
function changeProgress(state: ConversationState, changes: ChangeRound, deps: EngineDeps, now: Date) {
  const extra = applicableSlots(state, deps, now).filter(
    (s) => isOpenQuestion(state, deps, now, s) && !changes.pending.some((p) => sameSlot(p, s)),
  ).length;
  return {
    answered: changes.fields.length - changes.pending.length,
    total: changes.fields.length + extra,
  };
}

export function buildQuestion(
  state: ConversationState,
  q: CurrentQuestion,
  deps: EngineDeps,
  now: Date,
): QuestionMessage {
  const all = optionsFor(state, q, deps, now);
  const count = pageCount(all.length);
  const page = Math.min(Math.max(0, q.page ?? 0), count - 1);
  const shown = pageOptions(all, page);
  // While correcting, progress counts the requested fields, not the whole form.
  const progressNow =
    state.phase === 'changes' && state.changes
      ? changeProgress(state, state.changes, deps, now)
      : progress(state, deps, now, q.fieldId.startsWith('@') ? undefined : q);
  const websiteParams = { website: (q.websiteIndex ?? 0) + 1, count: state.websiteCount };
  // Every question shown is built here: the message is written out field by field, because an
  // object literal that starts with a spread and then adds fields is a slow path in V8 (about a
  // microsecond per added field), and optional fields are set only when present.
  let message: QuestionMessage;
  if (q.fieldId.startsWith('@')) {
    const name = q.fieldId.slice(1);
    message = {
      type: 'question',
      token: q.token,
      fieldId: q.fieldId,
      path: '',
      section: 'flow',
      title: { key: `conversation:flow.${name}.title`, params: websiteParams },
      help: { key: `conversation:flow.${name}.help`, params: websiteParams },
      kind: 'choice',
      options: shown.map((o) => ({ value: o.value, label: labelOf(o) })),
      skippable: false,
      progress: progressNow,
    };
  } else {
    const field = fieldOf(deps, q.fieldId);
    if (!field) throw new Error(`no catalog field ${q.fieldId}`);
    const path = slotPath(q);
    const value = getAt(state.filing, path);
    const multi = field.kind === 'multi_choice';
    const keys = fieldTextKeys(field.id);
    message = {
      type: 'question',
      token: q.token,
      fieldId: q.fieldId,
      path,
      section: field.section,
      title: { key: keys.label, params: websiteParams },
      help: fieldHelp(state, q, deps, now),
      kind: field.kind,
      // A change's field asked again may be skipped: that keeps its approved value.
      skippable: !field.required || isRevisited(state, q),
      progress: progressNow,
    };
    if (all.length > 0) {
      message.options = shown.map((o) => {
        const option: QuestionOption = { value: o.value, label: labelOf(o) };
        if (multi ? (q.toggles ?? []).includes(o.value) : value === o.value) option.selected = true;
        return option;
      });
    }
    if (count > 1) message.page = { index: page, count };
    if (multi) message.multi = true;
    if (value !== undefined) message.current = displayValue(field, value, fieldContext(state, q, now));
    else if (isSkipped(state, q)) message.current = { key: 'conversation:summary.skipped' };
    const photo = state.phase === 'asking' ? photoSourceOf(state, q, deps, now) : undefined;
    if (photo) {
      message.photo =
        q.websiteIndex === undefined
          ? { kind: photo.kind }
          : { kind: photo.kind, websiteIndex: q.websiteIndex };
    }
  }
  if (q.websiteIndex !== undefined) message.websiteIndex = q.websiteIndex;
  return message;
}

const SUGGESTION_PREFIX = '@suggest:';

/** The option value of a text question's n-th suggestion (a marker: the value stays server-side). */
export function suggestionOption(index: number): string {
  return `${SUGGESTION_PREFIX}${index}`;
}

/** The suggestion a marker stands for, or undefined when `value` is no marker of this question. */
export function suggestionOf(
  state: ConversationState,
  q: CurrentQuestion,
  deps: EngineDeps,
  now: Date,
  value: string,
): string | undefined {
  if (!value.startsWith(SUGGESTION_PREFIX)) return undefined;
  const field = fieldOf(deps, q.fieldId);
  if (!field?.suggest || field.kind === 'multi_choice') return undefined;
  const index = Number(value.slice(SUGGESTION_PREFIX.length));
  return Number.isInteger(index) ? field.suggest(fieldContext(state, q, now))[index] : undefined;
}

/** Builds the outgoing question for the current slot: title, help, the page of options, progress. */
import type { ChoiceOption } from '../filing/catalog-types.ts';
import { getAt } from '../filing/paths.ts';
import { displayValue, labelOf } from './display.ts';
import {
  ADD_WEBSITE,
  applicableSlots,
  CONFIRM,
  fieldContext,
  fieldOf,
  fieldTextKeys,
  isAnswered,
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
} from './types.ts';

/** Long lists (34 provinces, 24 services) are shown this many options at a time. */
export const PAGE_SIZE = 8;

export function optionsFor(
  state: ConversationState,
  q: CurrentQuestion,
  deps: EngineDeps,
  now: Date,
): ChoiceOption[] {
  const flow = FLOW_OPTIONS[q.fieldId];
  if (flow) return flow.map((value) => ({ value, labelKey: `conversation:options.${value}` }));
  const field = fieldOf(deps, q.fieldId);
  return field?.options ? field.options(fieldContext(state, q, now)) : [];
}

const FLOW_OPTIONS: Record<string, string[]> = {
  [ADD_WEBSITE]: ['yes', 'no'],
  [CONFIRM]: ['confirm', 'edit'],
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
    (s) => !isAnswered(state, s) && !changes.pending.some((p) => sameSlot(p, s)),
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
  const base = {
    type: 'question' as const,
    token: q.token,
    fieldId: q.fieldId,
    // While correcting, progress counts the requested fields, not the whole form.
    progress:
      state.phase === 'changes' && state.changes
        ? changeProgress(state, state.changes, deps, now)
        : progress(state, deps, now),
    ...(q.websiteIndex === undefined ? {} : { websiteIndex: q.websiteIndex }),
  };
  const websiteParams = { website: (q.websiteIndex ?? 0) + 1, count: state.websiteCount };
  if (q.fieldId.startsWith('@')) {
    const name = q.fieldId.slice(1);
    return {
      ...base,
      path: '',
      section: 'flow',
      title: { key: `conversation:flow.${name}.title`, params: websiteParams },
      help: { key: `conversation:flow.${name}.help`, params: websiteParams },
      kind: 'choice',
      options: shown.map((o) => ({ value: o.value, label: labelOf(o) })),
      skippable: false,
    };
  }
  const field = fieldOf(deps, q.fieldId);
  if (!field) throw new Error(`no catalog field ${q.fieldId}`);
  const path = slotPath(q);
  const value = getAt(state.filing, path);
  const ctx = fieldContext(state, q, now);
  const multi = field.kind === 'multi_choice';
  const selected = (v: string) => (multi ? (q.toggles ?? []).includes(v) : value === v);
  const options: QuestionOption[] | undefined =
    all.length > 0
      ? shown.map((o) => ({
          value: o.value,
          label: labelOf(o),
          ...(selected(o.value) ? { selected: true } : {}),
        }))
      : undefined;
  let current: QuestionMessage['current'];
  if (value !== undefined) current = displayValue(field, value, ctx);
  else if (isSkipped(state, q)) current = { key: 'conversation:summary.skipped' };
  return {
    ...base,
    path,
    section: field.section,
    title: { key: fieldTextKeys(field.id).label, params: websiteParams },
    help: { key: fieldTextKeys(field.id).help, params: websiteParams },
    kind: field.kind,
    ...(options ? { options } : {}),
    ...(count > 1 ? { page: { index: page, count } } : {}),
    ...(multi ? { multi: true } : {}),
    ...(current === undefined ? {} : { current }),
    skippable: !field.required,
  };
}

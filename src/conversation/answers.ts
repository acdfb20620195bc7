/** Answers to the current question: typed text, a button, multi-choice ticks, paging, flow questions. */

import type { ChoiceOption } from '../filing/catalog-types.ts';
import { getAt, setAt } from '../filing/paths.ts';
import type { Lang } from '../i18n/index.ts';
import { changeEither, withConflict } from './change-either.ts';
import { noteChangeAnswered, resubmit } from './changes.ts';
import { withDerivedAnswers } from './derived.ts';
import { submit } from './documents.ts';
import { CONFLICT_PREFIX } from './earlier-answer.ts';
import { pushForms } from './forms.ts';
import { askNext, reAsk, reshow, showDocuments } from './navigation.ts';
import { labelForValue, labelText, valuesFromLabels } from './option-labels.ts';
import { refusedAsBusy, tookOver } from './order-answers.ts';
import { REUSING_PATHS, reuseApproved, sectionsToRevisit } from './orders.ts';
import { PHOTO_OPTION, photoValueOf, withoutPhotoValue } from './photo-values.ts';
import {
  allOptionsFor,
  fieldHelp,
  GROUP_PREFIX,
  optionsFor,
  PAGE_SIZE,
  pageCount,
  pageOptions,
  suggestionOf,
} from './question.ts';
import {
  ADD_WEBSITE,
  CONFIRM,
  fieldContext,
  fieldOf,
  plainSlot,
  RESUBMIT,
  REUPLOAD,
  SUBMIT,
  sameSlot,
  slotPath,
  withoutRevisit,
} from './slots.ts';
import { ask, event, info, problemMessages, settle, type Turn } from './turn.ts';
import type { CurrentQuestion, EngineInput } from './types.ts';

type AnswerInput = Extract<EngineInput, { type: 'text' | 'choice' | 'toggle' | 'done' | 'page' }>;

export function handleAnswer(turn: Turn, input: AnswerInput) {
  const q = turn.state.current;
  if (!q) return reAsk(turn);
  if (input.type !== 'text' && input.token !== q.token) return stale(turn);
  const options = optionsFor(turn.state, q, turn.deps, turn.now);
  const known = (value: string) => options.some((o) => o.value === value);
  const multi = fieldOf(turn.deps, q.fieldId)?.kind === 'multi_choice';
  switch (input.type) {
    case 'page': {
      const page = Math.min(Math.max(0, input.page), pageCount(options.length) - 1);
      turn.state = { ...turn.state, current: { ...q, page } };
      return reAsk(turn);
    }
    case 'toggle':
      if (!multi || !known(input.value)) return stale(turn);
      return toggle(turn, q, input.value);
    case 'done':
      if (!multi) return stale(turn);
      return answerField(turn, q, q.toggles ?? []);
    case 'choice':
      if (!known(input.value)) return stale(turn);
      return q.fieldId.startsWith('@')
        ? answerFlow(turn, q, input.value)
        : pickOption(turn, q, input.value, multi);
    case 'text': {
      const text = input.text.trim();
      // A number picks an option as the console numbers them: across pages, so 9 is the first of
      // page 2; on the page shown, 1–8 still mean that page's options for a short answer.
      const picked = /^\d{1,2}$/.test(text) ? numberedOption(options, q.page ?? 0, Number(text)) : undefined;
      if (q.fieldId === REUPLOAD) {
        info(turn, 'conversation:changes.uploadPlease');
        return reshow(turn);
      }
      if (q.fieldId.startsWith('@')) {
        const word = flowWord(text);
        // "yes" also confirms or submits: the one positive answer those questions have; when
        // resubmitting, "submit" and "confirm" mean it too.
        const yes = word === 'yes' || (q.fieldId === RESUBMIT && (word === 'submit' || word === 'confirm'));
        const positive = yes
          ? options.find((o) => o.value === 'confirm' || o.value === 'submit' || o.value === 'resubmit')
              ?.value
          : undefined;
        const value = picked?.value ?? positive ?? word;
        if (value && known(value)) return answerFlow(turn, q, value);
        turn.messages.push({
          type: 'error',
          problems: [{ text: { key: 'conversation:flow.unknownAnswer' } }],
        });
        return reAsk(turn);
      }
      if (picked) return pickOption(turn, q, picked.value, multi);
      const kind = fieldOf(turn.deps, q.fieldId)?.kind;
      // A typed label ("企业", "虚拟主机", "Blog") is the option it names, in either language, even
      // one behind a group button not opened.
      if ((kind === 'choice' || kind === 'multi_choice') && options.length > 0)
        return answerField(
          turn,
          q,
          valuesFromLabels(text, allOptionsFor(turn.state, q, turn.deps, turn.now), multi),
        );
      return answerField(turn, q, text);
    }
  }
}

/** The answer an option stands for: its value, or for the photo's option the value read. */
/** An option picked, by its button or its number: a group opened, an earlier answer reopened, a tick, or the answer. */
function pickOption(turn: Turn, q: CurrentQuestion, value: string, multi: boolean) {
  if (value.startsWith(GROUP_PREFIX)) return openGroup(turn, q, value);
  if (value.startsWith(CONFLICT_PREFIX)) return changeEither(turn, q, value);
  if (multi) return toggle(turn, q, value);
  return answerField(turn, q, optionAnswer(turn, q, value));
}

function optionAnswer(turn: Turn, q: CurrentQuestion, value: string): string {
  if (value === PHOTO_OPTION) return photoValueOf(turn.state, q, turn.deps, turn.now) ?? '';
  return suggestionOf(turn.state, q, turn.deps, turn.now, value) ?? value;
}

function numberedOption(options: ChoiceOption[], page: number, n: number): ChoiceOption | undefined {
  const shown = pageOptions(options, page);
  const first = page * PAGE_SIZE;
  if (n > first && n <= first + shown.length) return options[n - 1];
  return n >= 1 && n <= shown.length ? shown[n - 1] : undefined;
}

function stale(turn: Turn) {
  event(turn, 'stale_input');
  info(turn, 'conversation:stale');
  reAsk(turn);
}

/** Shows the options of a group (or, for the bare prefix, the ungrouped ones again): same question, same token. */
function openGroup(turn: Turn, q: CurrentQuestion, value: string) {
  const group = value.slice(GROUP_PREFIX.length);
  const { group: _, ...rest } = q;
  turn.state = { ...turn.state, current: group ? { ...rest, group, page: 0 } : { ...rest, page: 0 } };
  reAsk(turn);
}

function toggle(turn: Turn, q: CurrentQuestion, value: string) {
  const ticked = q.toggles ?? [];
  const toggles = ticked.includes(value) ? ticked.filter((v) => v !== value) : [...ticked, value];
  turn.state = { ...turn.state, current: { ...q, toggles } };
  reAsk(turn);
}

/**
 * Parses with the field's own rules, then checks the draft with the answer in it: a problem at or
 * under the answered path refuses the answer (the draft is left as it was); the rest is settled.
 */
export function answerField(turn: Turn, q: CurrentQuestion, raw: string | string[]) {
  const field = fieldOf(turn.deps, q.fieldId);
  if (!field) return reAsk(turn);
  const path = slotPath(q);
  const parsed = field.parse(raw, fieldContext(turn.state, q, turn.now));
  const help = fieldHelp(turn.state, q, turn.deps, turn.now);
  if (!parsed.ok) {
    event(turn, 'answer_rejected', { path, codes: parsed.problems.map((p) => p.code) });
    const options = field.options ? optionsFor(turn.state, q, turn.deps, turn.now) : [];
    const problems = problemMessages(
      turn,
      parsed.problems.map((p) =>
        p.params
          ? { code: p.code, params: readableParams(p.params, field, options, turn.state.lang), path }
          : { code: p.code, path },
      ),
    );
    turn.messages.push({
      type: 'error',
      problems: withConflict(turn, q, parsed.problems, problems),
      hint: help,
    });
    return reAsk(turn);
  }
  const existing = getAt(turn.state.filing, path);
  // Choosing "a separate principal" again must not wipe the details already given.
  const value = isEmptyObject(parsed.value) && isObject(existing) ? existing : parsed.value;
  let answered = setAt(turn.state.filing, path, value);
  // The order or the sponsor's number can name a filing approved here: its answers are taken over.
  const reuse = REUSING_PATHS.has(path) ? reuseApproved(answered, turn.facts) : undefined;
  if (reuse) answered = reuse.filing;
  // Answers derived from this one (the investor from the name) change with it, before the rules run.
  const { filing } = withDerivedAnswers({ ...turn.state, filing: answered }, turn.deps, turn.now);
  const busy = refusedAsBusy(turn, filing);
  if (busy) {
    event(turn, 'answer_rejected', { path, codes: ['order.in_progress'] });
    turn.messages.push({ type: 'error', problems: [busy], hint: help });
    return reAsk(turn);
  }
  const all = turn.deps.validateDraft(filing, { now: turn.now });
  const problems = all.filter((p) => p.path === path || p.path.startsWith(`${path}.`));
  if (problems.length > 0) {
    event(turn, 'answer_rejected', { path, codes: problems.map((p) => p.code) });
    const messages = withConflict(turn, q, problems, problemMessages(turn, problems));
    turn.messages.push({ type: 'error', problems: messages, hint: help });
    return reAsk(turn);
  }
  const history = turn.state.history.filter((s) => !sameSlot(s, q));
  turn.state = {
    ...withoutPhotoValue(turn.state, path),
    filing,
    skipped: turn.state.skipped.filter((s) => !sameSlot(s, q)),
    history: [...history, plainSlot(q)],
  };
  turn.state = withoutRevisit(turn.state, q);
  event(turn, 'answer_accepted', { path });
  noteChangeAnswered(turn, q);
  if (reuse) tookOver(turn, reuse);
  if (path === 'changedSections') turn.state = { ...turn.state, revisit: sectionsToRevisit(turn) };
  settle(turn, all);
  askNext(turn);
}

function answerFlow(turn: Turn, q: CurrentQuestion, value: string) {
  if (q.fieldId === ADD_WEBSITE) {
    if (value === 'yes') return addWebsite(turn);
    turn.state = { ...turn.state, websitesComplete: true };
    return askNext(turn);
  }
  if (q.fieldId === CONFIRM) {
    if (value === 'add_website') return addWebsite(turn);
    if (value === 'edit') {
      info(turn, 'conversation:flow.confirm.howToEdit');
      return reAsk(turn);
    }
    turn.state = { ...turn.state, phase: 'documents', websitesComplete: true };
    event(turn, 'confirmed');
    showDocuments(turn);
    pushForms(turn);
    return ask(turn, { fieldId: SUBMIT });
  }
  if (q.fieldId === SUBMIT) return submit(turn);
  if (q.fieldId === RESUBMIT) {
    if (value === 'edit') {
      info(turn, 'conversation:flow.confirm.howToEdit');
      return reAsk(turn);
    }
    return resubmit(turn);
  }
}

export function addWebsite(turn: Turn) {
  const index = turn.state.websiteCount;
  turn.state = { ...turn.state, websiteCount: index + 1, websitesComplete: false, phase: 'asking' };
  event(turn, 'website_added', { index });
  info(turn, 'conversation:websites.added', { website: index + 1 });
  askNext(turn);
}

const FLOW_WORDS: Record<string, string> = {
  yes: 'yes',
  y: 'yes',
  是: 'yes',
  是的: 'yes',
  好: 'yes',
  要: 'yes',
  no: 'no',
  n: 'no',
  否: 'no',
  不: 'no',
  不要: 'no',
  没有: 'no',
  confirm: 'confirm',
  ok: 'confirm',
  确认: 'confirm',
  edit: 'edit',
  修改: 'edit',
  submit: 'submit',
  提交: 'submit',
  resubmit: 'resubmit',
  重新提交: 'resubmit',
};

function flowWord(text: string): string | undefined {
  return FLOW_WORDS[text.toLowerCase()];
}

/**
 * Option keys in a refusal's parameters become labels ("例如：企业", not "例如 defense"): the
 * example offered and the refused value, when they are options of the field or of its enumeration.
 */
function readableParams(
  params: Record<string, string | number>,
  field: object,
  options: readonly ChoiceOption[],
  lang: Lang,
): Record<string, string | number> {
  const out = { ...params };
  for (const key of ['example', 'value', 'service'] as const) {
    const value = out[key];
    if (typeof value !== 'string') continue;
    if (options.some((o) => o.value === value)) out[key] = labelForValue(value, options, lang);
    // Catalog fields name their enumeration (CatalogField.enumName); a test catalog may not.
    const enumName = 'enumName' in field && typeof field.enumName === 'string' ? field.enumName : undefined;
    if (!options.some((o) => o.value === value) && enumName)
      out[key] = labelText(`filing:enums.${enumName}.${value}`, lang) ?? value;
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isEmptyObject(value: unknown): boolean {
  return isObject(value) && Object.keys(value).length === 0;
}

/** Commands: back, skip, summary, edit, restart, cancel, lang, help, status, documents, submit, websites. */
import { deleteAt, getAt } from '../filing/paths.ts';
import { addWebsite } from './answers.ts';
import { backInChanges, noteChangeAnswered, resubmit } from './changes.ts';
import { submit } from './documents.ts';
import { pushForms } from './forms.ts';
import { askNext, reAsk, reshow, showDocuments } from './navigation.ts';
import {
  ADD_WEBSITE,
  derivedValue,
  fieldContext,
  fieldOf,
  isRevisited,
  nextSlot,
  plainSlot,
  progress,
  questionSlots,
  sameSlot,
  slotPath,
  withoutRevisit,
} from './slots.ts';
import { initialState, isLang } from './state.ts';
import { buildSummary, resolveEditTarget } from './summary.ts';
import { ask, event, info, settle, type Turn } from './turn.ts';
import type { Command } from './types.ts';

export function handleCommand(turn: Turn, command: Command, arg?: string) {
  const { phase } = turn.state;
  const open = phase !== 'submitted' && phase !== 'cancelled';
  if (phase === 'changes') {
    const refused = CHANGES_REFUSED[command];
    if (refused) {
      info(turn, refused);
      return reshow(turn);
    }
  }
  switch (command) {
    case 'lang':
      return switchLanguage(turn, arg);
    case 'help':
      info(turn, 'conversation:help');
      return reshow(turn);
    case 'status': {
      const { answered, total } = progress(turn.state, turn.deps, turn.now);
      info(turn, `conversation:status.${phase}`, {
        answered,
        total,
        websites: turn.state.websiteCount,
        documents: turn.state.documents.length,
        requested: turn.state.changes?.fields.length ?? 0,
        fixed: (turn.state.changes?.fields.length ?? 0) - (turn.state.changes?.pending.length ?? 0),
      });
      return reshow(turn);
    }
    case 'restart':
      event(turn, 'restarted');
      turn.state = initialState(turn.state.lang, turn.state.seq);
      info(turn, 'conversation:restarted');
      return askNext(turn);
    case 'start':
      if (phase === 'cancelled') {
        turn.state = { ...turn.state, phase: 'asking' };
        info(turn, 'conversation:resumed');
        return askNext(turn);
      }
      return reshow(turn);
    case 'documents':
      showDocuments(turn);
      // Once the summary is confirmed the forms are final enough to print: sent again on request.
      if (phase === 'documents' || phase === 'changes' || phase === 'submitted') pushForms(turn);
      return phase === 'documents' || phase === 'changes' ? reAsk(turn) : reshow(turn);
    case 'summary':
      pushSummary(turn);
      return reshow(turn);
  }
  if (!open) return reshow(turn);
  switch (command) {
    case 'back':
      return back(turn);
    case 'skip':
      return skip(turn);
    case 'edit':
      return edit(turn, arg);
    case 'cancel':
      event(turn, 'cancelled');
      turn.state = { ...turn.state, phase: 'cancelled' };
      delete turn.state.current;
      return info(turn, 'conversation:cancelled.done');
    case 'submit':
      if (phase === 'changes') return resubmit(turn);
      if (phase === 'asking') {
        turn.messages.push({
          type: 'error',
          problems: [{ text: { key: 'conversation:submit.unfinished' } }],
        });
        return reshow(turn);
      }
      return submit(turn);
    case 'add_website':
      return addWebsite(turn);
    case 'remove_website':
      return removeWebsite(turn, arg);
  }
}

/** Commands that would abandon or reshape a filing under review: they wait until it is resubmitted. */
const CHANGES_REFUSED: Partial<Record<Command, string>> = {
  restart: 'conversation:changes.finishFirst',
  cancel: 'conversation:changes.finishFirst',
  add_website: 'conversation:changes.websitesFixed',
  remove_website: 'conversation:changes.websitesFixed',
};

function pushSummary(turn: Turn) {
  const sections = buildSummary(turn.state, turn.deps, turn.now);
  if (sections.length === 0) info(turn, 'conversation:summary.nothingYet');
  else turn.messages.push({ type: 'summary', sections });
}

function switchLanguage(turn: Turn, arg?: string) {
  const from = turn.state.lang;
  const to = isLang(arg) ? arg : from === 'zh' ? 'en' : 'zh';
  turn.state = { ...turn.state, lang: to };
  if (to !== from) event(turn, 'language_changed', { from, to });
  info(turn, 'conversation:lang.changed');
  reshow(turn);
}

function back(turn: Turn) {
  if (turn.state.phase === 'changes') {
    if (backInChanges(turn)) return;
    info(turn, 'conversation:back.nothing');
    return reAsk(turn);
  }
  // The question before this one in asking order, not a stack of what was asked: after several
  // /back and a new answer the flow resumes at the first open question, and /back from there
  // still goes to the one just before it, never to a question far behind.
  const current = turn.state.current;
  const slots = questionSlots(turn.state, turn.deps, turn.now);
  const at = current ? slots.findIndex((s) => sameSlot(s, current)) : -1;
  const target = at >= 0 ? slots[at - 1] : slots.at(-1);
  if (!target) {
    info(turn, 'conversation:back.nothing');
    return reAsk(turn);
  }
  turn.state = { ...turn.state, phase: 'asking' };
  ask(turn, target);
}

function skip(turn: Turn) {
  const q = turn.state.current;
  if (q?.fieldId === ADD_WEBSITE) {
    turn.state = { ...turn.state, websitesComplete: true };
    return askNext(turn);
  }
  const field = q && !q.fieldId.startsWith('@') ? fieldOf(turn.deps, q.fieldId) : undefined;
  if (!q || !field || (turn.state.phase !== 'asking' && turn.state.phase !== 'changes')) {
    info(turn, 'conversation:skip.nothing');
    return reAsk(turn);
  }
  if (isRevisited(turn.state, q)) {
    // A change's field asked again: skipping keeps the approved value.
    turn.state = withoutRevisit(turn.state, q);
    event(turn, 'field_kept', { path: slotPath(q) });
    return askNext(turn);
  }
  if (field.required) {
    turn.messages.push({ type: 'error', problems: [{ text: { key: 'conversation:skip.required' } }] });
    return reAsk(turn);
  }
  const path = slotPath(q);
  const slot = plainSlot(q);
  turn.state = {
    ...turn.state,
    filing:
      getAt(turn.state.filing, path) === undefined ? turn.state.filing : deleteAt(turn.state.filing, path),
    skipped: [...turn.state.skipped.filter((s) => !sameSlot(s, slot)), slot],
    history: [...turn.state.history.filter((s) => !sameSlot(s, slot)), slot],
  };
  event(turn, 'field_skipped', { path });
  noteChangeAnswered(turn, slot);
  settle(turn);
  askNext(turn);
}

function edit(turn: Turn, arg?: string) {
  const target = arg ? resolveEditTarget(turn.state, turn.deps, turn.now, arg) : undefined;
  if (!target) {
    pushSummary(turn);
    if (arg)
      turn.messages.push({
        type: 'error',
        problems: [{ text: { key: 'conversation:edit.unknown', params: { arg } } }],
      });
    else info(turn, 'conversation:flow.confirm.howToEdit');
    return reAsk(turn);
  }
  const field = fieldOf(turn.deps, target.fieldId);
  if (derivedValue(field, fieldContext(turn.state, target, turn.now)) !== undefined) {
    // Its answer follows another one (the investor follows the name): that one is what to change.
    info(turn, 'conversation:edit.derived');
    return reAsk(turn);
  }
  // Answering it leads to whatever it made unanswered, then back to the summary (or, while
  // correcting, on with the round).
  if (turn.state.phase !== 'changes') turn.state = { ...turn.state, phase: 'asking' };
  ask(turn, target);
}

function removeWebsite(turn: Turn, arg?: string) {
  const count = turn.state.websiteCount;
  const number = arg && /^\d+$/.test(arg.trim()) ? Number(arg.trim()) : Number.NaN;
  if (!(number >= 1 && number <= count)) {
    turn.messages.push({
      type: 'error',
      problems: [{ text: { key: 'conversation:websites.removeUnknown', params: { count } } }],
    });
    return reAsk(turn);
  }
  if (count === 1) {
    turn.messages.push({ type: 'error', problems: [{ text: { key: 'conversation:websites.removeLast' } }] });
    return reAsk(turn);
  }
  const index = number - 1;
  const websites = Array.isArray(turn.state.filing.websites) ? turn.state.filing.websites : [];
  const shift = <T extends { websiteIndex?: number }>(items: T[]): T[] =>
    items
      .filter((s) => s.websiteIndex !== index)
      .map((s) =>
        s.websiteIndex !== undefined && s.websiteIndex > index
          ? { ...s, websiteIndex: s.websiteIndex - 1 }
          : s,
      );
  const current = turn.state.current;
  const state = {
    ...turn.state,
    filing: index < websites.length ? deleteAt(turn.state.filing, `websites.${index}`) : turn.state.filing,
    websiteCount: count - 1,
    history: shift(turn.state.history),
    skipped: shift(turn.state.skipped),
    documents: shift(turn.state.documents),
  };
  if (current && current.websiteIndex !== undefined && current.websiteIndex >= index) {
    if (current.websiteIndex === index || current.fieldId === ADD_WEBSITE) delete state.current;
    else state.current = { ...current, websiteIndex: current.websiteIndex - 1 };
  }
  turn.state = state;
  event(turn, 'website_removed', { index });
  info(turn, 'conversation:websites.removed', { website: number });
  settle(turn);
  // A removal can leave the form complete or incomplete: show whichever step is now due.
  if (turn.state.phase !== 'asking' && nextSlot(turn.state, turn.deps, turn.now)) return askNext(turn);
  reshow(turn);
}

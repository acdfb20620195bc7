/**
 * The conversation engine: (state, input) → (state, outgoing messages, events). Pure and
 * synchronous; the catalog, the rules and the materials list are injected (EngineDeps).
 */
import { handleAnswer } from './answers.ts';
import { handleChangesRequested } from './changes.ts';
import { handleCommand } from './commands.ts';
import { handleDocument, handleDocumentRejected } from './documents.ts';
import { askNext, reshow } from './navigation.ts';
import { handlePhotoAnswer } from './photo-answer.ts';
import { initialState } from './state.ts';
import { event, info, reconcileMigrated, type Turn } from './turn.ts';
import type {
  ConversationState,
  Engine,
  EngineDeps,
  EngineInput,
  Outgoing,
  StepContext,
  StepResult,
} from './types.ts';

export function createEngine(deps: EngineDeps): Engine {
  return {
    // Written out: a literal that starts with a spread and adds fields (`{ ...ctx, deps }`) is a
    // slow path in V8, about a microsecond per added field, and this runs for every answer.
    step: (state, input, ctx) => {
      const stepCtx: StepContext =
        ctx.lang === undefined ? { now: ctx.now, deps } : { now: ctx.now, lang: ctx.lang, deps };
      if (ctx.facts !== undefined) stepCtx.facts = ctx.facts;
      return step(state, input, stepCtx);
    },
    prompt: (state, ctx) => prompt(state, { now: ctx.now, deps }),
  };
}

/** The messages `reshow` gives for `state`; whatever it would change in the state is dropped. */
export function prompt(state: ConversationState, ctx: Omit<StepContext, 'lang'>): Outgoing[] {
  const turn: Turn = { state, messages: [], events: [], deps: ctx.deps, now: ctx.now };
  reshow(turn);
  return turn.messages;
}

export function step(state: ConversationState | undefined, input: EngineInput, ctx: StepContext): StepResult {
  const turn: Turn = {
    state: state ?? initialState(ctx.lang ?? 'zh'),
    messages: [],
    events: [],
    deps: ctx.deps,
    now: ctx.now,
  };
  if (ctx.facts !== undefined) turn.facts = ctx.facts;
  if (!state) {
    // Corrections for a conversation that does not exist: nothing to correct, nothing to start.
    if (input.type === 'changes_requested') {
      event(turn, 'changes_request_ignored', { phase: null });
      return result(turn);
    }
    if (input.type === 'command' && input.command === 'lang' && (input.arg === 'zh' || input.arg === 'en')) {
      turn.state = { ...turn.state, lang: input.arg };
    }
    if (input.type === 'account_email') turn.state = { ...turn.state, accountEmail: input.email };
    event(turn, 'conversation_started', { lang: turn.state.lang });
    info(turn, 'conversation:welcome');
    askNext(turn);
    return result(turn);
  }
  if (turn.state.recheck) {
    // The flow changed since this state was written: re-check every answer, then ask afresh. An
    // answer typed for the old question is not applied to whatever question comes now.
    reconcileMigrated(turn);
    if (
      input.type === 'text' ||
      input.type === 'choice' ||
      input.type === 'toggle' ||
      input.type === 'done' ||
      input.type === 'page'
    ) {
      askNext(turn);
      return result(turn);
    }
  }
  dispatch(turn, input);
  return result(turn);
}

function dispatch(turn: Turn, input: EngineInput) {
  switch (input.type) {
    case 'command':
      return handleCommand(turn, input.command, input.arg);
    case 'document':
      return handleDocument(turn, input);
    case 'document_rejected':
      return handleDocumentRejected(turn, input);
    case 'ocr_suggestion':
      return handlePhotoAnswer(turn, input);
    case 'changes_requested':
      return handleChangesRequested(turn, input);
    case 'account_email':
      turn.state = { ...turn.state, accountEmail: input.email };
      return reshow(turn);
    default:
      if (turn.state.phase === 'submitted') return info(turn, 'conversation:submitted.already');
      if (turn.state.phase === 'cancelled') return info(turn, 'conversation:cancelled.hint');
      return handleAnswer(turn, input);
  }
}

function result(turn: Turn): StepResult {
  return { state: turn.state, messages: turn.messages, events: turn.events };
}

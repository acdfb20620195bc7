/**
 * What one engine step writes, decided from what the step read: the conversation's new state,
 * a new draft or the changes to the current one, the events and the reply row. Pure, so the two
 * ways of committing a step (under the row lock, or in one guarded statement) write the same.
 */
import { randomUUID } from 'node:crypto';
import type { ConversationState, Outgoing, StepResult } from '../conversation/types.ts';
import type { ChatRef, Lang } from '../db/applicants.ts';
import type { FilingHead } from '../db/conversation-step.ts';
import type { NewEvent } from '../db/events.ts';
import type { NewOutboxMessage } from '../db/outbox.ts';
import type { FilingChanges } from '../db/step-sql.ts';

/** Topic of the reply rows; the notify worker sends the ones a channel did not confirm. */
export const CHAT_REPLY_TOPIC = 'chat_reply';

/**
 * A reply row: the messages themselves (review input: the worker is the one who sends them), or,
 * for a reply the channel is sending itself, only that it must be replaced if it never arrives:
 * the worker then shows the chat where it stands (`Engine.prompt`, the current question again).
 * That copy is small and holds nothing personal, so it is written with every answer unsealed.
 */
export type ChatReplyPayload = ChatReplyTo &
  ({ messages: Outgoing[]; reask?: never } | { reask: true; messages?: never });

interface ChatReplyTo {
  channel: ChatRef['channel'];
  chatId: string;
  lang: Lang;
}

/** Filings the applicant may still change; any other status is with the staff. */
const EDITABLE = new Set(['draft', 'changes_requested']);
/** Phases of a conversation whose filing is with the staff: it keeps that filing whatever its status. */
const WITH_STAFF = new Set<string>(['submitted', 'changes']);

/** The filing stays the conversation's while the applicant may change it or it is with the staff. */
export function keepsFiling(filing: { status: string }, state: ConversationState | undefined): boolean {
  return EDITABLE.has(filing.status) || state === undefined || WITH_STAFF.has(state.phase);
}

export interface PlanInput {
  applicantId: string;
  /** The state the step started from (undefined: the applicant's first step). */
  before: ConversationState | undefined;
  filing: FilingHead | null;
  result: StepResult;
  at: Date;
  /** Who gave the input: the applicant in a chat, or the review. */
  actor: 'applicant' | 'system';
  /**
   * Where the reply row goes (absent: no row). `live`: the channel sends the messages itself,
   * the row only stands in for them should they be lost.
   */
  reply?: { to: ChatRef; orderKey: string; notBefore: Date; live?: boolean };
}

export interface StepPlan {
  /** The new state, unless the step only leaves a trace (review input before any conversation). */
  state: ConversationState | undefined;
  lang: Lang;
  /** The conversation's filing after the step. */
  filing: FilingHead | null;
  /** A new draft to insert (the step started over, or there was none). */
  newFiling?: { id: string; document: unknown };
  /** Changes to the existing filing (nothing when it has none). */
  filingChanges?: FilingChanges;
  /** The step submits the filing. */
  submitting: boolean;
  events: NewEvent[];
  outbox?: NewOutboxMessage;
}

export function planStep(input: PlanInput): StepPlan {
  const { before, result, at } = input;
  const state = result.state;
  const submitting = state.phase === 'submitted' && before?.phase !== 'submitted';
  // Review input for an applicant who never started a conversation: nothing to keep but the log.
  const keepsState = before !== undefined || input.actor === 'applicant';

  let filing = input.filing;
  let newFiling: StepPlan['newFiling'];
  if (!(filing && keepsFiling(filing, state)) && keepsState) {
    newFiling = { id: randomUUID(), document: state.filing };
    filing = { id: newFiling.id, status: 'draft', version: 0, document: state.filing };
  }
  let filingChanges: FilingChanges | undefined;
  if (filing && EDITABLE.has(filing.status)) {
    const changes: FilingChanges = { id: filing.id, version: filing.version };
    if (!newFiling && !sameDocument(filing.document, state.filing)) {
      changes.document = state.filing;
    }
    if (submitting) Object.assign(changes, { status: 'submitted', submittedAt: at });
    if (Object.keys(changes).length > 2) filingChanges = changes;
  }

  const plan: StepPlan = {
    state: keepsState ? state : undefined,
    lang: state.lang,
    filing,
    submitting,
    events: result.events.map((event) => ({
      filingId: filing?.id ?? null,
      applicantId: input.applicantId,
      actor: input.actor,
      type: event.type,
      data: event.data ?? {},
      at,
    })),
  };
  if (newFiling) plan.newFiling = newFiling;
  if (filingChanges) plan.filingChanges = filingChanges;
  if (result.messages.length > 0 && input.reply) {
    const { channel, chatId } = input.reply.to;
    const payload: ChatReplyPayload = input.reply.live
      ? { channel, chatId, lang: state.lang, reask: true }
      : { channel, chatId, lang: state.lang, messages: result.messages };
    plan.outbox = {
      topic: CHAT_REPLY_TOPIC,
      orderKey: input.reply.orderKey,
      payload,
      notBefore: input.reply.notBefore,
      // The messages may quote what the applicant typed (an ID number in a summary).
      ...(input.reply.live ? {} : { seal: true }),
    };
  }
  return plan;
}

/** The engine hands back the same object when an answer left the draft as it was. */
function sameDocument(stored: unknown, draft: unknown): boolean {
  return stored === draft || JSON.stringify(stored) === JSON.stringify(draft);
}

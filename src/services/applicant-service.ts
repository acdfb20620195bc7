/**
 * The one entry every applicant channel (Telegram, console) uses: find the applicant behind the
 * chat, run one engine step, and commit the new state, the filing draft, the events and the reply
 * (as an outbox row) in one transaction before anything is shown. Two inputs for one applicant
 * are applied one after the other; neither is lost.
 *
 * A chat's answer is normally written optimistically (src/db/guarded-step.ts): computed from the
 * chat's last committed snapshot, kept in memory, or from one read, and written in one statement
 * that checks every version it relied on, so one answer costs one round trip and one commit, and
 * answers of different chats ready at the same time share them (step-writer.ts). When
 * a check fails the step runs again from a fresh read; after that, and for review input and
 * submissions with a hook, the step runs under the conversation's row lock
 * (src/db/conversation-step.ts), on the driver or, when a hook needs Prisma's tx, under Prisma.
 */
import { randomUUID } from 'node:crypto';
import type { ConversationState, Engine, EngineInput, Outgoing } from '../conversation/types.ts';
import { type ChatRef, chatKey, findOrCreateApplicantByChat, type Lang } from '../db/applicants.ts';
import {
  type ConversationClaim,
  claimApplicantConversation,
  claimChatConversation,
  commitStep,
  insertFiling,
  latestChat,
  type StepWrite,
} from '../db/conversation-step.ts';
import { lockConversation } from '../db/conversations.ts';
import { type Database, runInTransaction, type Tx } from '../db/database.ts';
import { VersionConflict } from '../db/errors.ts';
import { createFiling, type FilingRecord, getFiling } from '../db/filings.ts';
import { commitGuardedSteps } from '../db/guarded-batch.ts';
import { type ConversationSnapshot, type GuardedStepWrite, readChatSnapshot } from '../db/guarded-step.ts';
import { createReplyMarks } from '../db/reply-marks.ts';
import { prismaSession, runSqlStatement, runSqlTransaction, type SqlSession } from '../db/sql-session.ts';
import { DuplicateDelivery } from '../db/step-refusal.ts';
import { ConversationCache } from './conversation-cache.ts';
import { lookUpOrderFacts } from './order-facts.ts';
import { keepsFiling, type PlanInput, planStep, type StepPlan } from './step-plan.ts';
import { createStepWriter } from './step-writer.ts';

export interface ChatAddress extends ChatRef {
  /** The chat's language hint (Telegram language_code) for a brand-new applicant. */
  lang?: Lang;
}

export interface HandleOptions {
  /**
   * Sends the messages (called after the commit). When it resolves the reply row is marked sent
   * (written a moment later, with other marks); when it throws (or the process dies first) the
   * row stays and the notify worker stands in for it after `replyGraceMs`. `kept` says whether that
   * row was committed (not for a redelivered update, or a step that changed nothing to show).
   * Without `deliver`, no reply row is written: the caller shows the messages.
   */
  deliver?: (messages: Outgoing[], lang: Lang, kept: boolean) => Promise<void>;
  /** Channel delivery id (Telegram update_id): a redelivered one returns [] and changes nothing. */
  updateId?: string;
}

/** Runs inside the submission's transaction (issue 5 plugs the review workflow in here). */
export type OnSubmitted = (
  tx: Tx,
  submission: { filing: FilingRecord; applicantId: string; state: ConversationState; now: Date },
) => Promise<void>;

export interface ApplicantServiceDeps {
  /** `pool` (PostgreSQL) or `pglite` (embedded) lets answers skip Prisma; without both, Prisma runs them. */
  db: Pick<Database, 'prisma' | 'pii'> & Partial<Pick<Database, 'pool' | 'pglite'>>;
  engine: Pick<Engine, 'step' | 'prompt'>;
  now?: () => Date;
  onSubmitted?: OnSubmitted;
  /** How long a reply handed to `deliver` may take before the worker sends it instead. */
  replyGraceMs?: number;
  /** A batch of sent-marks could not be written (they are tried again with the next). */
  onMarkError?: (error: unknown) => void;
  /**
   * Called after a commit that may have queued rows due now (review input, a submission with its
   * hook): the notifier's `wake`. An ordinary answer queues only its live reply's copy, which is
   * not due before the grace period, so it wakes nobody.
   */
  onQueued?: () => void;
}

export interface ApplicantService {
  handleInput(chat: ChatAddress, input: EngineInput, options?: HandleOptions): Promise<Outgoing[]>;
  /** The chat's applicant and current filing (a draft is created if none): uploads need the id. */
  currentFiling(chat: ChatAddress): Promise<{ applicantId: string; filingId: string }>;
  /**
   * An input from the review rather than a chat (`changesRequestedInput(...)`): one engine step on
   * the applicant's conversation, committed like an answer (events by 'system'), its messages
   * queued as a `chat_reply` row to the applicant's most recent chat, after the status ping
   * (same order key `applicant:<id>`). Returns the messages (already queued, not to be sent again).
   */
  applyReviewInput(applicantId: string, input: EngineInput): Promise<Outgoing[]>;
  /**
   * What the chat would be shown again now (its conversation's `Engine.prompt`), in its language;
   * undefined when it has no conversation. Stands in for a live reply that was lost.
   */
  currentPrompt(chat: ChatAddress): Promise<{ lang: Lang; messages: Outgoing[] } | undefined>;
  /** Writes what is still queued (the sent-marks of live replies); call before closing the database. */
  close(): Promise<void>;
}

const MAX_ATTEMPTS = 5;
/** Optimistic tries of a chat step; after them it queues on the conversation's row lock instead. */
const GUARDED_ATTEMPTS = 2;

export function createApplicantService(deps: ApplicantServiceDeps): ApplicantService {
  const { db, engine } = deps;
  const now = deps.now ?? (() => new Date());
  const replyGraceMs = deps.replyGraceMs ?? 30_000;
  const onDriver = Boolean(db.pool || db.pglite);
  const cache = new ConversationCache();
  const marks = createReplyMarks(db, {
    ...(deps.onMarkError ? { onError: deps.onMarkError } : {}),
  });
  /** Single statements, each its own transaction, on the driver. */
  const autocommit: SqlSession = { query: (text, params) => runSqlStatement(db, text, params) };
  /**
   * Answers of different chats ready together are committed together. PostgreSQL keeps the plan
   * of a lone step's own statement (it is prepared); PGlite plans every statement it is sent, so
   * there a lone step goes through the batch function, whose plan the session keeps. PGlite runs
   * one statement at a time, in this process: a second statement would only wait inside it, while
   * the steps it holds could have joined the next batch.
   */
  const embedded = Boolean(db.pglite);
  const writer = createStepWriter(
    (writes) => commitGuardedSteps(autocommit, db.pii, writes, { loneStepAlone: !embedded }),
    embedded ? { maxInFlight: 1 } : {},
  );

  /** Where a live reply's outbox copy goes, if the channel delivers it itself. */
  function liveReply(request: ChatRequest, at: Date) {
    if (!request.deliver) return undefined;
    return {
      to: request.chat,
      orderKey: chatKey(request.chat),
      notBefore: new Date(at.getTime() + replyGraceMs),
      live: true,
    };
  }

  /**
   * The conversation's filing, unless the applicant started over after it went to the staff
   * (restart after submission): then a new draft.
   */
  async function filingFor(
    tx: Tx,
    applicantId: string,
    filingId: string | null,
    state: ConversationState | undefined,
  ): Promise<FilingRecord> {
    const existing = filingId ? await getFiling(tx, db.pii, filingId) : null;
    if (existing && keepsFiling(existing, state)) return existing;
    return createFiling(tx, db.pii, { applicantId, document: state?.filing ?? {} });
  }

  /**
   * One chat step from the chat's last snapshot (or one read), written in one guarded statement.
   * Otherwise where it must run instead: under the row lock (versions kept moving, or the step
   * needs more than one statement), in Prisma's transaction from the start (the submission hook
   * takes Prisma's tx).
   */
  async function guardedStep(
    request: ChatRequest,
  ): Promise<StepOutcome | { runUnder: 'row_lock' | 'prisma' }> {
    const key = chatKey(request.chat);
    for (let attempt = 1; attempt <= GUARDED_ATTEMPTS; attempt++) {
      let snapshot = cache.get(key);
      let newApplicant = false;
      if (!snapshot) {
        const read = await readChatSnapshot(autocommit, db.pii, request.chat, request.updateId ?? null);
        if (read.kind === 'duplicate') return { messages: [], replyId: null, lang: undefined };
        newApplicant = read.kind === 'unknown';
        snapshot =
          read.kind === 'found'
            ? read.snapshot
            : {
                applicantId: randomUUID(),
                applicantLang: request.chat.lang ?? 'zh',
                conversation: null,
                filing: null,
              };
      }
      const at = now();
      const before = snapshot.conversation?.state as ConversationState | undefined;
      const lang = request.chat.lang ?? snapshot.applicantLang;
      const facts = newApplicant
        ? undefined
        : await lookUpOrderFacts(autocommit, db.pii, {
            applicantId: snapshot.applicantId,
            filingId: snapshot.filing?.id ?? null,
            before,
            input: request.input,
          });
      const result = engine.step(before, request.input, facts ? { now: at, lang, facts } : { now: at, lang });
      const reply = liveReply(request, at);
      const plan = planStep({
        applicantId: snapshot.applicantId,
        before,
        filing: snapshot.filing,
        result,
        at,
        actor: 'applicant',
        ...(reply ? { reply } : {}),
      });
      // A submission hook takes Prisma's tx; a new draft submitted at once needs two statements.
      if (plan.submitting && deps.onSubmitted) return { runUnder: 'prisma' };
      if (plan.newFiling && plan.filingChanges) return { runUnder: 'row_lock' };

      const state = plan.state ?? result.state;
      const conversationId = snapshot.conversation?.id ?? randomUUID();
      const filingId = plan.filing?.id ?? null;
      const write: GuardedStepWrite = {
        chat: request.chat,
        applicantId: snapshot.applicantId,
        newApplicant,
        conversation: snapshot.conversation
          ? {
              kind: 'update',
              id: conversationId,
              version: snapshot.conversation.version,
              filingIdBefore: snapshot.conversation.filingId,
              state,
              filingId,
            }
          : { kind: 'insert', id: conversationId, state, filingId },
        lang: plan.lang,
        events: plan.events,
      };
      if (request.updateId !== undefined) write.updateId = request.updateId;
      if (plan.outbox) write.outbox = plan.outbox;
      if (plan.newFiling) write.filing = { kind: 'insert', ...plan.newFiling };
      else if (plan.filingChanges) write.filing = { kind: 'update', changes: plan.filingChanges };
      else if (plan.filing)
        write.filing = { kind: 'check', id: plan.filing.id, version: plan.filing.version };

      try {
        const committed = await writer.write(write);
        cache.set(key, nextSnapshot(snapshot.applicantId, plan, state, conversationId, committed));
        return { messages: result.messages, replyId: committed.outboxId, lang: plan.lang };
      } catch (error) {
        cache.delete(key);
        if (error instanceof DuplicateDelivery) return { messages: [], replyId: null, lang: undefined };
        if (!(error instanceof VersionConflict)) throw error;
      }
    }
    return { runUnder: 'row_lock' };
  }

  /** One engine step under the conversation's row lock; `tx` is set when it is a Prisma transaction. */
  async function lockedStep(sql: SqlSession, tx: Tx | undefined, request: StepRequest): Promise<StepOutcome> {
    const claim: ConversationClaim =
      request.from === 'chat'
        ? await claimChatConversation(sql, db.pii, request.chat, request.updateId)
        : await claimApplicantConversation(sql, db.pii, request.applicantId);
    if (claim.kind === 'duplicate') return { messages: [], replyId: null, lang: undefined };
    if (claim.kind === 'unknown') {
      if (request.from === 'chat') throw new UnknownChat();
      throw new Error(`no applicant ${request.applicantId}`);
    }
    const conversation = claim.conversation;
    const at = now();
    const before = conversation.state as ConversationState | undefined;
    const lang = (request.from === 'chat' ? request.chat.lang : undefined) ?? conversation.applicantLang;
    const facts = await lookUpOrderFacts(sql, db.pii, {
      applicantId: conversation.applicantId,
      filingId: conversation.filing?.id ?? null,
      before,
      input: request.input,
    });
    const result = engine.step(before, request.input, facts ? { now: at, lang, facts } : { now: at, lang });
    let reply: PlanInput['reply'];
    if (request.from === 'chat') {
      reply = liveReply(request, at);
    } else if (result.messages.length > 0) {
      const to = await latestChat(sql, conversation.applicantId);
      if (to) reply = { to, orderKey: `applicant:${conversation.applicantId}`, notBefore: at };
    }
    const plan = planStep({
      applicantId: conversation.applicantId,
      before,
      filing: conversation.filing,
      result,
      at,
      actor: request.from === 'chat' ? 'applicant' : 'system',
      ...(reply ? { reply } : {}),
    });
    // The submission hook takes Prisma's tx: roll this back and run the step again under Prisma.
    if (plan.submitting && deps.onSubmitted && !tx) throw new NeedsPrismaTransaction();

    if (plan.newFiling) {
      await insertFiling(sql, db.pii, { applicantId: conversation.applicantId, ...plan.newFiling });
    }
    const write: StepWrite = { applicantId: conversation.applicantId, events: plan.events };
    if (plan.state) {
      write.lang = plan.lang;
      write.conversation = {
        id: conversation.id,
        version: conversation.version,
        state: plan.state,
        filingId: plan.filing?.id ?? null,
      };
    }
    if (plan.filingChanges) write.filing = plan.filingChanges;
    if (plan.outbox) write.outbox = plan.outbox;
    const { outboxId } = await commitStep(sql, db.pii, write);

    if (
      plan.submitting &&
      tx &&
      deps.onSubmitted &&
      plan.filing &&
      plan.filingChanges?.status === 'submitted'
    ) {
      const record = await getFiling(tx, db.pii, plan.filing.id);
      if (!record) throw new Error(`filing ${plan.filing.id} vanished during submission`);
      await deps.onSubmitted(tx, {
        filing: record,
        applicantId: conversation.applicantId,
        state: result.state,
        now: at,
      });
    }
    return { messages: result.messages, replyId: outboxId, lang: result.state.lang };
  }

  /** Runs the step under the row lock: on the driver, under Prisma when it has to, again after a conflict. */
  async function lockedRun(request: StepRequest, underPrismaFirst = false): Promise<StepOutcome> {
    let underPrisma = underPrismaFirst || !onDriver;
    for (let attempt = 1; ; attempt++) {
      try {
        return underPrisma
          ? await runInTransaction(db, (tx) => lockedStep(prismaSession(tx), tx, request))
          : await runSqlTransaction(db, (sql) => lockedStep(sql, undefined, request));
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS) throw error;
        if (error instanceof NeedsPrismaTransaction) {
          underPrisma = true;
        } else if (error instanceof UnknownChat && request.from === 'chat') {
          await findOrCreateApplicantByChat(db.prisma, request.chat);
        } else if (!(error instanceof VersionConflict)) {
          // A staff action changed the filing between our read and write: run the step again.
          throw error;
        }
      }
    }
  }

  async function run(request: StepRequest): Promise<StepOutcome> {
    let underPrismaFirst = false;
    if (request.from === 'chat' && onDriver) {
      const done = await guardedStep(request);
      if ('messages' in done) return done;
      underPrismaFirst = done.runUnder === 'prisma';
    }
    try {
      const outcome = await lockedRun(request, underPrismaFirst);
      deps.onQueued?.();
      return outcome;
    } finally {
      // Written outside the guarded path: what the cache remembers of this applicant is old.
      if (request.from === 'chat') cache.delete(chatKey(request.chat));
      else cache.forgetApplicant(request.applicantId);
    }
  }

  return {
    async handleInput(chat, input, options = {}) {
      const { messages, replyId, lang } = await run({
        from: 'chat',
        chat,
        input,
        ...(options.updateId !== undefined ? { updateId: options.updateId } : {}),
        deliver: options.deliver !== undefined,
      });
      if (options.deliver && messages.length > 0) {
        await options.deliver(messages, lang ?? chat.lang ?? 'zh', replyId !== null);
        if (replyId !== null) marks.mark(replyId, now());
      }
      return messages;
    },

    close: () => marks.flush(),

    async currentPrompt(chat) {
      const read = await readChatSnapshot(autocommit, db.pii, chat, null);
      const state =
        read.kind === 'found'
          ? (read.snapshot.conversation?.state as ConversationState | undefined)
          : undefined;
      if (!state) return undefined;
      return { lang: state.lang, messages: engine.prompt(state, { now: now() }) };
    },

    async applyReviewInput(applicantId, input) {
      const { messages } = await run({ from: 'review', applicantId, input });
      return messages;
    },

    async currentFiling(chat) {
      const { applicant } = await findOrCreateApplicantByChat(db.prisma, chat);
      try {
        return await runInTransaction(db, async (tx) => {
          const conversation = await lockConversation(tx, db.pii, applicant.id);
          const state = conversation.state as ConversationState | undefined;
          const filing = await filingFor(tx, applicant.id, conversation.filingId, state);
          if (filing.id !== conversation.filingId) {
            if (state === undefined) {
              await tx.conversation.update({ where: { id: conversation.id }, data: { filingId: filing.id } });
            } else {
              await conversation.save(state, { filingId: filing.id });
            }
          }
          return { applicantId: applicant.id, filingId: filing.id };
        });
      } finally {
        cache.forgetApplicant(applicant.id);
      }
    },
  };
}

/** What the cache keeps after a guarded step committed: the state and versions it wrote. */
function nextSnapshot(
  applicantId: string,
  plan: StepPlan,
  state: ConversationState,
  conversationId: string,
  committed: { conversationVersion: number; filingVersion: number | null },
): ConversationSnapshot {
  const filing = plan.filing;
  return {
    applicantId,
    applicantLang: plan.lang,
    conversation: {
      id: conversationId,
      version: committed.conversationVersion,
      filingId: filing?.id ?? null,
      state,
    },
    filing: filing && {
      id: filing.id,
      status: plan.filingChanges?.status ?? filing.status,
      version: committed.filingVersion ?? filing.version,
      document: plan.filingChanges?.document !== undefined ? plan.filingChanges.document : filing.document,
    },
  };
}

type ChatRequest = {
  from: 'chat';
  chat: ChatAddress;
  input: EngineInput;
  updateId?: string;
  deliver: boolean;
};
type StepRequest = ChatRequest | { from: 'review'; applicantId: string; input: EngineInput };

interface StepOutcome {
  messages: Outgoing[];
  replyId: bigint | null;
  /** The conversation's language after the step (undefined for a redelivered update). */
  lang: Lang | undefined;
}

/** The step must run in a Prisma transaction (the submission hook needs `tx`). */
class NeedsPrismaTransaction extends Error {}
/** No applicant behind the chat yet: create one outside the transaction, then run again. */
class UnknownChat extends Error {}

/**
 * The one entry every applicant channel (Telegram, console) uses: find the applicant behind the
 * chat, run one engine step under the conversation's row lock, and commit the new state, the
 * filing draft, the events and the reply (as an outbox row) in one transaction before anything
 * is shown. Two inputs for one applicant queue on the lock; neither is lost.
 *
 * The step runs straight on the database driver (src/db/conversation-step.ts: two statements
 * between BEGIN and COMMIT), not through Prisma, which costs about a millisecond a statement.
 * Only a submission with a hook runs in a Prisma transaction, because the hook takes Prisma's tx.
 */
import type { ConversationState, Engine, EngineInput, Outgoing } from '../conversation/types.ts';
import { type ChatRef, findOrCreateApplicantByChat, type Lang } from '../db/applicants.ts';
import {
  type ClaimedConversation,
  type ConversationClaim,
  claimApplicantConversation,
  claimChatConversation,
  commitStep,
  type FilingHead,
  insertFiling,
  latestChat,
  markReplySent,
  type StepWrite,
} from '../db/conversation-step.ts';
import { lockConversation } from '../db/conversations.ts';
import { type Database, runInTransaction, type Tx } from '../db/database.ts';
import { VersionConflict } from '../db/errors.ts';
import { createFiling, type FilingRecord, getFiling } from '../db/filings.ts';
import { prismaSession, runSqlTransaction, type SqlSession } from '../db/sql-session.ts';

export interface ChatAddress extends ChatRef {
  /** The chat's language hint (Telegram language_code) for a brand-new applicant. */
  lang?: Lang;
}

/** Topic of the reply rows; the notify worker sends the ones a channel did not confirm. */
export const CHAT_REPLY_TOPIC = 'chat_reply';

export interface ChatReplyPayload {
  channel: ChatRef['channel'];
  chatId: string;
  lang: Lang;
  messages: Outgoing[];
}

export interface HandleOptions {
  /**
   * Sends the messages (called after the commit). When it resolves the reply row is marked sent;
   * when it throws (or the process dies first) the row stays and the notify worker sends it
   * after `replyGraceMs`. Without it, no reply row is written: the caller shows the messages.
   */
  deliver?: (messages: Outgoing[], lang: Lang) => Promise<void>;
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
  engine: Pick<Engine, 'step'>;
  now?: () => Date;
  onSubmitted?: OnSubmitted;
  /** How long a reply handed to `deliver` may take before the worker sends it instead. */
  replyGraceMs?: number;
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
}

/** Filings the applicant may still change; any other status is with the staff. */
const EDITABLE = new Set(['draft', 'changes_requested']);
/** Phases of a conversation whose filing is with the staff: it keeps that filing whatever its status. */
const WITH_STAFF = new Set<string>(['submitted', 'changes']);
const MAX_ATTEMPTS = 5;

export function createApplicantService(deps: ApplicantServiceDeps): ApplicantService {
  const { db, engine } = deps;
  const now = deps.now ?? (() => new Date());
  const replyGraceMs = deps.replyGraceMs ?? 30_000;

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

  /** One engine step in the caller's transaction; `tx` is set when it is a Prisma transaction. */
  async function stepIn(sql: SqlSession, tx: Tx | undefined, request: StepRequest): Promise<StepOutcome> {
    const claim: ConversationClaim =
      request.from === 'chat'
        ? await claimChatConversation(sql, db.pii, request.chat, request.updateId)
        : await claimApplicantConversation(sql, db.pii, request.applicantId);
    if (claim.kind === 'duplicate') return { messages: [], replyId: null, lang: undefined };
    if (claim.kind === 'unknown') {
      if (request.from === 'chat') throw new UnknownChat();
      throw new Error(`no applicant ${request.applicantId}`);
    }
    const conversation: ClaimedConversation = claim.conversation;
    const at = now();
    const before = conversation.state as ConversationState | undefined;
    const lang = (request.from === 'chat' ? request.chat.lang : undefined) ?? conversation.applicantLang;
    const result = engine.step(before, request.input, { now: at, lang });
    const state = result.state;
    const submitting = state.phase === 'submitted' && before?.phase !== 'submitted';
    // The submission hook takes Prisma's tx: roll this back and run the step again under Prisma.
    if (submitting && deps.onSubmitted && !tx) throw new NeedsPrismaTransaction();

    // Review input for an applicant who never started a conversation: nothing to keep but the log.
    const keepsState = before !== undefined || request.from === 'chat';
    let filing: FilingHead | null = conversation.filing;
    if (!(filing && keepsFiling(filing, state)) && keepsState) {
      filing = await insertFiling(sql, db.pii, {
        applicantId: conversation.applicantId,
        document: state.filing,
      });
    }
    const write: StepWrite = {
      applicantId: conversation.applicantId,
      events: result.events.map((event) => ({
        filingId: filing?.id ?? null,
        applicantId: conversation.applicantId,
        actor: request.from === 'chat' ? 'applicant' : 'system',
        type: event.type,
        data: event.data ?? {},
        at,
      })),
    };
    if (keepsState) {
      write.lang = state.lang;
      write.conversation = {
        id: conversation.id,
        version: conversation.version,
        state,
        filingId: filing?.id ?? null,
      };
    }
    if (filing && EDITABLE.has(filing.status)) {
      const changes: StepWrite['filing'] = { id: filing.id, version: filing.version };
      if (JSON.stringify(filing.document) !== JSON.stringify(state.filing)) changes.document = state.filing;
      if (submitting) Object.assign(changes, { status: 'submitted', submittedAt: at });
      if (Object.keys(changes).length > 2) write.filing = changes;
    }
    if (result.messages.length > 0) {
      const payload = (to: ChatRef): ChatReplyPayload => ({
        channel: to.channel,
        chatId: to.chatId,
        lang: state.lang,
        messages: result.messages,
      });
      if (request.from === 'chat' && request.deliver) {
        write.outbox = {
          topic: CHAT_REPLY_TOPIC,
          orderKey: `${request.chat.channel}:${request.chat.chatId}`,
          payload: payload(request.chat),
          notBefore: new Date(at.getTime() + replyGraceMs),
          seal: true,
        };
      } else if (request.from === 'review') {
        const to = await latestChat(sql, conversation.applicantId);
        if (to) {
          write.outbox = {
            topic: CHAT_REPLY_TOPIC,
            orderKey: `applicant:${conversation.applicantId}`,
            payload: payload(to),
            notBefore: at,
            seal: true,
          };
        }
      }
    }
    const { outboxId } = await commitStep(sql, db.pii, write);

    if (submitting && tx && deps.onSubmitted && filing && write.filing?.status === 'submitted') {
      const record = await getFiling(tx, db.pii, filing.id);
      if (!record) throw new Error(`filing ${filing.id} vanished during submission`);
      await deps.onSubmitted(tx, { filing: record, applicantId: conversation.applicantId, state, now: at });
    }
    return { messages: result.messages, replyId: outboxId, lang: state.lang };
  }

  /** Runs the step on the driver, under Prisma when it has to, again after a version conflict. */
  async function run(request: StepRequest): Promise<StepOutcome> {
    let underPrisma = !(db.pool || db.pglite);
    for (let attempt = 1; ; attempt++) {
      try {
        return underPrisma
          ? await runInTransaction(db, (tx) => stepIn(prismaSession(tx), tx, request))
          : await runSqlTransaction(db, (sql) => stepIn(sql, undefined, request));
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
        await options.deliver(messages, lang ?? chat.lang ?? 'zh');
        if (replyId !== null) await markReplySent(db, replyId, now());
      }
      return messages;
    },

    async applyReviewInput(applicantId, input) {
      const { messages } = await run({ from: 'review', applicantId, input });
      return messages;
    },

    async currentFiling(chat) {
      const { applicant } = await findOrCreateApplicantByChat(db.prisma, chat);
      return runInTransaction(db, async (tx) => {
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
    },
  };
}

/** The filing stays the conversation's while the applicant may change it or it is with the staff. */
function keepsFiling(filing: { status: string }, state: ConversationState | undefined): boolean {
  return EDITABLE.has(filing.status) || state === undefined || WITH_STAFF.has(state.phase);
}

type StepRequest =
  | { from: 'chat'; chat: ChatAddress; input: EngineInput; updateId?: string; deliver: boolean }
  | { from: 'review'; applicantId: string; input: EngineInput };

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

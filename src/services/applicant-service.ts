/**
 * The one entry every applicant channel (Telegram, console) uses: find the applicant behind the
 * chat, run one engine step under the conversation's row lock, and commit the new state, the
 * filing draft, the events and the reply (as an outbox row) in one transaction before anything
 * is shown. Two inputs for one applicant queue on the lock; neither is lost.
 */
import type { ConversationState, Engine, EngineInput, Outgoing } from '../conversation/types.ts';
import { type ChatRef, findOrCreateApplicantByChat, type Lang } from '../db/applicants.ts';
import { lockConversation } from '../db/conversations.ts';
import { type Database, runInTransaction, type Tx } from '../db/database.ts';
import { VersionConflict } from '../db/errors.ts';
import { appendEvents } from '../db/events.ts';
import { createFiling, type FilingRecord, getFiling, updateFiling } from '../db/filings.ts';
import { enqueueOutbox, markOutboxSent } from '../db/outbox.ts';
import { markProcessed } from '../db/processed-updates.ts';

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
  deliver?: (messages: Outgoing[]) => Promise<void>;
  /** Channel delivery id (Telegram update_id): a redelivered one returns [] and changes nothing. */
  updateId?: string;
}

/** Runs inside the submission's transaction (issue 5 plugs the review workflow in here). */
export type OnSubmitted = (
  tx: Tx,
  submission: { filing: FilingRecord; applicantId: string; state: ConversationState; now: Date },
) => Promise<void>;

export interface ApplicantServiceDeps {
  db: Pick<Database, 'prisma' | 'pii'>;
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
    if (existing && (EDITABLE.has(existing.status) || state === undefined || WITH_STAFF.has(state.phase))) {
      return existing;
    }
    return createFiling(tx, db.pii, { applicantId, document: state?.filing ?? {} });
  }

  async function step(chat: ChatAddress, input: EngineInput, options: HandleOptions) {
    const { applicant } = await findOrCreateApplicantByChat(db.prisma, chat);
    return runInTransaction(db, async (tx) => {
      if (options.updateId !== undefined && !(await markProcessed(tx, chat.channel, options.updateId))) {
        return { messages: [] as Outgoing[], replyId: null };
      }
      const at = now();
      const conversation = await lockConversation(tx, db.pii, applicant.id);
      const before = conversation.state as ConversationState | undefined;
      const result = engine.step(before, input, { now: at, lang: chat.lang ?? (applicant.lang as Lang) });
      const state = result.state;

      let filing = await filingFor(tx, applicant.id, conversation.filingId, state);
      if (EDITABLE.has(filing.status) && JSON.stringify(filing.document) !== JSON.stringify(state.filing)) {
        filing = await updateFiling(tx, db.pii, filing.id, filing.version, { document: state.filing });
      }
      if (state.phase === 'submitted' && before?.phase !== 'submitted' && EDITABLE.has(filing.status)) {
        filing = await updateFiling(tx, db.pii, filing.id, filing.version, {
          status: 'submitted',
          submittedAt: at,
        });
        await deps.onSubmitted?.(tx, { filing, applicantId: applicant.id, state, now: at });
      }
      await appendEvents(
        tx,
        db.pii,
        result.events.map((event) => ({
          filingId: filing.id,
          applicantId: applicant.id,
          actor: 'applicant',
          type: event.type,
          data: event.data ?? {},
          at,
        })),
      );
      if (state.lang !== applicant.lang) {
        await tx.applicant.update({ where: { id: applicant.id }, data: { lang: state.lang } });
      }
      await conversation.save(state, { filingId: filing.id });

      let replyId: bigint | null = null;
      if (options.deliver && result.messages.length > 0) {
        const payload: ChatReplyPayload = {
          channel: chat.channel,
          chatId: chat.chatId,
          lang: state.lang,
          messages: result.messages,
        };
        replyId = await enqueueOutbox(tx, db.pii, {
          topic: CHAT_REPLY_TOPIC,
          orderKey: `${chat.channel}:${chat.chatId}`,
          payload,
          notBefore: new Date(at.getTime() + replyGraceMs),
          seal: true,
        });
      }
      return { messages: result.messages, replyId };
    });
  }

  return {
    async handleInput(chat, input, options = {}) {
      for (let attempt = 1; ; attempt++) {
        try {
          const { messages, replyId } = await step(chat, input, options);
          if (options.deliver && messages.length > 0) {
            await options.deliver(messages);
            if (replyId !== null) await markOutboxSent(db.prisma, replyId, now());
          }
          return messages;
        } catch (error) {
          // A staff action changed the filing between our read and write: run the step again.
          if (!(error instanceof VersionConflict) || attempt >= MAX_ATTEMPTS) throw error;
        }
      }
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

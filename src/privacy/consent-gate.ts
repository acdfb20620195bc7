/**
 * The consent step in front of registration: until the chat has agreed to both texts of the
 * current version, every input is answered here, and nothing but the decision is written (no
 * applicant row, no chat identity, no answer). Runs before the account step, outside the engine,
 * so the form's own first question can change freely.
 */
import type { EngineInput, Outgoing } from '../conversation/types.ts';
import type { ChatRef } from '../db/applicants.ts';
import { type Database, runInTransaction } from '../db/database.ts';
import { markProcessed } from '../db/processed-updates.ts';
import { isLang, type Lang } from '../i18n/index.ts';
import { readConsents, recordConsent } from './consent-store.ts';
import {
  type ConsentDecision,
  consentQuestion,
  consentStanding,
  isConsentToken,
  type RetentionDays,
  refusedText,
  scopeOfConsentToken,
  typedDecision,
} from './rules/consent.ts';

export type GateResult =
  | { handled: false }
  /** `given`: the last consent was just given; the caller goes on to the account step. */
  | { handled: true; lang: Lang; messages: Outgoing[]; given?: true };

export interface ConsentGate {
  /**
   * With `updateId`, an input the gate answers is marked processed (with the decision it records,
   * in one transaction): a redelivery, on this instance or another, gets no messages.
   */
  handle(
    chat: ChatRef & { lang?: Lang },
    input: EngineInput,
    options?: { updateId?: string },
  ): Promise<GateResult>;
}

export function createConsentGate(deps: {
  db: Pick<Database, 'prisma'>;
  now: () => Date;
  retention: RetentionDays;
}): ConsentGate {
  const { db } = deps;

  /** The chat's language: its account's if it has one (a new text version), else the channel's hint. */
  async function langOf(chat: ChatRef & { lang?: Lang }, input: EngineInput): Promise<Lang> {
    if (input.type === 'command' && input.command === 'lang' && isLang(input.arg)) return input.arg;
    const identity = await db.prisma.chatIdentity.findUnique({
      where: { channel_chatId: { channel: chat.channel, chatId: chat.chatId } },
      select: { applicant: { select: { lang: true } } },
    });
    const stored = identity?.applicant.lang;
    return isLang(stored) ? stored : (chat.lang ?? 'zh');
  }

  return {
    async handle(chat, input, options = {}) {
      const { updateId } = options;
      const standing = consentStanding(await readConsents(db.prisma, chat));
      if (standing.kind === 'given') {
        // A press on an old consent button after consenting: nothing to do but say so.
        if (input.type === 'choice' && isConsentToken(input.token)) {
          return { handled: true, lang: await langOf(chat, input), messages: [], given: true };
        }
        return { handled: false };
      }
      const lang = await langOf(chat, input);
      let decision: ConsentDecision | undefined;
      if (input.type === 'choice' && isConsentToken(input.token)) {
        // A button of the other question or of an older text version is stale: ask again.
        if (scopeOfConsentToken(input.token) === standing.scope)
          decision = input.value === 'agreed' ? 'agreed' : input.value === 'refused' ? 'refused' : undefined;
      } else if (input.type === 'text') {
        decision = typedDecision(input.text);
      }
      if (!decision) {
        const lead: Outgoing[] =
          input.type === 'text' ? [{ type: 'info', text: { key: 'privacy:consent.choose' } }] : [];
        if (updateId !== undefined && !(await markProcessed(db.prisma, chat.channel, updateId)))
          return { handled: true, lang, messages: [] };
        return { handled: true, lang, messages: [...lead, consentQuestion(standing.scope, deps.retention)] };
      }
      const record = { scope: standing.scope, decision, lang, at: deps.now() };
      // The update is claimed first in the transaction: seen before, there is nothing to undo.
      const recorded = await runInTransaction(db, async (tx) => {
        if (updateId !== undefined && !(await markProcessed(tx, chat.channel, updateId))) return false;
        await recordConsent(tx, chat, record);
        return true;
      });
      if (!recorded) return { handled: true, lang, messages: [] };
      if (decision === 'refused')
        return { handled: true, lang, messages: [{ type: 'info', text: refusedText() }] };
      if (standing.scope === 'general') {
        return { handled: true, lang, messages: [consentQuestion('sensitive', deps.retention)] };
      }
      return {
        handled: true,
        lang,
        given: true,
        messages: [{ type: 'info', text: { key: 'privacy:consent.thanks' } }],
      };
    },
  };
}

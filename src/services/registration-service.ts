/**
 * Registration in the chat (issue 6): before the first filing question the applicant gives an
 * account email and proves it with a 6-digit code. Called by the applicant service (or the
 * channel wiring) BEFORE the conversation engine: when it answers `handled: true` the engine is not
 * run; `verified: true` means the account just became usable, and the caller runs the engine's
 * `start` to ask the first filing question.
 *
 * Decisions:
 * - The code mail goes through the outbox (topic `email`, sealed payload: the code is encrypted at
 *   rest, and only its scrypt hash is in `email_verifications`), so it survives a restart and is
 *   retried while the SMTP server is down. `onQueued` wakes the worker right after the commit.
 * - One email, one chat: verifying an address that another account already holds moves this chat
 *   to that account (the code proves control of the mailbox, which is what the account is), and
 *   unlinks every other chat from it. So a person moving from the console to Telegram keeps their
 *   filing, and nobody reaches an account without a code sent to its address. The chat's earlier,
 *   now empty account is left as it was.
 * - A pending change of a verified address holds the chat (other input gets the code reminder)
 *   until the code is typed, a new one asked for, or `/cancel` sent; the old address stays the
 *   account's until the new one is verified. (A 6-digit answer such as a postal code would
 *   otherwise be ambiguous.)
 * - Audit: `account.*` events with the address masked.
 */
import {
  type AccountProblem,
  accountProblem,
  askCodeText,
  askEmailText,
  askNewEmailText,
} from '../account/account-texts.ts';
import { ADDRESS_LIMITS } from '../account/address-limits.ts';
import { checkAccountEmail, emailAccountKey } from '../account/email-address.ts';
import { CODE_TTL_MINUTES, checkCode, startVerification } from '../account/email-verification.ts';
import { type AccountCommand, parseAccountCommand } from '../account/registration-commands.ts';
import { codeHashColumn, stateFromRows } from '../account/registration-state.ts';
import type { EngineInput, Outgoing } from '../conversation/types.ts';
import {
  type AddressMove,
  pendingMoveOfAddress,
  pendingMoveOfChat,
  pendingMoveOfHolder,
  resolveMove,
} from '../db/address-guards.ts';
import {
  type Applicant,
  applicantEmail,
  type ChatRef,
  findApplicantByEmail,
  findOrCreateApplicantByChat,
  moveChatIdentity,
  setApplicantLang,
  setVerifiedEmail,
} from '../db/applicants.ts';
import { type Database, runInTransaction, type Tx } from '../db/database.ts';
import {
  consumeVerification,
  createEmailVerification,
  latestOpenVerification,
  recordWrongCode,
} from '../db/email-verifications.ts';
import { appendEvent } from '../db/events.ts';
import { claimUpdate, UpdateProcessedBefore } from '../db/processed-updates.ts';
import { isLang, type Lang, type Text } from '../i18n/index.ts';
import { maskEmail } from '../logger.ts';
import { enqueueEmail } from '../notify/email-payload.ts';
import { countWrongCode, guardCodeCheck, guardCodeMail } from './address-guard.ts';
import { completeMove, moveByRefusalCode, moveUntilText, openMove, refuseMove } from './address-move.ts';

const HOUR_MS = 60 * 60 * 1000;

export type RegistrationInput =
  | EngineInput
  /** A channel that parses the account commands itself. */
  | { type: 'account'; command: 'email' | 'resend'; arg?: string };

export type RegistrationResult =
  | {
      handled: true;
      applicantId: string;
      lang: Lang;
      messages: Outgoing[];
      verified?: true;
      /** With `verified`: the address just proved (the conversation offers it as the principal's email). */
      email?: string;
    }
  | { handled: false; applicantId: string; lang: Lang };

export interface RegistrationDeps {
  db: Pick<Database, 'prisma' | 'pii' | 'addressKey'>;
  now: () => Date;
  /** Called after a commit that queued a code mail (the notifier's `wake`). */
  onQueued?: () => void;
  /** Tests inject the code; the default draws it from the OS CSPRNG. */
  randomCode?: () => string;
}

export interface RegistrationService {
  /**
   * With `updateId`, an input this step handles is marked processed in the step's own transaction
   * (the mark the engine's answers use): a redelivery, on this instance or another, is handled
   * with no messages and changes nothing (one code mail per address typed).
   */
  handle(
    chat: ChatRef & { lang?: Lang },
    input: RegistrationInput,
    options?: { updateId?: string },
  ): Promise<RegistrationResult>;
  /** Completes an address move whose grace period is over (the `address_move_due` outbox row). */
  completeDueMove(moveId: string): Promise<'done' | 'not_due' | 'settled'>;
}

type Step = { messages: Outgoing[]; verified?: true; email?: string; queued?: true } | undefined;

const info = (text: Text): Outgoing => ({ type: 'info', text });
const problemMessage = (problem: AccountProblem): Outgoing => ({
  type: 'error',
  problems: [{ text: problem.text }],
});

function accountCommandOf(input: RegistrationInput): AccountCommand | undefined {
  if (input.type === 'account') {
    if (input.command === 'resend') return { command: 'resend' };
    return input.arg ? { command: 'email', arg: input.arg } : { command: 'email' };
  }
  return input.type === 'text' ? parseAccountCommand(input.text) : undefined;
}

export function createRegistrationService(deps: RegistrationDeps): RegistrationService {
  const { db } = deps;

  async function lockApplicant(tx: Tx, id: string): Promise<Applicant> {
    // Two inputs of one applicant at once would both read "no code sent" and send two.
    await tx.$queryRaw`SELECT id FROM applicants WHERE id = ${id}::uuid FOR UPDATE`;
    return tx.applicant.findUniqueOrThrow({ where: { id } });
  }

  async function audit(tx: Tx, applicant: Applicant, type: string, email: string | undefined, now: Date) {
    await appendEvent(tx, db.pii, {
      applicantId: applicant.id,
      actor: 'applicant',
      type: `account.${type}`,
      data: email ? { email: maskEmail(email) } : {},
      at: now,
    });
  }

  /** A pending "which address instead?" after a bare `/email` from a verified account. */
  async function awaitingNewAddress(tx: Tx, applicant: Applicant): Promise<boolean> {
    const last = await tx.event.findFirst({
      where: { applicantId: applicant.id, type: { startsWith: 'account.' } },
      orderBy: { id: 'desc' },
      select: { type: true },
    });
    return last?.type === 'account.change_requested';
  }

  async function sendCode(
    tx: Tx,
    applicant: Applicant,
    lang: Lang,
    email: string | undefined,
    now: Date,
  ): Promise<Step> {
    const open = await latestOpenVerification(tx, db.pii, applicant.id);
    const recent = await tx.emailVerification.findMany({
      where: { applicantId: applicant.id, createdAt: { gt: new Date(now.getTime() - HOUR_MS) } },
      select: { createdAt: true },
    });
    const state = stateFromRows(open, recent, now);
    const address = email ?? open?.email;
    if (!address) return { messages: [info(askEmailText())] };
    const started = startVerification(state, address, {
      now,
      ...(deps.randomCode ? { randomCode: deps.randomCode } : {}),
    });
    if (!started.ok) return { messages: [problemMessage(started.problem)] };
    // Counted on the address too: every new chat is a new applicant, the address is not.
    const blocked = await guardCodeMail(tx, db, started.state.email, now);
    if (blocked) return { messages: [problemMessage(blocked)] };
    if (open) await consumeVerification(tx, open.id, now);
    const row = await createEmailVerification(tx, db.pii, {
      applicantId: applicant.id,
      email: started.state.email,
      codeHash: codeHashColumn(started.state),
      expiresAt: new Date(started.state.expiresAt!),
      now,
    });
    await enqueueEmail(tx, db.pii, {
      applicantId: applicant.id,
      payload: {
        kind: 'verification_code',
        to: started.state.email,
        lang,
        code: started.code,
        minutes: CODE_TTL_MINUTES,
      },
      dedupeKey: `verification:${row.id}`,
    });
    await audit(tx, applicant, 'code_sent', started.state.email, now);
    return { messages: [info(started.text)], queued: true };
  }

  /** The code is right: the address becomes the account's, and this chat its only chat. */
  async function link(
    tx: Tx,
    chat: ChatRef,
    applicant: Applicant,
    email: string,
    now: Date,
  ): Promise<string> {
    const key = emailAccountKey(email);
    const holder = await findApplicantByEmail(tx, deps.db.pii, key);
    const accountId = holder && holder.id !== applicant.id ? holder.id : applicant.id;
    // The holder already has this address: for it, only the verification time changes.
    await setVerifiedEmail(tx, deps.db.pii, accountId, key, now);
    if (accountId !== applicant.id) await moveChatIdentity(tx, chat, accountId);
    const others = await tx.chatIdentity.deleteMany({
      where: { applicantId: accountId, NOT: { channel: chat.channel, chatId: chat.chatId } },
    });
    const target = accountId === applicant.id ? applicant : (holder as Applicant);
    await audit(tx, target, accountId === applicant.id ? 'verified' : 'linked', email, now);
    if (others.count > 0) await audit(tx, target, 'other_chats_unlinked', undefined, now);
    return accountId;
  }

  /**
   * The address already belongs to another account with a chat: the right code only opens a move
   * that its current chat and mailbox can refuse (address-move.ts). Undefined: nothing to guard.
   */
  async function guardedMove(
    tx: Tx,
    chat: ChatRef,
    applicant: Applicant,
    email: string,
    now: Date,
  ): Promise<Step> {
    const holder = await findApplicantByEmail(tx, db.pii, emailAccountKey(email));
    if (!holder || holder.id === applicant.id || !holder.emailVerifiedAt) return undefined;
    if ((await tx.chatIdentity.count({ where: { applicantId: holder.id } })) === 0) return undefined;
    const pending = await pendingMoveOfAddress(tx, db.addressKey(email));
    if (pending) {
      return {
        messages: [
          info({ key: 'registration:move.already_pending', params: { until: moveUntilText(pending) } }),
        ],
      };
    }
    const move = await openMove(tx, db, { holder, requester: applicant, chat, email, now });
    await audit(tx, applicant, 'move_requested', email, now);
    return {
      messages: [info({ key: 'registration:move.pending', params: { until: moveUntilText(move) } })],
      queued: true,
    };
  }

  /** This chat waits for a move of an address to it: complete it when due, else say until when. */
  async function waitingChat(tx: Tx, move: AddressMove, input: RegistrationInput, now: Date): Promise<Step> {
    if (move.effectiveAt.getTime() <= now.getTime()) {
      const accountId = await completeMove(tx, db, move, now);
      if (accountId)
        return { messages: [info({ key: 'registration:linked' })], verified: true, queued: true };
      return { messages: [info({ key: 'registration:move.void' }), info(askEmailText())], queued: true };
    }
    if (input.type === 'command' && input.command === 'cancel') {
      await resolveMove(tx, move.id, 'cancelled', now);
      return { messages: [info({ key: 'registration:move.cancelled' })] };
    }
    return { messages: [info({ key: 'registration:move.pending', params: { until: moveUntilText(move) } })] };
  }

  /** `/refuse` (the holder's chat) or `/refuse <code>` (the mailed code, any chat). */
  async function refuse(tx: Tx, applicant: Applicant, code: string | undefined, now: Date): Promise<Step> {
    const move = code ? await moveByRefusalCode(tx, code) : await pendingMoveOfHolder(tx, applicant.id);
    if (!move) {
      return {
        messages: [
          problemMessage({
            code: 'account.no_code',
            text: { key: code ? 'registration:move.refuse_unknown' : 'registration:move.nothing_to_refuse' },
          }),
        ],
      };
    }
    await refuseMove(tx, db, move, now);
    return { messages: [info({ key: 'registration:move.refused' })], queued: true };
  }

  async function enterCode(
    tx: Tx,
    chat: ChatRef,
    applicant: Applicant,
    lang: Lang,
    text: string,
    now: Date,
  ): Promise<Step> {
    const open = await latestOpenVerification(tx, db.pii, applicant.id);
    if (open) {
      const blocked = await guardCodeCheck(tx, db, open.email, now);
      if (blocked) return { messages: [problemMessage(blocked)] };
    }
    const state = stateFromRows(open, [], now);
    const result = checkCode(state, text, { now });
    if (!result.ok) {
      if (open && result.state && result.state.wrongTries > open.wrongTries) {
        await recordWrongCode(tx, open.id);
        const holder = await findApplicantByEmail(tx, db.pii, emailAccountKey(open.email));
        const mailLang: Lang = holder && isLang(holder.lang) ? holder.lang : lang;
        const locked = await countWrongCode(tx, db, {
          email: open.email,
          applicantId: holder?.id ?? applicant.id,
          lang: mailLang,
          now,
        });
        if (locked) {
          await audit(tx, applicant, 'address_locked', open.email, now);
          return {
            messages: [
              problemMessage(accountProblem('account.address_locked', { hours: ADDRESS_LIMITS.lockHours })),
            ],
            queued: true,
          };
        }
      }
      return { messages: [problemMessage(result.problem)] };
    }
    await consumeVerification(tx, open!.id, now);
    const guarded = await guardedMove(tx, chat, applicant, result.email, now);
    if (guarded) return guarded;
    const accountId = await link(tx, chat, applicant, result.email, now);
    const messages: Outgoing[] = [info(result.text)];
    if (accountId !== applicant.id) messages.push(info({ key: 'registration:linked' }));
    return { messages, verified: true, email: result.email };
  }

  async function step(
    tx: Tx,
    chat: ChatRef,
    applicant: Applicant,
    lang: Lang,
    input: RegistrationInput,
  ): Promise<Step> {
    const now = deps.now();
    const verified = applicant.email !== null && applicant.emailVerifiedAt !== null;
    const command = accountCommandOf(input);
    if (command?.command === 'refuse') return refuse(tx, applicant, command.arg, now);
    const waiting = await pendingMoveOfChat(tx, chat);
    if (waiting && waiting.requesterId === applicant.id) return waitingChat(tx, waiting, input, now);
    const open = await latestOpenVerification(tx, db.pii, applicant.id);

    if (command?.command === 'resend') {
      if (!open && verified)
        return {
          messages: [
            info({
              key: 'registration:already_verified',
              params: { email: maskEmail(applicantEmail(deps.db.pii, applicant)!) },
            }),
          ],
        };
      return sendCode(tx, applicant, lang, undefined, now);
    }
    if (command?.command === 'email') {
      if (!command.arg) {
        if (open) await consumeVerification(tx, open.id, now);
        await audit(tx, applicant, 'change_requested', undefined, now);
        return { messages: [info(verified ? askNewEmailText() : askEmailText())] };
      }
      return newAddress(tx, applicant, lang, command.arg, now);
    }

    const cancel = input.type === 'command' && input.command === 'cancel';
    if (verified) {
      const changing = open !== null || (await awaitingNewAddress(tx, applicant));
      if (!changing) return undefined;
      if (cancel) {
        if (open) await consumeVerification(tx, open.id, now);
        await audit(tx, applicant, 'change_cancelled', undefined, now);
        return {
          messages: [
            info({
              key: 'registration:change_cancelled',
              params: { email: maskEmail(applicantEmail(deps.db.pii, applicant)!) },
            }),
          ],
        };
      }
      if (!open)
        return input.type === 'text'
          ? newAddress(tx, applicant, lang, input.text, now)
          : { messages: [info(askNewEmailText())] };
      return input.type === 'text'
        ? enterCode(tx, chat, applicant, lang, input.text, now)
        : { messages: [info(askCodeText(open.email))] };
    }

    // Not registered yet: the chat belongs to registration until the code is right.
    if (input.type === 'command' && input.command === 'lang') {
      const next: Lang = isLang(input.arg) ? input.arg : lang === 'zh' ? 'en' : 'zh';
      await setApplicantLang(tx, applicant.id, next);
      return { messages: [info(open ? askCodeText(open.email) : askEmailText())] };
    }
    if (!open) {
      return input.type === 'text'
        ? newAddress(tx, applicant, lang, input.text, now)
        : { messages: [info(askEmailText())] };
    }
    if (input.type !== 'text') return { messages: [info(askCodeText(open.email))] };
    // An address typed instead of the code: the applicant noticed a typo. Send there instead.
    if (input.text.includes('@') || input.text.includes('＠'))
      return newAddress(tx, applicant, lang, input.text, now);
    return enterCode(tx, chat, applicant, lang, input.text, now);
  }

  async function newAddress(
    tx: Tx,
    applicant: Applicant,
    lang: Lang,
    text: string,
    now: Date,
  ): Promise<Step> {
    const address = checkAccountEmail(text);
    if (!address.ok) {
      return {
        messages: [{ type: 'error', problems: [{ text: { key: 'account:problems.email_invalid' } }] }],
      };
    }
    if (
      applicant.emailVerifiedAt &&
      applicant.emailHash !== null &&
      deps.db.pii.searchHashes(emailAccountKey(address.value)).includes(applicant.emailHash)
    ) {
      const open = await latestOpenVerification(tx, db.pii, applicant.id);
      if (open) await consumeVerification(tx, open.id, now);
      await audit(tx, applicant, 'change_cancelled', undefined, now);
      return {
        messages: [
          info({ key: 'registration:already_verified', params: { email: maskEmail(address.value) } }),
        ],
      };
    }
    // One spelling everywhere (row, mail, account): mailbox providers ignore the case in practice.
    return sendCode(tx, applicant, lang, emailAccountKey(address.value), now);
  }

  /**
   * Most inputs come from applicants whose account is settled (verified, no code pending, no
   * change asked for): one read tells so, without the locking transaction the account steps need,
   * so the registration check costs a single query on the answer's hot path.
   */
  async function settledAccount(chat: ChatRef): Promise<{ id: string; lang: Lang } | undefined> {
    const rows = await db.prisma.$queryRaw<{ id: string; lang: string; settled: boolean }[]>`
      SELECT a.id::text AS id, a.lang,
        (a.email IS NOT NULL AND a.email_verified_at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM email_verifications v
                          WHERE v.applicant_id = a.id AND v.consumed_at IS NULL)
          AND NOT EXISTS (SELECT 1 FROM address_moves m
                          WHERE m.channel = c.channel AND m.chat_id = c.chat_id AND m.status = 'pending')
          AND COALESCE((SELECT e.type FROM events e
                        WHERE e.applicant_id = a.id AND e.type LIKE 'account.%'
                        ORDER BY e.id DESC LIMIT 1), '') <> 'account.change_requested') AS settled
      FROM chat_identities c JOIN applicants a ON a.id = c.applicant_id
      WHERE c.channel = ${chat.channel} AND c.chat_id = ${chat.chatId}`;
    const row = rows[0];
    if (!row?.settled) return undefined;
    return { id: row.id, lang: isLang(row.lang) ? row.lang : 'zh' };
  }

  return {
    async completeDueMove(moveId) {
      const outcome = await runInTransaction(db, async (tx) => {
        await tx.$queryRaw`SELECT id FROM address_moves WHERE id = ${moveId}::uuid FOR UPDATE`;
        const move = await tx.addressMove.findUnique({ where: { id: moveId } });
        if (move?.status !== 'pending') return 'settled' as const;
        const now = deps.now();
        if (move.effectiveAt.getTime() > now.getTime()) return 'not_due' as const;
        await completeMove(tx, db, move, now);
        return 'done' as const;
      });
      if (outcome === 'done') deps.onQueued?.();
      return outcome;
    },
    async handle(chat, input, options = {}) {
      if (accountCommandOf(input) === undefined) {
        const settled = await settledAccount(chat);
        if (settled) return { handled: false, applicantId: settled.id, lang: settled.lang };
      }
      // Set inside the transaction, kept when a redelivery rolls it back.
      let handledBy: { applicantId: string; lang: Lang } | undefined;
      const outcome = await runInTransaction(db, async (tx) => {
        const found = await findOrCreateApplicantByChat(tx, {
          ...chat,
          ...(chat.lang ? { lang: chat.lang } : {}),
        });
        const applicant = await lockApplicant(tx, found.applicant.id);
        const lang: Lang = isLang(applicant.lang) ? applicant.lang : 'zh';
        const result = await step(tx, chat, applicant, lang, input);
        if (result && options.updateId !== undefined) {
          handledBy = { applicantId: applicant.id, lang };
          // Last, after the applicant's lock: a concurrent copy waits for the first to commit.
          await claimUpdate(tx, chat.channel, options.updateId);
        }
        // The language may have changed in this step; the reply is rendered in the new one.
        const after = await tx.applicant.findUniqueOrThrow({
          where: { id: applicant.id },
          select: { lang: true },
        });
        return { applicantId: applicant.id, lang: isLang(after.lang) ? after.lang : lang, result };
      }).catch((error: unknown) => {
        if (error instanceof UpdateProcessedBefore && handledBy)
          return { ...handledBy, result: undefined, seen: true };
        throw error;
      });
      if ('seen' in outcome)
        return { handled: true, applicantId: outcome.applicantId, lang: outcome.lang, messages: [] };
      if (outcome.result?.queued) deps.onQueued?.();
      if (!outcome.result) return { handled: false, applicantId: outcome.applicantId, lang: outcome.lang };
      // After a move to an existing account, the chat now speaks for that account.
      const applicantId = outcome.result.verified
        ? ((
            await db.prisma.chatIdentity.findUnique({
              where: { channel_chatId: { channel: chat.channel, chatId: chat.chatId } },
              select: { applicantId: true },
            })
          )?.applicantId ?? outcome.applicantId)
        : outcome.applicantId;
      return {
        handled: true,
        applicantId,
        lang: outcome.lang,
        messages: outcome.result.messages,
        ...(outcome.result.verified ? { verified: true as const } : {}),
        ...(outcome.result.email ? { email: outcome.result.email } : {}),
      };
    },
  };
}

/**
 * Moving an address that already has a verified chat to another chat (issue 12, item 1). The code
 * proves the mailbox, but a mailbox code can be guessed or phished, and the move would hand the
 * victim's filing to the new chat. So a right code only opens a move: the current chat and the
 * mailbox are told at once, either can refuse for `moveGraceHours` (bare `/refuse` in the current
 * chat, `/refuse <code>` from the mail in any chat), and only then does the chat move. The
 * requesting chat waits; a refusal keeps the old chat and its filing as they were.
 */
import { ADDRESS_LIMITS, WINDOWS } from '../account/address-limits.ts';
import { newRefusalCode, refusalHash } from '../account/refusal-code.ts';
import { type AddressMove, createMove, resolveMove } from '../db/address-guards.ts';
import { type Applicant, applicantEmail, type ChatRef } from '../db/applicants.ts';
import type { Tx } from '../db/database.ts';
import { appendEvent } from '../db/events.ts';
import { enqueueOutbox } from '../db/outbox.ts';
import type { Text } from '../i18n/index.ts';
import { REMINDER_TOPIC, type ReminderPayload } from '../notify/reminder-payload.ts';
import { shanghaiDateTime } from '../review/shanghai-time.ts';
import type { GuardDeps } from './address-guard.ts';

/** Outbox topic of a move's due time: its handler completes the move unless it was refused. */
export const ADDRESS_MOVE_DUE_TOPIC = 'address_move_due';

const SUBJECT: Text = { key: 'registration:move.mail_subject' };

/** Tells an applicant (its current chat, and its verified address by mail) a move's news. */
async function notify(tx: Tx, deps: GuardDeps, applicantId: string, texts: Text[], dedupeKey: string) {
  const payload: ReminderPayload = { applicantId, kind: 'address_move', texts, subject: SUBJECT };
  // Sealed: a move notice carries the refusal code.
  await enqueueOutbox(tx, deps.pii, {
    topic: REMINDER_TOPIC,
    orderKey: `applicant:${applicantId}`,
    payload,
    seal: true,
    dedupeKey,
  });
}

async function audit(tx: Tx, deps: GuardDeps, applicantId: string, type: string, now: Date, moveId: string) {
  await appendEvent(tx, deps.pii, {
    applicantId,
    actor: 'applicant',
    type: `account.${type}`,
    data: { moveId },
    at: now,
  });
}

export function moveUntilText(move: Pick<AddressMove, 'effectiveAt'>): string {
  return shanghaiDateTime(move.effectiveAt);
}

/** Opens a move of `holder`'s address to `chat`; the caller checked that none is pending. */
export async function openMove(
  tx: Tx,
  deps: GuardDeps,
  input: { holder: Applicant; requester: Applicant; chat: ChatRef; email: string; now: Date },
): Promise<AddressMove> {
  const { holder, requester, chat, now } = input;
  const code = newRefusalCode();
  const move = await createMove(tx, {
    addressKey: deps.addressKey(input.email),
    holderId: holder.id,
    requesterId: requester.id,
    channel: chat.channel,
    chatId: chat.chatId,
    refusalHash: refusalHash(code),
    createdAt: now,
    effectiveAt: new Date(now.getTime() + ADDRESS_LIMITS.moveGraceHours * WINDOWS.hourMs),
  });
  const until = moveUntilText(move);
  await notify(
    tx,
    deps,
    holder.id,
    [
      { key: 'registration:move.notice', params: { until, channel: chat.channel } },
      { key: 'registration:move.how_to_refuse', params: { code } },
    ],
    `address-move:${move.id}:notice`,
  );
  await enqueueOutbox(tx, deps.pii, {
    topic: ADDRESS_MOVE_DUE_TOPIC,
    orderKey: `address-move:${move.id}`,
    payload: { moveId: move.id },
    dedupeKey: `address-move:${move.id}:due`,
    notBefore: move.effectiveAt,
  });
  await audit(tx, deps, holder.id, 'move_requested', now, move.id);
  return move;
}

/** Refuses a pending move: the holder keeps its chat; the requesting chat is told. */
export async function refuseMove(tx: Tx, deps: GuardDeps, move: AddressMove, now: Date): Promise<boolean> {
  if (!(await resolveMove(tx, move.id, 'refused', now))) return false;
  // The requester's code is spent: a new try starts from a new code (and a new notice).
  await tx.emailVerification.updateMany({
    where: { applicantId: move.requesterId, consumedAt: null },
    data: { consumedAt: now },
  });
  await audit(tx, deps, move.holderId, 'move_refused', now, move.id);
  await notify(
    tx,
    deps,
    move.requesterId,
    [{ key: 'registration:move.refused_requester' }],
    `address-move:${move.id}:refused`,
  );
  return true;
}

/** Finds the pending move a `/refuse <code>` names, if any. */
export function moveByRefusalCode(tx: Tx, code: string): Promise<AddressMove | null> {
  return tx.addressMove.findFirst({ where: { refusalHash: refusalHash(code), status: 'pending' } });
}

/**
 * Completes a due move: the requesting chat becomes the holder's only chat. Returns the holder's
 * id, or undefined when the move is no longer pending, not due, or void (the holder's address
 * changed meanwhile, or the chat was linked elsewhere).
 */
export async function completeMove(
  tx: Tx,
  deps: GuardDeps,
  move: AddressMove,
  now: Date,
): Promise<string | undefined> {
  if (move.status !== 'pending' || move.effectiveAt.getTime() > now.getTime()) return undefined;
  const holder = await tx.applicant.findUnique({ where: { id: move.holderId } });
  const identity = await tx.chatIdentity.findUnique({
    where: { channel_chatId: { channel: move.channel, chatId: move.chatId } },
  });
  // applicants.email is encrypted at rest: compare the address itself, not its ciphertext.
  const holderEmail = holder ? applicantEmail(deps.pii, holder) : null;
  const stillHeld = holderEmail != null && deps.addressKey(holderEmail) === move.addressKey;
  if (!holder || !stillHeld || identity?.applicantId !== move.requesterId) {
    await resolveMove(tx, move.id, 'cancelled', now);
    await notify(
      tx,
      deps,
      move.requesterId,
      [{ key: 'registration:move.void' }],
      `address-move:${move.id}:void`,
    );
    return undefined;
  }
  if (!(await resolveMove(tx, move.id, 'done', now))) return undefined;
  await tx.emailVerification.updateMany({
    where: { applicantId: move.requesterId, consumedAt: null },
    data: { consumedAt: now },
  });
  await tx.applicant.update({ where: { id: holder.id }, data: { emailVerifiedAt: now } });
  await tx.chatIdentity.update({ where: { id: identity.id }, data: { applicantId: holder.id } });
  const others = await tx.chatIdentity.deleteMany({
    where: { applicantId: holder.id, NOT: { id: identity.id } },
  });
  await audit(tx, deps, holder.id, 'linked', now, move.id);
  if (others.count > 0) await audit(tx, deps, holder.id, 'other_chats_unlinked', now, move.id);
  await notify(tx, deps, holder.id, [{ key: 'registration:move.done' }], `address-move:${move.id}:done`);
  return holder.id;
}

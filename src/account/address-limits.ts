/**
 * Limits counted on the ADDRESS a code goes to, and overall (issue 12, item 1). The per-applicant
 * limits of email-verification.ts (3 sends an hour, 5 wrong tries a code) stop one chat; every new
 * chat is a new applicant, so only counting on the address stops many chats aiming at one victim.
 * Pure decisions: the caller counts the rows and acts on the answer.
 */
import { type AccountProblem, accountProblem } from './account-texts.ts';
import { CODE_SPACE } from './code-hash.ts';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

export const ADDRESS_LIMITS = {
  /** Code mails to one address, whichever chats asked: what an inbox flood can reach. */
  sendsPerHour: 3,
  sendsPerDay: 10,
  /** Wrong codes for one address within a day that lock it. */
  wrongTriesPerDay: 10,
  lockHours: 24,
  /** Every address together: a ceiling on the mail volume and on guessing spread over addresses. */
  overallSendsPerHour: 500,
  overallWrongTriesPerHour: 1_000,
  /** A verified chat can refuse its address's move to another chat for this long. */
  moveGraceHours: 24,
} as const;

export const WINDOWS = { hourMs: HOUR_MS, dayMs: DAY_MS } as const;

/** What the caller counted, at `now`. */
export interface AddressCounts {
  /** Code sends to this address in the last hour and the last day. */
  sendsLastHour: number;
  sendsLastDay: number;
  /** Wrong codes typed for this address in the last day. */
  wrongLastDay: number;
  /** Across every address, in the last hour. */
  overallSendsLastHour: number;
  overallWrongLastHour: number;
  /** The address's lock, if one is set (it may have run out). */
  lockedUntil?: Date;
}

export type AddressDecision = { ok: true } | { ok: false; problem: AccountProblem };

function lockProblem(until: Date, now: Date): AccountProblem {
  const hours = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / HOUR_MS));
  return accountProblem('account.address_locked', { hours });
}

export function isLocked(counts: Pick<AddressCounts, 'lockedUntil'>, now: Date): boolean {
  return counts.lockedUntil !== undefined && counts.lockedUntil.getTime() > now.getTime();
}

/** May a code be mailed to this address now? */
export function mayMailCode(counts: AddressCounts, now: Date): AddressDecision {
  if (isLocked(counts, now)) return { ok: false, problem: lockProblem(counts.lockedUntil!, now) };
  if (counts.overallSendsLastHour >= ADDRESS_LIMITS.overallSendsPerHour)
    return { ok: false, problem: accountProblem('account.busy') };
  if (
    counts.sendsLastHour >= ADDRESS_LIMITS.sendsPerHour ||
    counts.sendsLastDay >= ADDRESS_LIMITS.sendsPerDay
  )
    return { ok: false, problem: accountProblem('account.address_send_limit') };
  return { ok: true };
}

/** May a typed code be compared with this address's code now? Refused tries are not compared. */
export function mayCheckCode(counts: AddressCounts, now: Date): AddressDecision {
  if (isLocked(counts, now)) return { ok: false, problem: lockProblem(counts.lockedUntil!, now) };
  if (counts.overallWrongLastHour >= ADDRESS_LIMITS.overallWrongTriesPerHour)
    return { ok: false, problem: accountProblem('account.busy') };
  if (counts.wrongLastDay >= ADDRESS_LIMITS.wrongTriesPerDay)
    return {
      ok: false,
      problem: lockProblem(new Date(now.getTime() + ADDRESS_LIMITS.lockHours * HOUR_MS), now),
    };
  return { ok: true };
}

/** After a wrong code (`wrongLastDay` already counting it): whether the address is now locked. */
export function lockAfterWrongTry(wrongLastDay: number, now: Date): Date | undefined {
  return wrongLastDay >= ADDRESS_LIMITS.wrongTriesPerDay
    ? new Date(now.getTime() + ADDRESS_LIMITS.lockHours * HOUR_MS)
    : undefined;
}

/**
 * The most wrong codes anyone can have compared with one address's codes in `days` days, however
 * many chats they use: `mayCheckCode` refuses once a sliding day holds `wrongTriesPerDay`, so each
 * day adds at most that many (the lock only makes it fewer). Each guess hits with probability
 * 1 / CODE_SPACE at most: every send draws a fresh uniform code.
 */
export function maxGuessesPerAddress(days: number): number {
  return Math.ceil(days) * ADDRESS_LIMITS.wrongTriesPerDay;
}

/** Upper bound of the chance that guessing takes over one address within `days` days. */
export function takeoverChance(days: number): number {
  return maxGuessesPerAddress(days) / CODE_SPACE;
}

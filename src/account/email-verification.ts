import type { Text } from '../i18n/index.ts';
import { type AccountProblem, accountProblem, codeSentText, verifiedText } from './account-texts.ts';
import { codeMatches, hashCode, randomSalt, secureRandomCode } from './code-hash.ts';
import { parseCodeInput } from './code-input.ts';
import { checkAccountEmail } from './email-address.ts';

/**
 * One-time email codes for the applicant account: pure decisions over a JSON-serializable state.
 * The caller persists the state, sends the code by mail, and shows the returned texts.
 */

export const CODE_TTL_MINUTES = 10;
export const MAX_WRONG_TRIES = 5;
export const MAX_SENDS_PER_HOUR = 3;
const HOUR_MS = 60 * 60 * 1000;

export interface EmailVerificationState {
  /** Shape version, so a later change of this state can migrate instead of misreading it. */
  v: 1;
  /** Normalized address the current code was sent to. */
  email: string;
  /** scrypt hash of the current code (base64); dropped once the code is used. */
  codeHash?: string;
  salt?: string;
  /** ISO time after which the current code no longer verifies. */
  expiresAt?: string;
  wrongTries: number;
  /** ISO times of the code sends within the last hour, whatever address they went to. */
  sendTimes: string[];
  /** ISO time the current address was verified; a verified state has no live code. */
  verifiedAt?: string;
}

export interface StartOptions {
  now: Date;
  /** Source of the 6-digit code; defaults to the OS CSPRNG. Tests inject a fixed one. */
  randomCode?: () => string;
  randomSalt?: () => string;
}

export type StartResult =
  | { ok: true; state: EmailVerificationState; code: string; text: Text }
  | { ok: false; problem: AccountProblem };

export type CheckResult =
  | { ok: true; state: EmailVerificationState; email: string; text: Text }
  | { ok: false; state: EmailVerificationState | undefined; problem: AccountProblem };

/**
 * Sends a (new) code to `email`: first registration, /resend (same address) and /email (another
 * address) alike. A new address starts over but the sends of the hour still count, so switching
 * addresses cannot bypass the limit.
 */
export function startVerification(
  state: EmailVerificationState | undefined,
  email: string,
  options: StartOptions,
): StartResult {
  const address = checkAccountEmail(email);
  if (!address.ok) return { ok: false, problem: accountProblem('account.email_invalid') };

  const now = options.now.getTime();
  const recent = (state?.sendTimes ?? []).filter((t) => now - Date.parse(t) < HOUR_MS).sort();
  if (recent.length >= MAX_SENDS_PER_HOUR) {
    const retryAt = Date.parse(recent[recent.length - MAX_SENDS_PER_HOUR]!) + HOUR_MS;
    const minutes = Math.max(1, Math.ceil((retryAt - now) / 60_000));
    return {
      ok: false,
      problem: accountProblem('account.resend_limit', {
        minutes,
        max: MAX_SENDS_PER_HOUR,
        retryAt: new Date(retryAt).toISOString(),
      }),
    };
  }

  const code = (options.randomCode ?? secureRandomCode)();
  if (!/^[0-9]{6}$/.test(code)) throw new Error('randomCode must return 6 ASCII digits');
  const salt = (options.randomSalt ?? randomSalt)();
  const next: EmailVerificationState = {
    v: 1,
    email: address.value,
    codeHash: hashCode(code, salt),
    salt,
    expiresAt: new Date(now + CODE_TTL_MINUTES * 60_000).toISOString(),
    wrongTries: 0,
    sendTimes: [...recent, options.now.toISOString()],
  };
  return { ok: true, state: next, code, text: codeSentText(address.value, CODE_TTL_MINUTES) };
}

/** Checks what the applicant typed against the live code. */
export function checkCode(
  state: EmailVerificationState | undefined,
  input: string,
  options: { now: Date },
): CheckResult {
  if (state?.verifiedAt) return { ok: false, state, problem: accountProblem('account.code_used') };
  if (!state?.codeHash || !state.salt || !state.expiresAt) {
    return { ok: false, state, problem: accountProblem('account.no_code') };
  }
  if (state.wrongTries >= MAX_WRONG_TRIES) {
    return { ok: false, state, problem: accountProblem('account.too_many_tries') };
  }
  if (options.now.getTime() >= Date.parse(state.expiresAt)) {
    return {
      ok: false,
      state,
      problem: accountProblem('account.code_expired', { minutes: CODE_TTL_MINUTES }),
    };
  }
  const code = parseCodeInput(input);
  // Not a try: someone typing a sentence is not guessing, and only 6-digit guesses reach the hash.
  if (code === undefined) return { ok: false, state, problem: accountProblem('account.code_format') };

  if (!codeMatches(code, state.salt, state.codeHash)) {
    const wrongTries = state.wrongTries + 1;
    const next = { ...state, wrongTries };
    const remaining = MAX_WRONG_TRIES - wrongTries;
    return remaining > 0
      ? { ok: false, state: next, problem: accountProblem('account.code_wrong', { remaining }) }
      : { ok: false, state: next, problem: accountProblem('account.too_many_tries') };
  }

  const { codeHash: _hash, salt: _salt, ...rest } = state;
  const verified: EmailVerificationState = { ...rest, verifiedAt: options.now.toISOString() };
  return { ok: true, state: verified, email: state.email, text: verifiedText(state.email) };
}

export function isVerified(state: EmailVerificationState | undefined): boolean {
  return state?.verifiedAt !== undefined;
}

/** Whether the current code can still verify (not used, not dead, not expired). */
export function hasLiveCode(state: EmailVerificationState | undefined, now: Date): boolean {
  return (
    state !== undefined &&
    state.verifiedAt === undefined &&
    state.codeHash !== undefined &&
    state.wrongTries < MAX_WRONG_TRIES &&
    state.expiresAt !== undefined &&
    now.getTime() < Date.parse(state.expiresAt)
  );
}

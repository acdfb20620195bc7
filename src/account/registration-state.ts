/**
 * The email verification state (`EmailVerificationState`, pure decisions in email-verification.ts)
 * as it lives in the database: one `email_verifications` row per code sent. The current code is
 * the newest unconsumed row; the sends of the last hour are the rows created in it, whatever
 * address they went to (so switching addresses cannot bypass the resend limit).
 */
import type { EmailVerificationState } from './email-verification.ts';

const HOUR_MS = 60 * 60 * 1000;

/** The row fields the state needs (a subset of the Prisma model, so this file stays free of it). */
export interface VerificationRow {
  id: string;
  email: string;
  codeHash: string;
  expiresAt: Date;
  wrongTries: number;
  createdAt: Date;
  consumedAt: Date | null;
}

/**
 * The `code_hash` column keeps the salt next to the scrypt hash: `<salt>$<hash>` (both base64, so
 * `$` cannot occur inside either).
 */
export function codeHashColumn(state: Pick<EmailVerificationState, 'salt' | 'codeHash'>): string {
  if (!state.salt || !state.codeHash) throw new Error('a state without a live code has nothing to store');
  return `${state.salt}$${state.codeHash}`;
}

function splitCodeHash(column: string): { salt: string; codeHash: string } | undefined {
  const [salt, codeHash, extra] = column.split('$');
  return salt && codeHash && extra === undefined ? { salt, codeHash } : undefined;
}

/**
 * The state for `startVerification` / `checkCode` at `now`: `open` is the newest unconsumed row
 * (the live or dead code), `recent` the applicant's rows of the last hour.
 */
export function stateFromRows(
  open: VerificationRow | null,
  recent: readonly Pick<VerificationRow, 'createdAt'>[],
  now: Date,
): EmailVerificationState | undefined {
  const sendTimes = recent
    .filter((row) => now.getTime() - row.createdAt.getTime() < HOUR_MS)
    .map((row) => row.createdAt.toISOString())
    .sort();
  if (!open) return sendTimes.length > 0 ? { v: 1, email: '', wrongTries: 0, sendTimes } : undefined;
  const hash = splitCodeHash(open.codeHash);
  return {
    v: 1,
    email: open.email,
    ...(hash ? { codeHash: hash.codeHash, salt: hash.salt } : {}),
    expiresAt: open.expiresAt.toISOString(),
    wrongTries: open.wrongTries,
    sendTimes,
  };
}

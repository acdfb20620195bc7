/**
 * The address limits of issue 12 applied in the registration's transaction: before a code is
 * mailed, before a typed code is compared, and after a wrong one (which may lock the address and
 * mail its owner). Every function takes the address's advisory lock first, so parallel chats
 * aiming at one address are counted one after the other.
 */
import type { AccountProblem } from '../account/account-texts.ts';
import type { AddressKeyer } from '../account/address-key.ts';
import { ADDRESS_LIMITS, lockAfterWrongTry, mayCheckCode, mayMailCode } from '../account/address-limits.ts';
import {
  addressCounts,
  lockAddress,
  pruneExpired,
  recordAttempt,
  setAddressLock,
} from '../db/address-guards.ts';
import type { Tx } from '../db/database.ts';
import { verificationsOfAddress } from '../db/email-verifications.ts';
import type { PiiCipher } from '../db/pii-cipher.ts';
import type { Lang } from '../i18n/index.ts';
import { enqueueEmail } from '../notify/email-payload.ts';

export interface GuardDeps {
  pii: PiiCipher;
  addressKey: AddressKeyer;
}

/** Checks and, when allowed, counts one code mail to `email`. */
export async function guardCodeMail(
  tx: Tx,
  deps: GuardDeps,
  email: string,
  now: Date,
): Promise<AccountProblem | undefined> {
  const key = deps.addressKey(email);
  await lockAddress(tx, key);
  // With every request, refused ones too, so a flood keeps the tables at about a day of rows.
  await pruneExpired(tx, now);
  const decision = mayMailCode(await addressCounts(tx, key, now), now);
  if (!decision.ok) return decision.problem;
  await recordAttempt(tx, key, 'send', now);
  return undefined;
}

/** Whether a typed code may be compared at all (a locked address compares nothing). */
export async function guardCodeCheck(
  tx: Tx,
  deps: GuardDeps,
  email: string,
  now: Date,
): Promise<AccountProblem | undefined> {
  const key = deps.addressKey(email);
  await lockAddress(tx, key);
  const decision = mayCheckCode(await addressCounts(tx, key, now), now);
  return decision.ok ? undefined : decision.problem;
}

/**
 * Counts a wrong code for the address; at the day's limit locks it and mails the mailbox (whose
 * owner may not even know a code was asked for). Returns whether the address is now locked.
 */
export async function countWrongCode(
  tx: Tx,
  deps: GuardDeps,
  input: { email: string; applicantId: string; lang: Lang; now: Date },
): Promise<boolean> {
  const { email, now } = input;
  const key = deps.addressKey(email);
  await recordAttempt(tx, key, 'wrong', now);
  const counts = await addressCounts(tx, key, now);
  const until = lockAfterWrongTry(counts.wrongLastDay, now);
  if (!until) return false;
  await setAddressLock(tx, key, until, now);
  // Open codes of every chat for this address die with the lock: nothing more is compared.
  await tx.emailVerification.updateMany({
    where: { AND: [verificationsOfAddress(deps.pii, email), { consumedAt: null }] },
    data: { consumedAt: now },
  });
  await enqueueEmail(tx, deps.pii, {
    applicantId: input.applicantId,
    payload: {
      kind: 'notice',
      to: email,
      lang: input.lang,
      subject: { key: 'account:lock_mail.subject' },
      lines: [
        {
          key: 'account:lock_mail.body',
          params: { tries: ADDRESS_LIMITS.wrongTriesPerDay, hours: ADDRESS_LIMITS.lockHours },
        },
        { key: 'account:lock_mail.advice' },
      ],
    },
    dedupeKey: `address-lock:${key}:${now.toISOString()}`,
  });
  return true;
}

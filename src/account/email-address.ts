/**
 * Minimal address check for the account email. Private stand-in: `checkEmail` from
 * src/filing/validators/email.ts did not exist when this was written; switch to it once it does,
 * so the account and the filing form accept the same addresses.
 */
export type EmailCheck = { ok: true; value: string } | { ok: false };

// One @, a local part without spaces, a domain of dot-separated labels ending in a 2+ letter TLD.
const SHAPE = /^[^\s@]{1,64}@(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * Normalizes what an applicant typed (full-width ＠ and dots from Chinese keyboards, surrounding spaces,
 * letter case) so the same mailbox always gives the same account key.
 */
export function checkAccountEmail(input: string): EmailCheck {
  const value = input.normalize('NFKC').trim().replace(/。/g, '.').toLowerCase();
  return SHAPE.test(value) ? { ok: true, value } : { ok: false };
}

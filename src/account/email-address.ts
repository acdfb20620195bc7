import { checkEmail } from '../filing/validators/email.ts';

export type EmailCheck = { ok: true; value: string } | { ok: false };

/**
 * The account address follows the filing form's email rule (`checkEmail`), after folding what
 * Chinese keyboards produce: full-width letters, ＠ and ．(NFKC) and the ideographic full stop 。.
 */
export function checkAccountEmail(input: string): EmailCheck {
  const result = checkEmail(input.normalize('NFKC').replace(/。/g, '.'));
  return result.ok ? { ok: true, value: result.value } : { ok: false };
}

/**
 * Key for "one email, one chat identity": mailbox providers treat the local part
 * case-insensitively in practice, so Zhang@example.cn and zhang@example.cn are one account.
 */
export function emailAccountKey(email: string): string {
  return email.toLowerCase();
}

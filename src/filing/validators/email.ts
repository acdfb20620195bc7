/**
 * E-mail addresses, pragmatically: an ASCII local part (the MIIT SMS/e-mail systems do not handle
 * internationalised local parts) and a real host name; the domain is lower-cased and an IDN domain
 * is stored as punycode. The local part keeps its case: it may be case-sensitive.
 */
import type { FieldResult } from '../catalog-types.ts';
import { toAsciiHost } from './hostname.ts';
import { fail, ok } from './result.ts';

/** RFC 5322 dot-atom: atext characters, dots only between them. */
const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

export function checkEmail(value: string): FieldResult<string> {
  const v = value.trim().replace(/＠/g, '@');
  const at = v.lastIndexOf('@');
  if (at < 0 || /\s/.test(v)) return fail('email.format');
  const local = v.slice(0, at);
  const domain = v.slice(at + 1);
  if (local.length === 0 || local.length > 64 || !LOCAL.test(local)) return fail('email.local_part');
  const host = toAsciiHost(domain);
  if (!host.ok) return fail('email.domain', { domain });
  const address = `${local}@${host.host}`;
  if (address.length > 254) return fail('email.format');
  return ok(address);
}

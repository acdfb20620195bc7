import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A staff member's short-lived link to one document: `<payload>.<signature>`, both base64url. The
 * payload names the document, the staff member and the expiry; the signature is an HMAC-SHA256
 * with a subkey of the PII key, so only this app can make one and nobody can stretch its life.
 * No personal data in it: ids only.
 */
export const MAX_LINK_TTL_SECONDS = 600;

export interface LinkClaims {
  documentId: string;
  staffId: string;
  /** Unix seconds. */
  expiresAt: number;
}

export type LinkCheck =
  | { ok: true; claims: LinkClaims }
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' | 'too_long' };

function sign(key: Buffer, payload: string): string {
  return createHmac('sha256', key).update(payload).digest('base64url');
}

export function createLinkToken(key: Buffer, claims: LinkClaims): string {
  const payload = Buffer.from(
    JSON.stringify({ d: claims.documentId, s: claims.staffId, e: claims.expiresAt }),
  ).toString('base64url');
  return `${payload}.${sign(key, payload)}`;
}

export function verifyLinkToken(key: Buffer, token: string, now: Date): LinkCheck {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(sign(key, payload));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'bad_signature' };
  }
  let parsed: { d?: unknown; s?: unknown; e?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof parsed;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof parsed.d !== 'string' || typeof parsed.s !== 'string' || typeof parsed.e !== 'number') {
    return { ok: false, reason: 'malformed' };
  }
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (parsed.e <= nowSeconds) return { ok: false, reason: 'expired' };
  // Even a correctly signed link never lives longer than the maximum (a bug elsewhere, or an old key).
  if (parsed.e - nowSeconds > MAX_LINK_TTL_SECONDS) return { ok: false, reason: 'too_long' };
  return { ok: true, claims: { documentId: parsed.d, staffId: parsed.s, expiresAt: parsed.e } };
}

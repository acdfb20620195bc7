import { randomUUID } from 'node:crypto';
import { InvalidObjectKeyError } from './blob-store.ts';

/**
 * One path segment: starts with a letter or digit, then letters, digits, `.`, `_`, `-`. This rules
 * out `..`, `.`, empty segments, hidden files, backslashes and anything a shell or S3 treats oddly.
 */
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const MAX_KEY_LENGTH = 512;

export function isSafeObjectKey(key: string): boolean {
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) return false;
  return key.split('/').every((segment) => SEGMENT.test(segment) && !segment.includes('..'));
}

export function assertSafeObjectKey(key: string): void {
  if (!isSafeObjectKey(key)) throw new InvalidObjectKeyError(key);
}

export interface ObjectKeyParts {
  filingId: string;
  /** A document kind (`document-kinds.ts`), e.g. `sponsor_certificate`. */
  kind: string;
  ext: 'jpg' | 'png' | 'pdf';
}

/**
 * `filings/<filingId>/<kind>/<random uuid>.<ext>`. The name is random so that nothing the applicant
 * typed or named ends up in a path, and a re-upload never overwrites the earlier original.
 */
export function objectKey(parts: ObjectKeyParts, uuid: () => string = randomUUID): string {
  const key = `filings/${parts.filingId}/${parts.kind}/${uuid()}.${parts.ext}`;
  assertSafeObjectKey(key);
  return key;
}

/**
 * Rows of topic `email`. Always enqueued sealed (the whole payload encrypted at rest): they hold
 * an address, and a verification code must never sit in the database in plaintext.
 */
import type { Tx } from '../db/database.ts';
import { enqueueOutbox } from '../db/outbox.ts';
import type { PiiCipher } from '../db/pii-cipher.ts';
import type { Lang, Text } from '../i18n/index.ts';

export const EMAIL_TOPIC = 'email';

export type EmailPayload =
  /** A review status ping (`statusMail`): subject with the filing's domain and stage. */
  | { kind: 'status'; to: string; lang: Lang; domain: string; stageKey: string; lines: Text[] }
  /** A reminder (`noticeMail`). */
  | { kind: 'notice'; to: string; lang: Lang; subject: Text; lines: Text[] }
  | { kind: 'verification_code'; to: string; lang: Lang; code: string; minutes: number };

/** Status mails and reminders of one applicant go out in order. */
export function emailOrderKey(applicantId: string): string {
  return `email:${applicantId}`;
}

/** Codes have their own lane: they must not wait behind a status mail that is being retried. */
export function codeOrderKey(applicantId: string): string {
  return `email-code:${applicantId}`;
}

export function enqueueEmail(
  tx: Tx,
  pii: PiiCipher,
  input: { applicantId: string; payload: EmailPayload; dedupeKey?: string },
): Promise<bigint | null> {
  const orderKey =
    input.payload.kind === 'verification_code'
      ? codeOrderKey(input.applicantId)
      : emailOrderKey(input.applicantId);
  return enqueueOutbox(tx, pii, {
    topic: EMAIL_TOPIC,
    orderKey,
    payload: input.payload,
    seal: true,
    ...(input.dedupeKey ? { dedupeKey: input.dedupeKey } : {}),
  });
}

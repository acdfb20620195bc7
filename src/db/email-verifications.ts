/**
 * One row per code sent; the code itself is never stored, only its hash. The address is personal
 * data kept as `applicants.email` is: encrypted with the PII key, found by its keyed hash.
 */
import type { Tx } from './database.ts';
import type { Prisma, PrismaClient, EmailVerification as StoredVerification } from './generated/client.ts';
import { isEncrypted, type PiiCipher } from './pii-cipher.ts';

type Client = PrismaClient | Tx;

/** A code row as the services see it: the address in clear, the hash left in the database. */
export type EmailVerification = Omit<StoredVerification, 'emailHash'>;

/** Rows written before encryption at rest hold the address in clear until `icp keys rotate` rewrites them. */
function openAddress(pii: PiiCipher, stored: string): string {
  return isEncrypted(stored) ? pii.decryptValue(stored) : stored;
}

function opened(pii: PiiCipher, row: StoredVerification): EmailVerification {
  const { emailHash: _hash, ...rest } = row;
  return { ...rest, email: openAddress(pii, row.email) };
}

/** The rows of one address (under any readable key, or in clear from before encryption). */
export function verificationsOfAddress(pii: PiiCipher, email: string): Prisma.EmailVerificationWhereInput {
  const address = email.toLowerCase();
  return { OR: [{ emailHash: { in: pii.searchHashes(address) } }, { email: address }] };
}

export async function createEmailVerification(
  tx: Client,
  pii: PiiCipher,
  input: { applicantId: string; email: string; codeHash: string; expiresAt: Date; now: Date },
): Promise<EmailVerification> {
  const address = input.email.toLowerCase();
  const row = await tx.emailVerification.create({
    data: {
      applicantId: input.applicantId,
      email: pii.encryptValue(address),
      emailHash: pii.searchHash(address),
      codeHash: input.codeHash,
      expiresAt: input.expiresAt,
      createdAt: input.now,
    },
  });
  return opened(pii, row);
}

/** The latest code sent to the applicant that is not used yet (expired or not: the caller decides). */
export async function latestOpenVerification(
  client: Client,
  pii: PiiCipher,
  applicantId: string,
): Promise<EmailVerification | null> {
  const row = await client.emailVerification.findFirst({
    where: { applicantId, consumedAt: null },
    orderBy: { createdAt: 'desc' },
  });
  return row && opened(pii, row);
}

/** Returns the new number of wrong tries. */
export async function recordWrongCode(tx: Client, id: string): Promise<number> {
  const row = await tx.emailVerification.update({ where: { id }, data: { wrongTries: { increment: 1 } } });
  return row.wrongTries;
}

export async function consumeVerification(tx: Client, id: string, now: Date): Promise<void> {
  await tx.emailVerification.updateMany({ where: { id, consumedAt: null }, data: { consumedAt: now } });
}

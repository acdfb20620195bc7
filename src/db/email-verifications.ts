import type { Tx } from './database.ts';
import type { EmailVerification, PrismaClient } from './generated/client.ts';

type Client = PrismaClient | Tx;

/** One row per code sent; the code itself is never stored, only its hash. */
export function createEmailVerification(
  tx: Client,
  input: { applicantId: string; email: string; codeHash: string; expiresAt: Date; now: Date },
): Promise<EmailVerification> {
  return tx.emailVerification.create({
    data: {
      applicantId: input.applicantId,
      email: input.email.toLowerCase(),
      codeHash: input.codeHash,
      expiresAt: input.expiresAt,
      createdAt: input.now,
    },
  });
}

/** The latest code sent to the applicant that is not used yet (expired or not: the caller decides). */
export function latestOpenVerification(
  client: Client,
  applicantId: string,
): Promise<EmailVerification | null> {
  return client.emailVerification.findFirst({
    where: { applicantId, consumedAt: null },
    orderBy: { createdAt: 'desc' },
  });
}

/** Returns the new number of wrong tries. */
export async function recordWrongCode(tx: Client, id: string): Promise<number> {
  const row = await tx.emailVerification.update({ where: { id }, data: { wrongTries: { increment: 1 } } });
  return row.wrongTries;
}

export async function consumeVerification(tx: Client, id: string, now: Date): Promise<void> {
  await tx.emailVerification.updateMany({ where: { id, consumedAt: null }, data: { consumedAt: now } });
}

export type { EmailVerification };

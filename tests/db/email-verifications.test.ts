/** The addresses codes go to are stored as the account's address is: encrypted, found by keyed hash. */
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import {
  createEmailVerification,
  latestOpenVerification,
  verificationsOfAddress,
} from '../../src/db/email-verifications.ts';
import { createPiiCipher, piiKey } from '../../src/db/pii-cipher.ts';
import { describeEachBackend, TEST_PII_KEY } from '../support/db.ts';

describeEachBackend('email verifications', (db) => {
  async function applicant() {
    return db().prisma.applicant.create({ data: { lang: 'en' } });
  }
  const address = () => `code-${randomBytes(4).toString('hex')}@example.cn`;

  it('stores the address encrypted with its keyed hash; reads give it back in clear', async () => {
    const { id } = await applicant();
    const email = address();
    const now = new Date();
    await createEmailVerification(db().prisma, db().pii, {
      applicantId: id,
      email: email.toUpperCase(),
      codeHash: 'hash',
      expiresAt: new Date(now.getTime() + 600_000),
      now,
    });
    const raw = await db().prisma.$queryRaw<{ row: string }[]>`
      SELECT t::text AS row FROM email_verifications t WHERE applicant_id = ${id}::uuid`;
    expect(raw).toHaveLength(1);
    expect(raw[0]!.row.toLowerCase()).not.toContain(email);
    expect(raw[0]!.row).toContain(`enc:v2:${db().pii.currentKeyId}:`);
    expect((await latestOpenVerification(db().prisma, db().pii, id))?.email).toBe(email);
    expect(
      await db().prisma.emailVerification.count({ where: verificationsOfAddress(db().pii, email) }),
    ).toBe(1);
  });

  it('finds the rows of an address under a previous key and in clear (before encryption at rest)', async () => {
    const { id } = await applicant();
    const email = address();
    const now = new Date();
    const expiresAt = new Date(now.getTime() + 600_000);
    await createEmailVerification(db().prisma, db().pii, {
      applicantId: id,
      email,
      codeHash: 'h',
      expiresAt,
      now,
    });
    await db().prisma.emailVerification.create({
      data: { applicantId: id, email, codeHash: 'old', expiresAt },
    });
    const rotating = createPiiCipher({
      current: piiKey(randomBytes(32)),
      previous: [piiKey(Buffer.from(TEST_PII_KEY, 'base64'))],
    });
    expect(
      await db().prisma.emailVerification.count({ where: verificationsOfAddress(rotating, email) }),
    ).toBe(2);
    expect(
      await db().prisma.emailVerification.count({ where: verificationsOfAddress(rotating, `x${email}`) }),
    ).toBe(0);
  });
});

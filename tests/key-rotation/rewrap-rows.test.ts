import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { applicantEmail, findApplicantByEmail, setVerifiedEmail } from '../../src/db/applicants.ts';
import { lockConversation, readConversation } from '../../src/db/conversations.ts';
import { runInTransaction } from '../../src/db/database.ts';
import { addDocument, getDocument } from '../../src/db/documents.ts';
import { createEmailVerification, verificationsOfAddress } from '../../src/db/email-verifications.ts';
import { appendEvent, listEvents } from '../../src/db/events.ts';
import { createFiling, findFilings, getFiling } from '../../src/db/filings.ts';
import { enqueueOutbox } from '../../src/db/outbox.ts';
import { createPiiCipher, piiKey } from '../../src/db/pii-cipher.ts';
import { remainingRows, rewrapRows } from '../../src/key-rotation/rewrap-rows.ts';
import { createBlobSealer } from '../../src/storage/blob-envelope.ts';
import { describeEachBackend, TEST_PII_KEY } from '../support/db.ts';

const ID = '11010519491231002X';
/** The seeded sponsor's document number (its own per seed; the hash is what rotation must redo). */
const sponsorNumber = (tag: string) => `DN${tag.replace(/\W/g, '').toUpperCase()}`;

describeEachBackend('key rotation: rows re-encrypted in batches, resumable', (db) => {
  const oldKey = piiKey(Buffer.from(TEST_PII_KEY, 'base64'));
  const newKey = piiKey(randomBytes(32));

  async function seed(tag: string) {
    const pii = db().pii;
    const applicant = await db().prisma.applicant.create({ data: { lang: 'zh' } });
    const email = `${tag}@example.cn`;
    await runInTransaction(db(), (tx) => setVerifiedEmail(tx, pii, applicant.id, email, new Date()));
    // A code sent to the address, and one from before the addresses of codes were encrypted.
    const expiresAt = new Date(Date.now() + 600_000);
    await createEmailVerification(db().prisma, pii, {
      applicantId: applicant.id,
      email,
      codeHash: 'h',
      expiresAt,
      now: new Date(),
    });
    await db().prisma.emailVerification.create({
      data: { applicantId: applicant.id, email, codeHash: 'clear', expiresAt },
    });
    const document = {
      sponsor: { name: `${tag}公司`, documentNumber: sponsorNumber(tag) },
      sponsorPrincipal: { name: '张三', idNumber: ID, mobiles: ['13800138000'] },
      websites: [{ domains: [`${tag}.cn`] }],
    };
    const filing = await createFiling(db().prisma, pii, { applicantId: applicant.id, document });
    await runInTransaction(db(), async (tx) => {
      const conversation = await lockConversation(tx, pii, applicant.id);
      await conversation.save({ phase: 'asking', draft: document });
    });
    const sealed = createBlobSealer(pii).seal(Buffer.from(`photo of ${tag}`));
    const { document: doc } = await runInTransaction(db(), (tx) =>
      addDocument(
        tx,
        {
          filingId: filing.id,
          kind: 'sponsor_principal_id_front',
          storageKey: `filings/${filing.id}/x/${tag}.jpg`,
          wrappedKey: sealed.wrappedKey,
          sha256: tag,
          size: 1,
          contentType: 'image/jpeg',
        },
        new Date(),
      ),
    );
    await appendEvent(db().prisma, pii, {
      filingId: filing.id,
      actor: 'test',
      type: 'test.seed',
      data: { idNumber: ID },
    });
    await runInTransaction(db(), (tx) =>
      enqueueOutbox(tx, pii, {
        topic: 'test_topic',
        orderKey: `test:${tag}`,
        payload: { idNumber: ID },
        notBefore: new Date(Date.now() + 86_400_000),
      }),
    );
    return { tag, applicant, filing, email, document, doc, blob: sealed.body };
  }

  it('a crash between batches is resumed; afterwards only the new key is needed and no row is under the old one', async () => {
    const seeded = [];
    for (let i = 0; i < 5; i++) seeded.push(await seed(`rot${i}-${randomBytes(3).toString('hex')}`));
    const during = createPiiCipher({ current: newKey, previous: [oldKey] });
    const rotating = { prisma: db().prisma, pii: during };
    // Rows from before the sponsor number's hash column ('pending', migration 20261207053158): one
    // under the old key, one already under the new key, which rotation must hash all the same.
    const fresh = await createFiling(db().prisma, during, {
      applicantId: seeded[0]!.applicant.id,
      document: { sponsor: { documentNumber: 'DNWRITTENDURING' } },
    });
    await db().prisma.filing.updateMany({
      where: { id: { in: [seeded[1]!.filing.id, fresh.id] } },
      data: { sponsorNumberHash: 'pending' },
    });
    expect(await remainingRows(rotating)).toBeGreaterThan(0);

    // The first run dies after its second batch.
    let batches = 0;
    await expect(
      rewrapRows(rotating, {
        batchSize: 2,
        afterBatch: () => {
          if (++batches === 2) throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    const left = await remainingRows(rotating);
    expect(left).toBeGreaterThan(0);
    // Meanwhile both keys read everything, and search finds rows re-hashed or not.
    for (const s of seeded) {
      expect((await getFiling(db().prisma, during, s.filing.id))?.document).toEqual(s.document);
      expect((await findApplicantByEmail(db().prisma, during, s.email))?.id).toBe(s.applicant.id);
      expect(
        await db().prisma.emailVerification.count({ where: verificationsOfAddress(during, s.email) }),
      ).toBe(2);
      const bySponsor = await findFilings(db().prisma, during, {
        sponsorDocumentNumber: sponsorNumber(s.tag),
      });
      expect(bySponsor.map((f) => f.id)).toContain(s.filing.id);
    }

    const report = await rewrapRows(rotating, { batchSize: 2 });
    expect(report.remaining).toBe(0);

    // The old key is retired: the new one alone opens every value.
    const after = createPiiCipher(newKey.key);
    for (const s of seeded) {
      expect((await getFiling(db().prisma, after, s.filing.id))?.document).toEqual(s.document);
      expect((await readConversation(db().prisma, after, s.applicant.id))?.state).toEqual({
        phase: 'asking',
        draft: s.document,
      });
      const applicant = await findApplicantByEmail(db().prisma, after, s.email);
      expect(applicant && applicantEmail(after, applicant)).toBe(s.email);
      // The codes' addresses: under the new key, found by the new key's hash alone.
      const codes = await db().prisma.emailVerification.findMany({ where: { applicantId: s.applicant.id } });
      expect(codes.map((c) => after.decryptValue(c.email))).toEqual([s.email, s.email]);
      expect(codes.map((c) => c.emailHash)).toEqual([after.searchHash(s.email), after.searchHash(s.email)]);
      const doc = await getDocument(db().prisma, s.doc.id);
      expect(createBlobSealer(after).open(s.blob, doc!.wrappedKey).toString()).toContain('photo of');
      const events = await listEvents(db().prisma, after, { filingId: s.filing.id, types: ['test.seed'] });
      expect(events[0]?.data).toEqual({ idNumber: ID });
      expect(
        (await findFilings(db().prisma, after, { sponsorName: s.document.sponsor.name })).map((f) => f.id),
      ).toEqual([s.filing.id]);
      // The sponsor number's hash is the new key's: the new key alone finds the filing by it.
      const row = await db().prisma.filing.findUniqueOrThrow({ where: { id: s.filing.id } });
      expect(row.sponsorNumberHash).toBe(after.searchHash(sponsorNumber(s.tag)));
      expect(
        (await findFilings(db().prisma, after, { sponsorDocumentNumber: sponsorNumber(s.tag) })).map(
          (f) => f.id,
        ),
      ).toEqual([s.filing.id]);
    }
    expect((await db().prisma.filing.findUniqueOrThrow({ where: { id: fresh.id } })).sponsorNumberHash).toBe(
      after.searchHash('DNWRITTENDURING'),
    );
    const texts = await db().prisma.$queryRawUnsafe<{ t: string }[]>(`
      SELECT document::text AS t FROM filings UNION ALL SELECT state::text FROM conversations
      UNION ALL SELECT email FROM applicants WHERE email IS NOT NULL
      UNION ALL SELECT email FROM email_verifications
      UNION ALL SELECT wrapped_key FROM documents WHERE wrapped_key IS NOT NULL
      UNION ALL SELECT data::text FROM events UNION ALL SELECT payload::text FROM outbox`);
    for (const { t } of texts) {
      expect(t).not.toContain(`enc:v2:${oldKey.id}:`);
      expect(t).not.toContain('enc:v1:');
      expect(t).not.toContain(ID);
      expect(t).not.toContain('@example.cn');
    }
  });
});

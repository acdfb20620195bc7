import { expect, it } from 'vitest';
import { findOrCreateApplicantByChat, moveChatIdentity } from '../../src/db/applicants.ts';
import { readConversation, withConversationLock } from '../../src/db/conversations.ts';
import { runInTransaction } from '../../src/db/database.ts';
import { addDocument, currentDocuments, documentHistory } from '../../src/db/documents.ts';
import { createFiling } from '../../src/db/filings.ts';
import { describeEachBackend } from '../support/db.ts';

describeEachBackend('conversations, applicants, documents', (db) => {
  let chatSeq = 0;
  const chat = () => ({ channel: 'telegram' as const, chatId: `conv-${process.pid}-${++chatSeq}` });

  it('finds or creates the applicant of a chat once, even when two first messages race', async () => {
    const c = chat();
    const [a, b] = await Promise.all([
      findOrCreateApplicantByChat(db().prisma, { ...c, lang: 'en' }),
      findOrCreateApplicantByChat(db().prisma, { ...c, lang: 'en' }),
    ]);
    expect(a.applicant.id).toBe(b.applicant.id);
    expect([a.created, b.created].filter(Boolean).length).toBeLessThanOrEqual(1);
    expect(a.applicant.lang).toBe('en');
    expect(await db().prisma.chatIdentity.count({ where: c })).toBe(1);
  });

  it('serialises writers on the row lock: concurrent increments are all kept, ID numbers encrypted', async () => {
    const { applicant } = await findOrCreateApplicantByChat(db().prisma, chat());
    const increment = () =>
      withConversationLock(db(), applicant.id, async (conversation) => {
        const state = (conversation.state as { n: number; idNumber: string } | undefined) ?? {
          n: 0,
          idNumber: '11010519491231002X',
        };
        // Yield between read and write: without the lock the two would read the same n.
        await new Promise((resolve) => setTimeout(resolve, 20));
        await conversation.save({ ...state, n: state.n + 1 });
      });
    await Promise.all([increment(), increment(), increment()]);
    const read = await readConversation(db().prisma, db().pii, applicant.id);
    expect(read?.state).toEqual({ n: 3, idNumber: '11010519491231002X' });
    expect(read?.version).toBe(3);
    const raw = await db().prisma.$queryRaw<{ s: string }[]>`
      SELECT state::text AS s FROM conversations WHERE applicant_id = ${applicant.id}::uuid`;
    expect(raw[0]?.s).not.toContain('11010519491231002X');
  });

  it('rolls the state back with the rest of the transaction', async () => {
    const { applicant } = await findOrCreateApplicantByChat(db().prisma, chat());
    await expect(
      withConversationLock(db(), applicant.id, async (conversation) => {
        await conversation.save({ step: 1 });
        throw new Error('engine bug');
      }),
    ).rejects.toThrow('engine bug');
    expect((await readConversation(db().prisma, db().pii, applicant.id))?.state).toBeUndefined();
  });

  it('moves a chat to another applicant (same account from another channel)', async () => {
    const c = chat();
    const first = await findOrCreateApplicantByChat(db().prisma, c);
    const other = await db().prisma.applicant.create({
      data: { lang: 'zh', email: `${c.chatId}@example.cn` },
    });
    await runInTransaction(db(), (tx) => moveChatIdentity(tx, c, other.id));
    const after = await findOrCreateApplicantByChat(db().prisma, c);
    expect(after.applicant.id).toBe(other.id);
    expect(after.applicant.id).not.toBe(first.applicant.id);
  });

  it('keeps document history and stores the same bytes once per kind', async () => {
    const { applicant } = await findOrCreateApplicantByChat(db().prisma, chat());
    const filing = await createFiling(db().prisma, db().pii, { applicantId: applicant.id, document: {} });
    const upload = (sha256: string, at: string) =>
      runInTransaction(db(), (tx) =>
        addDocument(
          tx,
          {
            filingId: filing.id,
            kind: 'sponsor_certificate',
            storageKey: `k/${sha256}`,
            sha256,
            size: 10,
            contentType: 'image/jpeg',
            width: 800,
            height: 600,
          },
          new Date(at),
        ),
      );
    const first = await upload('aa', '2026-03-02T08:00:00Z');
    const same = await upload('aa', '2026-03-02T08:01:00Z');
    expect(same.duplicate).toBe(true);
    expect(same.document.id).toBe(first.document.id);
    const second = await upload('bb', '2026-03-02T08:02:00Z');
    expect(second.replaced?.id).toBe(first.document.id);
    expect((await currentDocuments(db().prisma, filing.id)).map((d) => d.sha256)).toEqual(['bb']);
    const history = await documentHistory(db().prisma, filing.id, 'sponsor_certificate');
    expect(history.map((d) => [d.sha256, d.supersededAt?.toISOString() ?? null])).toEqual([
      ['aa', '2026-03-02T08:02:00.000Z'],
      ['bb', null],
    ]);
  });
});

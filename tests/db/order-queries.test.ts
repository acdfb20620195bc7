/**
 * One order in progress per sponsor: the orders with the staff are found by the keyed hash of the
 * sponsor's document number (filings.sponsor_number_hash), on both backends, through a key
 * rotation, for rows from before the column, and never for another sponsor's number.
 */
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import type { ConversationState, EngineInput } from '../../src/conversation/types.ts';
import { createFiling } from '../../src/db/filings.ts';
import { ordersInProgress } from '../../src/db/order-queries.ts';
import { createPiiCipher, type PiiCipher, piiKey } from '../../src/db/pii-cipher.ts';
import { hashPendingSponsorNumbers } from '../../src/db/sponsor-number-backfill.ts';
import { runSqlTransaction } from '../../src/db/sql-session.ts';
import { rewrapRows } from '../../src/key-rotation/rewrap-rows.ts';
import { lookUpOrderFacts } from '../../src/services/order-facts.ts';
import { describeEachBackend, TEST_PII_KEY } from '../support/db.ts';

/** A sponsor number of its own per call (USCC-shaped; the lookup does not validate it). */
const uscc = () => `91330106MA${randomBytes(4).toString('hex').toUpperCase()}`;

describeEachBackend('orders in progress by the sponsor number hash', (db) => {
  async function inReview(documentNumber: string, status = 'first_review', pii = db().pii) {
    const applicant = await db().prisma.applicant.create({ data: { lang: 'zh' } });
    const document = { filingType: 'new_access', sponsor: { name: '某公司', documentNumber } };
    return createFiling(db().prisma, pii, { applicantId: applicant.id, document, status });
  }

  const lookUp = (numbers: string[], pii: PiiCipher = db().pii, except: string | null = null) =>
    runSqlTransaction(db(), (sql) => ordersInProgress(sql, pii, except, numbers));

  const hashColumn = async (id: string) =>
    (await db().prisma.filing.findUniqueOrThrow({ where: { id } })).sponsorNumberHash;

  it('finds the order for the number, typed in any width or spacing, and not one for another number', async () => {
    const number = uscc();
    const other = uscc();
    const mine = await inReview(number);
    await inReview(other);
    expect(await hashColumn(mine.id)).toBe(db().pii.searchHash(number));

    const expected = [{ documentNumber: number, filingType: 'new_access', status: 'first_review' }];
    expect(await lookUp([number])).toEqual(expected);
    // As an applicant may type it (full-width, spaces): the field's rules canonicalise it later.
    const typed = ` ${[...number.toLowerCase()].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('')}`;
    expect(await lookUp([`${typed.slice(0, 6)} ${typed.slice(6)}`])).toEqual(expected);
    expect(await lookUp([uscc()])).toEqual([]);
    // The conversation's own filing is never "another order".
    expect(await lookUp([number], db().pii, mine.id)).toEqual([]);
  });

  it('a hash that does not belong to the row (a stale or colliding one) matches nothing: the decrypted number decides', async () => {
    const number = uscc();
    const filing = await inReview(uscc());
    await db().prisma.filing.update({
      where: { id: filing.id },
      data: { sponsorNumberHash: db().pii.searchHash(number) },
    });
    expect(await lookUp([number])).toEqual([]);
  });

  it('rows from before the column are found meanwhile, and hashed at start-up', async () => {
    const number = uscc();
    const old = await inReview(number, 'changes_requested');
    const oldOther = await inReview(uscc(), 'second_review');
    // What migration 20261207053158 left on the rows it found.
    await db().prisma.filing.updateMany({
      where: { id: { in: [old.id, oldOther.id] } },
      data: { sponsorNumberHash: 'pending' },
    });
    expect(await lookUp([number])).toEqual([
      { documentNumber: number, filingType: 'new_access', status: 'changes_requested' },
    ]);

    expect(await hashPendingSponsorNumbers(db(), { batchSize: 1 })).toBeGreaterThanOrEqual(2);
    expect(await hashColumn(old.id)).toBe(db().pii.searchHash(number));
    expect(await hashColumn(oldOther.id)).not.toBe('pending');
    expect(await hashPendingSponsorNumbers(db())).toBe(0);
    expect((await lookUp([number])).map((o) => o.status)).toEqual(['changes_requested']);
  });

  it('the chat looks up the number typed, the one read from a photo, and the draft it submits', async () => {
    const typed = uscc();
    const photo = uscc();
    const draft = uscc();
    for (const n of [typed, photo, draft]) await inReview(n);
    const facts = (before: Partial<ConversationState>, input: EngineInput) =>
      runSqlTransaction(db(), (sql) =>
        lookUpOrderFacts(sql, db().pii, {
          applicantId: '00000000-0000-0000-0000-000000000000',
          filingId: null,
          before: { filing: {}, ...before } as ConversationState,
          input,
        }),
      );
    const asked = {
      current: { fieldId: 'sponsor.documentNumber', token: 't' },
    } as Partial<ConversationState>;
    const numbers = async (before: Partial<ConversationState>, input: EngineInput) =>
      (await facts(before, input))?.ordersInProgress?.map((o) => o.documentNumber);

    expect(await numbers(asked, { type: 'text', text: typed.toLowerCase() })).toEqual([typed]);
    expect(
      await numbers(
        { ...asked, photoValues: { 'sponsor.documentNumber': photo } },
        { type: 'choice', token: 't', value: '@photo' },
      ),
    ).toEqual([photo]);
    expect(
      await numbers(
        { filing: { sponsor: { documentNumber: draft } } },
        { type: 'command', command: 'submit' },
      ),
    ).toEqual([draft]);
  });

  // Last: it leaves this database's rows under a key the other tests do not have.
  it('after a key rotation the order is found by the new key alone: its hash was recomputed', async () => {
    const oldKey = piiKey(Buffer.from(TEST_PII_KEY, 'base64'));
    const newKey = piiKey(randomBytes(32));
    const number = uscc();
    const filing = await inReview(number, 'interview');
    const before = await hashColumn(filing.id);

    // During the rotation (both keys readable) the row is still found by its old key's hash.
    const during = createPiiCipher({ current: newKey, previous: [oldKey] });
    expect((await lookUp([number], during)).map((o) => o.status)).toEqual(['interview']);
    const report = await rewrapRows({ prisma: db().prisma, pii: during }, { batchSize: 3 });
    expect(report.remaining).toBe(0);

    const after = createPiiCipher(newKey.key);
    expect(await hashColumn(filing.id)).toBe(after.searchHash(number));
    expect(await hashColumn(filing.id)).not.toBe(before);
    expect(await lookUp([number], after)).toEqual([
      { documentNumber: number, filingType: 'new_access', status: 'interview' },
    ]);
    expect(await lookUp([uscc()], after)).toEqual([]);
  });
});

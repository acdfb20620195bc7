/**
 * The optimistic path of a chat answer: a step computed from the chat's remembered snapshot and
 * written in one statement that checks every version it relied on. Whatever moved meanwhile
 * (another instance answering, a staff action, the chat linked to another account), no answer
 * is lost, none is applied to an old state, and a refused write leaves nothing behind.
 */
import { afterAll, expect, it } from 'vitest';
import { findApplicantByChat } from '../../src/db/applicants.ts';
import { listEvents } from '../../src/db/events.ts';
import { getFiling, updateFiling } from '../../src/db/filings.ts';
import { type ChatAddress, createApplicantService } from '../../src/services/applicant-service.ts';
import { describeEachBackend, dropTestSchemas } from '../support/db.ts';
import { fakeEngine, seen, text } from './fixtures/fake-engine.ts';

afterAll(dropTestSchemas);

describeEachBackend('applicant service: answers written optimistically', (db) => {
  let seq = 0;
  const chat = (): ChatAddress => ({
    channel: 'telegram',
    chatId: `guarded-${process.pid}-${++seq}`,
    lang: 'en',
  });
  const now = () => new Date('2026-03-02T08:00:00Z');
  const service = () => createApplicantService({ db: db(), engine: fakeEngine, now });

  async function conversationOf(c: ChatAddress) {
    const applicant = await findApplicantByChat(db().prisma, c);
    return db().prisma.conversation.findUniqueOrThrow({ where: { applicantId: applicant!.id } });
  }

  it("two instances answering the same chat in turn each continue from the other one's answer", async () => {
    const [a, b] = [service(), service()];
    const c = chat();
    const order: number[] = [];
    // Some answers change the draft, some only the conversation (the filing's version stays).
    const turns = [
      [a, 'sponsor.f0=v0'],
      [b, 'hello'],
      [a, 'hello'],
      [a, 'sponsor.f3=v3'],
      [b, 'sponsor.f4=v4'],
      [a, 'hello'],
    ] as const;
    for (const [instance, input] of turns) order.push(...seen(await instance.handleInput(c, text(input))));
    // Each step saw every earlier one: a step run on a remembered, older state would repeat a number.
    expect(order).toEqual([1, 2, 3, 4, 5, 6]);
    const conversation = await conversationOf(c);
    expect(conversation.version).toBe(6);
    const filing = await getFiling(db().prisma, db().pii, conversation.filingId!);
    expect(filing?.document).toEqual({ sponsor: { f0: 'v0', f3: 'v3', f4: 'v4' } });
    // Refused writes left no trace: one event per changed field.
    const events = await listEvents(db().prisma, db().pii, { filingId: filing!.id });
    expect(events).toHaveLength(3);
  });

  it('a filing taken by the staff between two answers is left alone; the next answer starts a new draft', async () => {
    const s = service();
    const c = chat();
    await s.handleInput(c, text('sponsor.name=甲'));
    const before = await conversationOf(c);
    const filing = await getFiling(db().prisma, db().pii, before.filingId!);
    // Another process (the staff side) moves the filing on; this service still remembers 'draft'.
    await updateFiling(db().prisma, db().pii, filing!.id, filing!.version, { status: 'first_review' });

    expect(seen(await s.handleInput(c, text('sponsor.investor=乙')))).toEqual([2]);
    const reviewed = await getFiling(db().prisma, db().pii, filing!.id);
    expect(reviewed?.status).toBe('first_review');
    expect(reviewed?.document).toEqual({ sponsor: { name: '甲' } });
    const after = await conversationOf(c);
    expect(after.filingId).not.toBe(filing!.id);
    const draft = await getFiling(db().prisma, db().pii, after.filingId!);
    expect(draft?.status).toBe('draft');
    expect(draft?.document).toEqual({ sponsor: { name: '甲', investor: '乙' } });
  });

  it("a chat linked to another account meanwhile answers into that account's conversation", async () => {
    const s = service();
    const c = chat();
    await s.handleInput(c, text('sponsor.name=old'));
    const first = await findApplicantByChat(db().prisma, c);
    const other = await db().prisma.applicant.create({ data: { lang: 'en' } });
    await db().prisma.chatIdentity.update({
      where: { channel_chatId: { channel: c.channel, chatId: c.chatId } },
      data: { applicantId: other.id },
    });

    // A fresh conversation for the other account (its first step), not the remembered one.
    expect(seen(await s.handleInput(c, text('sponsor.name=new')))).toEqual([1]);
    const oldConversation = await db().prisma.conversation.findUniqueOrThrow({
      where: { applicantId: first!.id },
    });
    expect(oldConversation.version).toBe(1);
    const moved = await db().prisma.conversation.findUniqueOrThrow({ where: { applicantId: other.id } });
    expect(moved.version).toBe(1);
  });

  it('an update delivered again after its answer was remembered is still processed once', async () => {
    const s = service();
    const c = chat();
    expect(seen(await s.handleInput(c, text('a.b=1'), { updateId: `${c.chatId}-7` }))).toEqual([1]);
    expect(await s.handleInput(c, text('a.b=1'), { updateId: `${c.chatId}-7` })).toEqual([]);
    // And by another instance, which has to read first.
    expect(await service().handleInput(c, text('a.b=1'), { updateId: `${c.chatId}-7` })).toEqual([]);
    expect((await conversationOf(c)).version).toBe(1);
  });

  it('many chats answering at once each keep their own order', async () => {
    const s = service();
    const chats = Array.from({ length: 12 }, chat);
    const rounds = 4;
    const replies = await Promise.all(
      chats.map(async (c) => {
        const mine: number[] = [];
        for (let i = 0; i < rounds; i++) mine.push(...seen(await s.handleInput(c, text(`x.k${i}=${i}`))));
        return mine;
      }),
    );
    for (const mine of replies) expect(mine).toEqual([1, 2, 3, 4]);
  });

  it('answers committed together: one chat remembered at an old version does not cost the others theirs', async () => {
    const [a, b] = [service(), service()];
    const chats = Array.from({ length: 8 }, chat);
    for (const c of chats) await a.handleInput(c, text('hello'));
    // The second instance answers the last chat: the first instance's memory of it is now old.
    // (The first answer below is written alone; the other seven, stale one included, together.)
    const stale = chats[7]!;
    expect(seen(await b.handleInput(stale, text('sponsor.name=乙')))).toEqual([2]);
    const replies = await Promise.all(chats.map((c, i) => a.handleInput(c, text(`sponsor.f=${i}`))));
    expect(replies.map(seen)).toEqual([...Array(7).fill([2]), [3]]);
    const filing = await getFiling(db().prisma, db().pii, (await conversationOf(stale)).filingId!);
    expect(filing?.document).toEqual({ sponsor: { name: '乙', f: '7' } });
    for (const c of chats.slice(0, 7)) expect((await conversationOf(c)).version).toBe(2);
  });
});

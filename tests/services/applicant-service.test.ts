import { afterAll, describe, expect, it } from 'vitest';
import { changesRequestedInput } from '../../src/conversation/changes.ts';
import { createEngine } from '../../src/conversation/engine.ts';
import type { ConversationState, Engine, EngineInput, Outgoing } from '../../src/conversation/types.ts';
import { findApplicantByChat, findOrCreateApplicantByChat } from '../../src/db/applicants.ts';
import { readConversation } from '../../src/db/conversations.ts';
import { listEvents } from '../../src/db/events.ts';
import { getFiling, updateFiling } from '../../src/db/filings.ts';
import { claimOutbox, pendingOutbox } from '../../src/db/outbox.ts';
import { catalog } from '../../src/filing/catalog.ts';
import { requiredMaterials } from '../../src/filing/materials.ts';
import { validateDraft, validateFiling } from '../../src/filing/validate-filing.ts';
import { type ChatAddress, createApplicantService } from '../../src/services/applicant-service.ts';
import { Applicant, NOW } from '../conversation/fixtures/driver.ts';
import { individual } from '../conversation/fixtures/real-scripts.ts';
import { describeEachBackend, dropTestSchemas, openTestDatabase, testBackends } from '../support/db.ts';
import { fakeEngine, seen, text } from './fixtures/fake-engine.ts';

describeEachBackend('applicant service', (db) => {
  let seq = 0;
  const chat = (): ChatAddress => ({
    channel: 'telegram',
    chatId: `svc-${process.pid}-${++seq}`,
    lang: 'en',
  });
  const now = () => new Date('2026-03-02T08:00:00Z');

  it('commits the answer, the draft filing (ID number encrypted) and the events before returning', async () => {
    const service = createApplicantService({ db: db(), engine: fakeEngine, now });
    const c = chat();
    const messages = await service.handleInput(c, text('sponsorPrincipal.idNumber=11010519491231002X'));
    expect(seen(messages)).toEqual([1]);
    const applicant = await findApplicantByChat(db().prisma, c);
    const conversation = await db().prisma.conversation.findUniqueOrThrow({
      where: { applicantId: applicant!.id },
    });
    expect(JSON.stringify(conversation.state)).not.toContain('11010519491231002X');
    const filing = await getFiling(db().prisma, db().pii, conversation.filingId!);
    expect(filing?.status).toBe('draft');
    expect(filing?.document).toEqual({ sponsorPrincipal: { idNumber: '11010519491231002X' } });
    const events = await listEvents(db().prisma, db().pii, { filingId: filing!.id });
    expect(events.map((e) => [e.type, e.actor, e.data])).toEqual([
      ['answer_accepted', 'applicant', { path: 'sponsorPrincipal.idNumber' }],
    ]);
  });

  it('applies two concurrent inputs of one applicant one after the other, neither lost', async () => {
    const service = createApplicantService({ db: db(), engine: fakeEngine, now });
    const c = chat();
    await service.handleInput(c, text('hello'));
    const replies = await Promise.all([
      service.handleInput(c, text('sponsor.name=甲')),
      service.handleInput(c, text('sponsor.investor=乙')),
    ]);
    expect(seen(replies.flat()).sort()).toEqual([2, 3]);
    const { filingId } = await service.currentFiling(c);
    const filing = await getFiling(db().prisma, db().pii, filingId);
    expect(filing?.document).toEqual({ sponsor: { name: '甲', investor: '乙' } });
  });

  it('processes a redelivered update once', async () => {
    const service = createApplicantService({ db: db(), engine: fakeEngine, now });
    const c = chat();
    expect(seen(await service.handleInput(c, text('a=b'), { updateId: `${c.chatId}-1` }))).toEqual([1]);
    expect(await service.handleInput(c, text('a=b'), { updateId: `${c.chatId}-1` })).toEqual([]);
    expect(seen(await service.handleInput(c, text('a=c'), { updateId: `${c.chatId}-2` }))).toEqual([2]);
  });

  it('keeps a reply whose delivery failed in the outbox, and marks a delivered one sent', async () => {
    const service = createApplicantService({ db: db(), engine: fakeEngine, now, replyGraceMs: 5_000 });
    const c = chat();
    const orderKey = `telegram:${c.chatId}`;
    const delivered: Outgoing[][] = [];
    await service.handleInput(c, text('one'), { deliver: async (m) => void delivered.push(m) });
    expect(delivered).toHaveLength(1);
    // The sent-mark is written with others a moment later (at the latest when the service closes).
    await service.close();
    expect(await pendingOutbox(db().prisma, { orderKey })).toEqual([]);

    const failing = service.handleInput(c, text('two'), {
      deliver: async () => {
        throw new Error('Bot API down');
      },
    });
    await expect(failing).rejects.toThrow('Bot API down');
    expect(await claimOutbox(db().prisma, db().pii, { now: now(), topics: ['chat_reply'] })).toEqual([]);
    const later = new Date(now().getTime() + 5_000);
    const due = (await claimOutbox(db().prisma, db().pii, { now: later, topics: ['chat_reply'] })).filter(
      (m) => m.orderKey === orderKey,
    );
    // The copy of a live reply says only to show the chat where it stands, should the reply be lost.
    expect(due.map((m) => m.payload)).toEqual([
      { channel: 'telegram', chatId: c.chatId, lang: 'en', reask: true },
    ]);
    expect(await service.currentPrompt(c)).toEqual({
      lang: 'en',
      messages: [{ type: 'info', text: { key: 'test:where', params: { n: 2 } } }],
    });
    expect(await service.currentPrompt({ channel: 'telegram', chatId: 'never-seen' })).toBeUndefined();
  });

  it('marks the filing submitted and runs the submission hook in the same transaction', async () => {
    const hooked: string[] = [];
    const service = createApplicantService({
      db: db(),
      engine: fakeEngine,
      now,
      onSubmitted: async (tx, { filing }) => {
        hooked.push(filing.status);
        await tx.filing.update({ where: { id: filing.id }, data: { status: 'first_review' } });
      },
    });
    const c = chat();
    await service.handleInput(c, text('sponsor.name=丙'));
    await service.handleInput(c, text('submit'));
    const { filingId } = await service.currentFiling(c);
    const filing = await getFiling(db().prisma, db().pii, filingId);
    expect(hooked).toEqual(['submitted']);
    expect(filing?.status).toBe('first_review');
    expect(filing?.submittedAt?.toISOString()).toBe(now().toISOString());
  });

  it('remembers a language switch on the applicant (status pings use it)', async () => {
    const service = createApplicantService({ db: db(), engine: fakeEngine, now });
    const c = { ...chat(), lang: 'zh' as const };
    await service.handleInput(c, text('x'));
    expect((await findApplicantByChat(db().prisma, c))?.lang).toBe('zh');
    await service.handleInput(c, { type: 'command', command: 'lang', arg: 'en' });
    expect((await findApplicantByChat(db().prisma, c))?.lang).toBe('en');
  });
});

describeEachBackend('applicant service: inputs from the review', (db) => {
  const engine = createEngine({ catalog, validateDraft, validateFiling, requiredMaterials });
  /** The inputs of a complete individual filing, recorded from the engine alone. */
  const inputs: EngineInput[] = [];
  const recorder: Pick<Engine, 'step'> = {
    step: (state, input, ctx) => {
      inputs.push(input);
      return engine.step(state, input, ctx);
    },
  };
  new Applicant(recorder, 'zh').run(individual);
  const now = () => NOW;
  let seq = 0;

  /** A chat whose filing was submitted through the service, then sent back by the staff. */
  async function submittedThenSentBack() {
    const service = createApplicantService({ db: db(), engine, now });
    const chat: ChatAddress = { channel: 'telegram', chatId: `review-${process.pid}-${++seq}`, lang: 'zh' };
    for (const input of inputs) await service.handleInput(chat, input);
    const applicant = await findApplicantByChat(db().prisma, chat);
    const conversation = await readConversation(db().prisma, db().pii, applicant!.id);
    expect((conversation!.state as ConversationState).phase).toBe('submitted');
    const submitted = await getFiling(db().prisma, db().pii, conversation!.filingId!);
    expect(submitted?.status).toBe('submitted');
    const filing = await updateFiling(db().prisma, db().pii, submitted!.id, submitted!.version, {
      status: 'changes_requested',
    });
    return { service, chat, applicantId: applicant!.id, filing, conversation: conversation! };
  }

  it('re-opens the conversation on the requested field, logs it as system, queues the reply to the chat', async () => {
    const { service, chat, applicantId, filing, conversation } = await submittedThenSentBack();
    const messages = await service.applyReviewInput(
      applicantId,
      changesRequestedInput({ fields: ['sponsor.name'], documents: [], reason: '名称与执照不一致' }),
    );
    const question = messages.find((m) => m.type === 'question');
    expect(question?.type === 'question' && question.path).toBe('sponsor.name');

    const after = await readConversation(db().prisma, db().pii, applicantId);
    expect((after!.state as ConversationState).phase).toBe('changes');
    expect(after?.version).toBe(conversation.version + 1);
    expect(after?.filingId).toBe(filing.id);

    const events = await listEvents(db().prisma, db().pii, {
      filingId: filing.id,
      types: ['changes_requested'],
    });
    expect(events.map((e) => e.actor)).toEqual(['system']);

    const stored = await pendingOutbox(db().prisma, { orderKey: `applicant:${applicantId}` });
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored[0]?.payload)).toContain('$sealed');
    const due = (await claimOutbox(db().prisma, db().pii, { now: NOW, topics: ['chat_reply'] })).filter(
      (m) => m.orderKey === `applicant:${applicantId}`,
    );
    expect(due.map((m) => m.payload)).toEqual([
      { channel: 'telegram', chatId: chat.chatId, lang: 'zh', messages },
    ]);

    // The corrected answer lands in the filing under review (changes_requested is editable).
    await service.handleInput(chat, { type: 'text', text: '张三丰' });
    const corrected = await getFiling(db().prisma, db().pii, filing.id);
    expect(corrected?.status).toBe('changes_requested');
    expect((corrected!.document as { sponsor: { name: string } }).sponsor.name).toBe('张三丰');
    expect((corrected!.document as { sponsor: { documentNumber: string } }).sponsor.documentNumber).toBe(
      '350102198001011233',
    );
  });

  it('queues nothing and starts no conversation when the engine has nothing to say', async () => {
    const service = createApplicantService({ db: db(), engine, now });
    const chat: ChatAddress = { channel: 'telegram', chatId: `review-${process.pid}-${++seq}` };
    const { applicant } = await findOrCreateApplicantByChat(db().prisma, chat);
    const messages = await service.applyReviewInput(
      applicant.id,
      changesRequestedInput({ fields: ['sponsor.name'], documents: [], reason: 'x' }),
    );
    expect(messages).toEqual([]);
    expect(await pendingOutbox(db().prisma, { orderKey: `applicant:${applicant.id}` })).toEqual([]);
    expect((await readConversation(db().prisma, db().pii, applicant.id))?.state).toBeUndefined();
    const events = await listEvents(db().prisma, db().pii, { applicantId: applicant.id });
    expect(events.map((e) => [e.type, e.actor])).toEqual([['changes_request_ignored', 'system']]);
    // The chat then starts normally (welcome and the first question), not inside a blank state.
    const first = await service.handleInput(chat, { type: 'command', command: 'start' });
    expect(first.some((m) => m.type === 'question')).toBe(true);
  });
});

describe('applicant service across a restart', () => {
  afterAll(dropTestSchemas);
  for (const backend of testBackends()) {
    it(`resumes the conversation with a new service over the reopened ${backend} database`, async () => {
      const c: ChatAddress = { channel: 'console', chatId: 'local' };
      const first = await openTestDatabase(backend, { onDisk: true });
      await createApplicantService({ db: first, engine: fakeEngine }).handleInput(c, text('sponsor.name=丁'));
      await first.close();

      const second = await first.reopen();
      try {
        const replies = await createApplicantService({ db: second, engine: fakeEngine }).handleInput(
          c,
          text('next'),
        );
        expect(seen(replies)).toEqual([2]);
        const { filingId } = await createApplicantService({ db: second, engine: fakeEngine }).currentFiling(
          c,
        );
        expect((await getFiling(second.prisma, second.pii, filingId))?.document).toEqual({
          sponsor: { name: '丁' },
        });
      } finally {
        await second.close();
      }
    });
  }
});

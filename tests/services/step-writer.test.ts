import { describe, expect, it } from 'vitest';
import { VersionConflict } from '../../src/db/errors.ts';
import type { GuardedStepResult, GuardedStepWrite } from '../../src/db/guarded-step.ts';
import { DuplicateDelivery, StepsRefused } from '../../src/db/step-refusal.ts';
import { createStepWriter } from '../../src/services/step-writer.ts';

function write(chatId: string): GuardedStepWrite {
  return {
    chat: { channel: 'telegram', chatId },
    applicantId: `applicant-${chatId}`,
    conversation: { kind: 'insert', id: `conversation-${chatId}`, state: {}, filingId: null },
    lang: 'en',
    events: [],
  };
}

const ok = (w: GuardedStepWrite): GuardedStepResult => ({
  conversationVersion: Number(w.chat.chatId.replace(/\D/g, '')) || 1,
  filingVersion: null,
  outboxId: null,
});

/** A commit that records its batches and holds each until released. */
function recordingCommit(refuse?: (batch: readonly GuardedStepWrite[]) => string | undefined) {
  const batches: string[][] = [];
  const held: (() => void)[] = [];
  const commit = async (writes: readonly GuardedStepWrite[]) => {
    batches.push(writes.map((w) => w.chat.chatId));
    await new Promise<void>((resolve) => held.push(resolve));
    const reason = refuse?.(writes);
    if (reason) throw new StepsRefused(reason);
    return writes.map(ok);
  };
  const releaseAll = async () => {
    // Queued steps are written once the turn that queued them is over.
    await new Promise((resolve) => setImmediate(resolve));
    while (held.length > 0) {
      held.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { commit, batches, releaseAll };
}

describe('step writer (group commit)', () => {
  it('writes a lone step right after its turn, and the steps that arrive meanwhile together after it', async () => {
    const { commit, batches, releaseAll } = recordingCommit();
    const writer = createStepWriter(commit, { maxInFlight: 1 });
    const first = writer.write(write('c1'));
    expect(batches).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([['c1']]);
    const rest = ['c2', 'c3', 'c4'].map((c) => writer.write(write(c)));
    await releaseAll();
    await Promise.all([first, ...rest]);
    expect(batches).toEqual([['c1'], ['c2', 'c3', 'c4']]);
    expect((await rest[2]!).conversationVersion).toBe(4);
  });

  it('never puts two steps of one chat in the same batch', async () => {
    const { commit, batches, releaseAll } = recordingCommit();
    const writer = createStepWriter(commit, { maxInFlight: 1 });
    const all = [writer.write(write('c1')), writer.write(write('c1')), writer.write(write('c2'))];
    await new Promise((resolve) => setImmediate(resolve));
    await releaseAll();
    await Promise.all(all);
    expect(batches).toEqual([['c1', 'c2'], ['c1']]);
  });

  it('writes each step of a refused batch alone, so only the refused one fails', async () => {
    // c3's delivery was seen before: every batch holding it is refused.
    const { commit, batches, releaseAll } = recordingCommit((writes) =>
      writes.some((w) => w.chat.chatId === 'c3') ? 'duplicate' : undefined,
    );
    const writer = createStepWriter(commit, { maxInFlight: 1 });
    const first = writer.write(write('c1'));
    await new Promise((resolve) => setImmediate(resolve));
    const later = ['c2', 'c3', 'c4'].map((c) => writer.write(write(c)));
    const settled = Promise.allSettled([first, ...later]);
    await releaseAll();
    const outcomes = await settled;
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[2] as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateDelivery);
    expect(batches).toEqual([['c1'], ['c2', 'c3', 'c4'], ['c2'], ['c3'], ['c4']]);
  });

  it('tells a lone refused step which version moved', async () => {
    const { commit, releaseAll } = recordingCommit(() => 'conversation');
    const writer = createStepWriter(commit, { maxInFlight: 1 });
    const result = writer.write(write('c9')).catch((error: unknown) => error);
    await releaseAll();
    expect(await result).toBeInstanceOf(VersionConflict);
  });

  it('fails the whole batch with any other error (the database is down)', async () => {
    const writer = createStepWriter(async () => {
      throw new Error('connection refused');
    });
    const outcomes = await Promise.allSettled([writer.write(write('a')), writer.write(write('b'))]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
  });

  it('shares the steps of one turn between two statements, and queues later ones for a free slot', async () => {
    const { commit, batches, releaseAll } = recordingCommit();
    const writer = createStepWriter(commit, { maxInFlight: 2 });
    const turn = ['c1', 'c2', 'c3', 'c4', 'c5'].map((c) => writer.write(write(c)));
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([
      ['c1', 'c2', 'c3'],
      ['c4', 'c5'],
    ]);
    const later = ['c6', 'c7'].map((c) => writer.write(write(c)));
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toHaveLength(2);
    await releaseAll();
    await Promise.all([...turn, ...later]);
    expect(batches).toEqual([
      ['c1', 'c2', 'c3'],
      ['c4', 'c5'],
      ['c6', 'c7'],
    ]);
  });

  it('never writes two steps of one chat at once, even with a statement free', async () => {
    const { commit, batches, releaseAll } = recordingCommit();
    const writer = createStepWriter(commit, { maxInFlight: 2 });
    const all = [writer.write(write('c1')), writer.write(write('c1'))];
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([['c1']]);
    await releaseAll();
    await Promise.all(all);
    expect(batches).toEqual([['c1'], ['c1']]);
  });

  it('never puts more than maxBatch steps in one statement', async () => {
    const { commit, batches, releaseAll } = recordingCommit();
    const writer = createStepWriter(commit, { maxInFlight: 2, maxBatch: 2 });
    const all = ['c1', 'c2', 'c3', 'c4', 'c5'].map((c) => writer.write(write(c)));
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([
      ['c1', 'c2'],
      ['c3', 'c4'],
    ]);
    await releaseAll();
    await Promise.all(all);
    expect(batches.at(-1)).toEqual(['c5']);
  });
});

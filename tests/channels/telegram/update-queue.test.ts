import { describe, expect, it } from 'vitest';
import { inMemoryMarkProcessed, UpdateQueue } from '../../../src/channels/telegram/update-queue.ts';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('UpdateQueue', () => {
  it('runs one chat in order and other chats alongside', async () => {
    const errors: unknown[] = [];
    const queue = new UpdateQueue({ markProcessed: inMemoryMarkProcessed(), onError: (e) => errors.push(e) });
    const log: string[] = [];
    const gate = deferred();
    const a1 = queue.run('a', 1, async () => {
      await gate.promise;
      log.push('a1');
    });
    const a2 = queue.run('a', 2, async () => {
      log.push('a2');
    });
    await queue.run('b', 3, async () => {
      log.push('b1');
    });
    expect(log).toEqual(['b1']);
    expect(queue.activeChats).toBe(1);
    gate.resolve();
    await Promise.all([a1, a2]);
    expect(log).toEqual(['b1', 'a1', 'a2']);
    expect(queue.activeChats).toBe(0);
    expect(errors).toEqual([]);
  });

  it('skips an update id seen before, even while the first is still running', async () => {
    const queue = new UpdateQueue({ markProcessed: inMemoryMarkProcessed(), onError: () => {} });
    let runs = 0;
    const gate = deferred();
    const first = queue.run('a', 7, async () => {
      runs++;
      await gate.promise;
    });
    const second = queue.run('a', 7, async () => {
      runs++;
    });
    gate.resolve();
    await Promise.all([first, second]);
    expect(runs).toBe(1);
  });

  it('reports a failing task and goes on with the chat', async () => {
    const errors: Array<[unknown, number]> = [];
    const queue = new UpdateQueue({
      markProcessed: inMemoryMarkProcessed(),
      onError: (e, id) => errors.push([e, id]),
    });
    const log: number[] = [];
    await queue.run('a', 1, async () => {
      throw new Error('boom');
    });
    await queue.run('a', 2, async () => {
      log.push(2);
    });
    expect(errors.map(([e, id]) => [(e as Error).message, id])).toEqual([['boom', 1]]);
    expect(log).toEqual([2]);
  });

  it('drain waits for work in hand', async () => {
    const queue = new UpdateQueue({ markProcessed: inMemoryMarkProcessed(), onError: () => {} });
    const gate = deferred();
    let done = false;
    void queue.run('a', 1, async () => {
      await gate.promise;
      done = true;
    });
    const drained = queue.drain().then(() => done);
    gate.resolve();
    expect(await drained).toBe(true);
  });
});

describe('inMemoryMarkProcessed', () => {
  it('says true once per id and forgets the oldest beyond capacity', async () => {
    const mark = inMemoryMarkProcessed(2);
    expect([await mark(1), await mark(1), await mark(2), await mark(3), await mark(1)]).toEqual([
      true,
      false,
      true,
      true,
      true,
    ]);
  });
});

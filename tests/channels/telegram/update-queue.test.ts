import { describe, expect, it } from 'vitest';
import { inMemoryMarkProcessed, UpdateQueue } from '../../../src/channels/telegram/update-queue.ts';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/**
 * An update whose task accepts and then holds until released: its run resolves while it is held
 * only if the queue had room to accept it early (else this would wait forever). Then it is let go.
 */
async function acceptsEarly(queue: UpdateQueue, chatKey: string, updateId: number): Promise<void> {
  const gate = deferred();
  await queue.run(chatKey, updateId, async (accept) => {
    accept();
    await gate.promise;
  });
  gate.resolve();
  await queue.drain();
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

describe('UpdateQueue acceptance', () => {
  it('resolves an update once its task accepts it, while the task goes on', async () => {
    const queue = new UpdateQueue({ markProcessed: inMemoryMarkProcessed(), onError: () => {} });
    const gate = deferred();
    let finished = false;
    const handled = queue.run('a', 1, async (accept) => {
      accept();
      await gate.promise;
      finished = true;
    });
    await handled;
    expect(finished).toBe(false);
    expect(queue.activeChats).toBe(1);
    gate.resolve();
    await queue.drain();
    expect(finished).toBe(true);
  });

  it('keeps the chat in order behind an accepted update', async () => {
    const queue = new UpdateQueue({ markProcessed: inMemoryMarkProcessed(), onError: () => {} });
    const log: string[] = [];
    const gate = deferred();
    await queue.run('a', 1, async (accept) => {
      accept();
      await gate.promise;
      log.push('a1 sent');
    });
    const second = queue.run('a', 2, async () => {
      log.push('a2');
    });
    gate.resolve();
    await second;
    expect(log).toEqual(['a1 sent', 'a2']);
  });

  it('past maxAccepted unfinished updates, the next one resolves only when done', async () => {
    const queue = new UpdateQueue({
      markProcessed: inMemoryMarkProcessed(),
      onError: () => {},
      maxAccepted: 1,
    });
    const gates = [deferred(), deferred()];
    const resolved: string[] = [];
    const first = queue.run('a', 1, async (accept) => {
      accept();
      await gates[0]!.promise;
    });
    const second = queue.run('b', 2, async (accept) => {
      accept();
      await gates[1]!.promise;
    });
    void first.then(() => resolved.push('a'));
    void second.then(() => resolved.push('b'));
    await first;
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(resolved).toEqual(['a']);
    gates[1]!.resolve();
    await second;
    expect(resolved).toEqual(['a', 'b']);
    // The first one finishing frees its place for a later update.
    gates[0]!.resolve();
    await queue.drain();
    await acceptsEarly(queue, 'c', 3);
  });

  it('a task that fails after accepting is reported and frees its place', async () => {
    const errors: number[] = [];
    const queue = new UpdateQueue({
      markProcessed: inMemoryMarkProcessed(),
      onError: (_e, id) => errors.push(id),
      maxAccepted: 1,
    });
    await queue.run('a', 1, async (accept) => {
      accept();
      throw new Error('send failed');
    });
    await queue.drain();
    expect(errors).toEqual([1]);
    await acceptsEarly(queue, 'b', 2);
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

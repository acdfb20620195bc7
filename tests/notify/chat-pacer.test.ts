import { describe, expect, it } from 'vitest';
import { createChatPacer } from '../../src/notify/chat-pacer.ts';

function virtualTime() {
  let now = 1_000_000;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
  };
}

describe('chat pacer', () => {
  it('spaces messages to one chat a second apart and leaves other chats alone', async () => {
    const time = virtualTime();
    const pacer = createChatPacer({ now: time.now, sleep: time.sleep });
    const sentAt: Record<string, number[]> = { a: [], b: [] };
    for (const chat of ['a', 'a', 'b', 'a']) {
      await pacer.wait(chat);
      sentAt[chat]!.push(time.now() - 1_000_000);
    }
    expect(sentAt.a).toEqual([0, 1_000, 2_000]);
    expect(sentAt.b).toEqual([1_000]);
  });

  it('never lets more than perSecond messages out within one second overall', async () => {
    const time = virtualTime();
    const pacer = createChatPacer({ now: time.now, sleep: time.sleep, perSecond: 3 });
    const sentAt: number[] = [];
    for (const chat of ['1', '2', '3', '4', '5', '6', '7']) {
      await pacer.wait(chat);
      sentAt.push(time.now() - 1_000_000);
    }
    for (let i = 3; i < sentAt.length; i++) expect(sentAt[i]! - sentAt[i - 3]!).toBeGreaterThanOrEqual(1_000);
    expect(sentAt.slice(0, 3)).toEqual([0, 0, 0]);
  });
});

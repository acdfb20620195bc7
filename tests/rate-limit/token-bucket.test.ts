import { describe, expect, it } from 'vitest';
import { ChatRateLimiter } from '../../src/rate-limit/token-bucket.ts';

function limiter(maxKeys?: number) {
  let now = 0;
  const l = new ChatRateLimiter({ perSecond: 5, burst: 20, now: () => now, ...(maxKeys ? { maxKeys } : {}) });
  return { l, advance: (ms: number) => (now += ms) };
}

describe('ChatRateLimiter', () => {
  it('lets a burst of 20 through, warns once, then drops until a token is back', () => {
    const { l, advance } = limiter();
    const verdicts = Array.from({ length: 25 }, () => l.take('a'));
    expect(verdicts.slice(0, 20).every((v) => v === 'ok')).toBe(true);
    expect(verdicts.slice(20)).toEqual(['warn', 'drop', 'drop', 'drop', 'drop']);
    advance(199);
    expect(l.take('a')).toBe('drop');
    advance(1);
    expect(l.take('a')).toBe('ok');
    // The chat had a token again: the next excess is warned about again, once.
    expect([l.take('a'), l.take('a')]).toEqual(['warn', 'drop']);
    expect(l.counters).toEqual({ passed: 21, warned: 2, dropped: 6 });
  });

  it('sustains 5 updates a second per chat, and chats do not share a bucket', () => {
    const { l, advance } = limiter();
    for (let i = 0; i < 20; i++) l.take('a');
    let ok = 0;
    for (let ms = 0; ms < 10_000; ms += 50) {
      advance(50);
      if (l.take('a') === 'ok') ok++;
    }
    expect(ok).toBe(50);
    expect(l.take('b')).toBe('ok');
  });

  it('forgets idle chats instead of growing without bound', () => {
    const { l, advance } = limiter(100);
    for (let i = 0; i < 100; i++) l.take(`chat-${i}`);
    advance(5_000);
    l.take('new');
    expect(l.size).toBe(1);
    for (let i = 0; i < 500; i++) l.take(`busy-${i}`);
    expect(l.size).toBeLessThanOrEqual(100);
  });
});

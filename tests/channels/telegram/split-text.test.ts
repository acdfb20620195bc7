import { describe, expect, it } from 'vitest';
import { splitText, TELEGRAM_TEXT_LIMIT } from '../../../src/channels/telegram/split-text.ts';

describe('splitText', () => {
  it('leaves a short text whole', () => {
    expect(splitText('a\nb')).toEqual(['a\nb']);
  });

  it('cuts a long text on line boundaries, every piece within the limit, nothing lost', () => {
    const lines = Array.from(
      { length: 400 },
      (_, i) => `${i + 1}. 主办单位名称：某某科技有限公司 ${'x'.repeat(i % 40)}`,
    );
    const text = lines.join('\n');
    const parts = splitText(text);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
    expect(parts.join('\n')).toBe(text);
    // Each part starts at the beginning of a line.
    for (const part of parts) expect(lines.some((l) => part.startsWith(l))).toBe(true);
  });

  it('cuts a single overlong line on spaces and never splits a surrogate pair', () => {
    const word = '😀'.repeat(10);
    const line = Array.from({ length: 40 }, () => word).join(' ');
    const parts = splitText(line, 100);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(100);
      expect(part).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/);
    }
    expect(parts.join(' ')).toBe(line);
  });
});

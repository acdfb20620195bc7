import { describe, expect, it } from 'vitest';
import { splitList } from '../../../src/filing/validators/index.ts';

describe('splitList', () => {
  it('splits on ASCII and full-width separators and new lines, trimming and dropping empties', () => {
    expect(
      splitList('a@example.cn; b@example.cn；c@example.cn,d@example.cn，e@example.cn\nf@example.cn\r\n'),
    ).toEqual([
      'a@example.cn',
      'b@example.cn',
      'c@example.cn',
      'd@example.cn',
      'e@example.cn',
      'f@example.cn',
    ]);
    expect(splitList(' ;; , \n')).toEqual([]);
    expect(splitList('211.68.0.100-211.68.0.102')).toEqual(['211.68.0.100-211.68.0.102']);
  });
});

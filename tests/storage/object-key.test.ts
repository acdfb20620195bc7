import { describe, expect, it } from 'vitest';
import { isSafeObjectKey, objectKey } from '../../src/storage/object-key.ts';

describe('objectKey', () => {
  it('builds filings/<filing>/<kind>/<uuid>.<ext>', () => {
    const key = objectKey({ filingId: 'clx123', kind: 'sponsor_certificate', ext: 'pdf' });
    expect(key).toMatch(/^filings\/clx123\/sponsor_certificate\/[0-9a-f-]{36}\.pdf$/);
  });

  it('gives a new name every time', () => {
    const parts = { filingId: 'f', kind: 'other', ext: 'jpg' } as const;
    expect(objectKey(parts)).not.toBe(objectKey(parts));
  });

  it('refuses a filing id that would change the path', () => {
    expect(() => objectKey({ filingId: '../x', kind: 'other', ext: 'jpg' })).toThrow(/invalid object key/);
    expect(() => objectKey({ filingId: 'a/b', kind: '..', ext: 'jpg' })).toThrow(/invalid object key/);
  });
});

describe('isSafeObjectKey', () => {
  it.each([
    ['filings/f/other/0b0e.jpg', true],
    ['a', true],
    ['../a', false],
    ['a/../b', false],
    ['a/./b', false],
    ['/a', false],
    ['a/', false],
    ['a\\b', false],
    ['a/.env', false],
    ['a/b..c', false],
    ['文件.jpg', false],
    ['x'.repeat(600), false],
  ])('%s → %s', (key, safe) => {
    expect(isSafeObjectKey(key)).toBe(safe);
  });
});

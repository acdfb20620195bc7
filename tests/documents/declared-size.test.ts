import { describe, expect, it } from 'vitest';
import { checkDeclaredSize, TELEGRAM_DOWNLOAD_LIMIT_BYTES } from '../../src/documents/declared-size.ts';

const MB = 1024 * 1024;

describe('checkDeclaredSize', () => {
  it('accepts a declared size up to the configured limit', () => {
    expect(checkDeclaredSize(10 * MB, 10 * MB)).toEqual({ ok: true, value: { limitBytes: 10 * MB } });
  });

  it('refuses one byte over, with the sizes in MB for the message', () => {
    expect(checkDeclaredSize(10 * MB + 1, 10 * MB)).toEqual({
      ok: false,
      problems: [{ code: 'upload.too_large', params: { maxMb: 10, minSidePx: 0, sizeMb: 10.1 } }],
    });
  });

  it('never allows more than the Bot API can download (20 MB), whatever the configuration', () => {
    const result = checkDeclaredSize(25 * MB, 50 * MB);
    expect(result.ok).toBe(false);
    expect(result.ok ? undefined : result.problems[0]?.params.maxMb).toBe(20);
    expect(checkDeclaredSize(TELEGRAM_DOWNLOAD_LIMIT_BYTES, 50 * MB).ok).toBe(true);
  });

  it('passes an unknown size (Telegram may omit file_size); the bytes are checked after download', () => {
    expect(checkDeclaredSize(undefined, 10 * MB).ok).toBe(true);
  });

  it('refuses a declared empty file', () => {
    expect(checkDeclaredSize(0, 10 * MB)).toMatchObject({ ok: false, problems: [{ code: 'upload.empty' }] });
  });
});

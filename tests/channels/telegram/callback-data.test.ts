import { describe, expect, it } from 'vitest';
import {
  CALLBACK_DATA_MAX_BYTES,
  decodeCallbackData,
  encodeCallbackData,
} from '../../../src/channels/telegram/callback-data.ts';

describe('callback data', () => {
  it('round-trips token, action and value', () => {
    const data = encodeCallbackData({ token: 'k7', action: 'o', value: 'enterprise' });
    expect(data).toBe('t:k7:o:enterprise');
    expect(decodeCallbackData(data)).toEqual({ token: 'k7', action: 'o', value: 'enterprise' });
  });

  it('keeps values that contain colons', () => {
    const data = encodeCallbackData({ token: 'k7', action: 'k', value: 'a:b' });
    expect(decodeCallbackData(data)).toEqual({ token: 'k7', action: 'k', value: 'a:b' });
  });

  it('refuses to build data over 64 bytes, counting UTF-8 bytes', () => {
    expect(() =>
      encodeCallbackData({
        token: 'k7',
        action: 'o',
        value: '广东省深圳市南山区粤海街道科技园南区高新南一道',
      }),
    ).toThrow(/64 bytes/);
    const fits = encodeCallbackData({
      token: 'k7',
      action: 'o',
      value: 'x'.repeat(CALLBACK_DATA_MAX_BYTES - 7),
    });
    expect(Buffer.byteLength(fits)).toBe(CALLBACK_DATA_MAX_BYTES);
  });

  it('reads anything else as not ours', () => {
    for (const data of [undefined, '', 'hello', 't:k7:z:1', 'u:k7:o:1', `t:k:o:${'x'.repeat(70)}`]) {
      expect(decodeCallbackData(data)).toBeUndefined();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { i18n, type Lang, t } from '../../src/i18n/index.ts';

describe('t (translations reused once made)', () => {
  it('gives what i18next gives, for each language and each set of parameters', () => {
    const key = 'errors:resident_id.checksum';
    for (const lang of ['zh', 'en'] as const) {
      for (const expected of ['X', '3', 'X']) {
        expect(t(lang, key, { expected })).toBe(i18n().getFixedT(lang)(key, { expected }));
        expect(t(lang, key, { expected })).toContain(expected);
      }
      expect(t(lang, key, { expected: 'X' })).not.toBe(t(lang, key, { expected: '3' }));
    }
    // The number 3 and the string '3' are different parameters, with the same text.
    expect(t('en', key, { expected: 3 })).toBe(t('en', key, { expected: '3' }));
  });

  it('keeps a plain text apart from the same key with parameters, and a stray language apart from both', () => {
    const key = 'conversation:welcome';
    const zh = t('zh', key);
    // i18next falls back from en-US to en: that text must not be kept as the Chinese one.
    expect(t('en-US' as Lang, key)).toBe(t('en', key));
    expect(t('zh', key)).toBe(zh);
    expect(t('zh', key, { unused: 1 })).toBe(zh);
  });

  it('does not keep a missing key, so a bundle added later is found', () => {
    expect(t('en', 'latecomer:greeting')).not.toBe('Hello');
    i18n().addResourceBundle('en', 'latecomer', { greeting: 'Hello' });
    expect(t('en', 'latecomer:greeting')).toBe('Hello');
  });
});

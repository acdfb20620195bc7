import { describe, expect, it } from 'vitest';
import { loadResources } from '../../src/i18n/index.ts';

function keysOf(node: unknown, prefix = ''): string[] {
  if (node === null || typeof node !== 'object') return [prefix];
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) =>
    keysOf(v, prefix ? `${prefix}.${k}` : k),
  );
}

describe('locales', () => {
  it('has the same namespaces and keys in zh and en, none empty', () => {
    const { zh, en } = loadResources();
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const ns of Object.keys(en)) {
      const enKeys = keysOf(en[ns]).sort();
      expect(keysOf(zh[ns]).sort(), `namespace ${ns}`).toEqual(enKeys);
      for (const key of enKeys) {
        for (const [lang, res] of Object.entries({ zh, en })) {
          const value = key.split('.').reduce<unknown>((n, k) => (n as Record<string, unknown>)[k], res[ns]);
          expect(typeof value === 'string' && value.trim().length > 0, `${lang}:${ns}:${key}`).toBe(true);
        }
      }
    }
  });
});

/** Texts a real applicant reads (issue 17): no slips, no button talk where there are no buttons. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCALES_DIR, t } from '../../src/i18n/index.ts';

function strings(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (node && typeof node === 'object') return Object.values(node).flatMap(strings);
  return [];
}

describe('text slips', () => {
  it('writes ID in capitals in every English text', () => {
    const dir = join(LOCALES_DIR, 'en');
    const slips = readdirSync(dir)
      .flatMap((f) => strings(JSON.parse(readFileSync(join(dir, f), 'utf8'))))
      .filter((s) => /\biD\b|\bId\b(?! )/.test(s));
    expect(slips).toEqual([]);
  });

  it('texts shown in the console too speak of options, not only of buttons (zh and en)', () => {
    for (const lang of ['zh', 'en'] as const) {
      for (const key of ['notify:interview.help', 'conversation:help']) {
        const text = t(lang, key);
        expect(text).not.toMatch(/^Press|点击下方按钮/);
        expect(text).toMatch(lang === 'zh' ? /选/ : /[Cc]hoose/);
      }
    }
  });

  it('says the organisation code certificate was merged into the licence in 2015–2017 (zh and en)', () => {
    for (const lang of ['zh', 'en'] as const) {
      expect(t(lang, 'filing:enums.documentType.organization_code')).toContain('2015–2017');
    }
  });
});

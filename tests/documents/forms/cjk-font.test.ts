/** The bundled CJK font: found on disk from npm, with glyphs for the forms' Chinese. */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CJK_FONT_PATH, cjkFont, cjkFontBytes } from '../../../src/documents/forms/cjk-font.ts';

describe('CJK font', () => {
  it('is an OpenType file shipped in node_modules', () => {
    expect(existsSync(CJK_FONT_PATH)).toBe(true);
    expect(cjkFontBytes().subarray(0, 4).toString('latin1')).toBe('OTTO');
  });

  it("has a glyph for every character of the forms' titles and of typical names and places", () => {
    const font = cjkFont();
    for (const char of '网站备案信息真实性核验单承诺书授权福州鼓楼区张三李四王五ABCxyz0123') {
      expect(font.hasGlyphForCodePoint(char.codePointAt(0)!), char).toBe(true);
    }
  });
});

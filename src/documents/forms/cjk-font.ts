/**
 * The one CJK font of the app: Noto Sans Hans Regular (SIL OFL 1.1), shipped as an OpenType file in
 * the npm package `@embedpdf/fonts-sc`, so nothing is downloaded at run time. The PDF forms embed a
 * subset of it; tests and tools that draw Chinese text (e.g. synthetic ID card images) use the
 * same file through `CJK_FONT_PATH`.
 *
 * Coverage: GB 2312 and the common GB 18030 characters; rare ideographs outside the Basic
 * Multilingual Plane (e.g. 𠮷) have no glyph and print as blanks.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as fontkit from 'fontkit';

const require = createRequire(import.meta.url);

/** The package exports only its JavaScript entry (`dist/index.cjs`); the fonts sit next to `dist`. */
export const CJK_FONT_PATH = join(
  dirname(require.resolve('@embedpdf/fonts-sc')),
  '..',
  'fonts',
  'NotoSansHans-Regular.otf',
);

let bytes: Buffer | undefined;
let parsed: fontkit.Font | undefined;

/** The font file's bytes, read once. */
export function cjkFontBytes(): Buffer {
  bytes ??= readFileSync(CJK_FONT_PATH);
  return bytes;
}

/**
 * The font parsed once per process: parsing the 8 MB file costs several hundred milliseconds, and
 * pdfkit accepts a parsed font, so each PDF then only pays for the glyphs it uses.
 */
export function cjkFont(): fontkit.Font {
  if (!parsed) {
    const font = fontkit.create(cjkFontBytes());
    // A collection (.ttc) would need a name; this package ships single fonts.
    if (!('layout' in font)) throw new Error(`${CJK_FONT_PATH} is a font collection, not one font`);
    parsed = font;
  }
  return parsed;
}

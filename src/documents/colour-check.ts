import type { Sharp } from 'sharp';

/**
 * Is this picture a colour capture, or a greyscale scan? The provider accepts only colour scans or
 * photos, and most scanners' "greyscale" mode still writes a 3-channel RGB JPEG, so the channel
 * count alone does not tell. The picture is shrunk to fit 256×256 (65,536 samples at most: small
 * enough to be quick, fine enough that a seal covers dozens of samples; shrinking also averages
 * out sensor and JPEG noise), and per sample chroma = max(r,g,b) − min(r,g,b) on 0–255.
 *
 * It is colour when either holds:
 * 1. Colourful details: at least 0.2 % of samples have chroma above 24. 24 (about 10 % of full
 *    scale) is far above what greyscale capture leaves (JPEG rounding ±2, per-channel scanner noise,
 *    both averaged away by the shrink; measured 0 on the fixtures) and below any real ink colour: a
 *    red seal or a blue header diluted 50/50 with white paper by the shrink still measures > 80.
 *    0.2 % is about 130 samples: the thin ring of a 4 cm official seal on an A4 page alone measures
 *    about 0.5 % (fixture `sealedLetterScanJpeg`), a coloured logo or header more, while stray
 *    noise never adds up to that.
 * 2. A colour cast: the mean of (r−g), (g−b) or (r−b) over the whole picture is 3 levels or more
 *    away from 0. Real paper photographed or colour-scanned is never exactly neutral (warm or cool
 *    light, white balance), while greyscale output has r = g = b, and per-channel noise averages to
 *    0. This lets a colour photo of a black-and-white page pass.
 *
 * Known limit: a colour scan of a purely black-and-white page, perfectly white-balanced, looks
 * exactly like a greyscale scan and is refused; the message asks for a colour scan or photo.
 */
export const COLOUR_SAMPLE_SIDE = 256;
export const COLOURFUL_CHROMA = 24;
export const COLOURFUL_SHARE = 0.002;
export const COLOUR_CAST_LEVELS = 3;

export interface ColourMeasure {
  /** Share (0–1) of samples whose chroma exceeds COLOURFUL_CHROMA. */
  colourfulShare: number;
  /** Largest absolute mean channel difference, in levels. */
  cast: number;
}

export async function measureColour(image: Sharp): Promise<ColourMeasure> {
  const { data, info } = await image
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .resize(COLOUR_SAMPLE_SIDE, COLOUR_SAMPLE_SIDE, { fit: 'inside', withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const step = info.channels;
  const samples = info.width * info.height;
  let colourful = 0;
  let rg = 0;
  let gb = 0;
  let rb = 0;
  for (let i = 0; i < samples * step; i += step) {
    const r = data[i]!;
    const g = data[i + 1]!;
    const b = data[i + 2]!;
    if (Math.max(r, g, b) - Math.min(r, g, b) > COLOURFUL_CHROMA) colourful++;
    rg += r - g;
    gb += g - b;
    rb += r - b;
  }
  return {
    colourfulShare: colourful / samples,
    cast: Math.max(Math.abs(rg), Math.abs(gb), Math.abs(rb)) / samples,
  };
}

export function isColour(measure: ColourMeasure): boolean {
  return measure.colourfulShare >= COLOURFUL_SHARE || measure.cast >= COLOUR_CAST_LEVELS;
}

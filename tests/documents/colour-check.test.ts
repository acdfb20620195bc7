import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { isColour, measureColour } from '../../src/documents/colour-check.ts';

function solid(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]) {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * 3);
  }
  return sharp(data, { raw: { width, height, channels: 3 } });
}

describe('measureColour / isColour', () => {
  it('pure grey is not colour, whatever its brightness pattern', async () => {
    const m = await measureColour(solid(800, 600, (x, y) => [(x + y) % 256, (x + y) % 256, (x + y) % 256]));
    expect(m).toEqual({ colourfulShare: 0, cast: 0 });
    expect(isColour(m)).toBe(false);
  });

  it('white paper with a small blue header band (1% of the page) is colour', async () => {
    const m = await measureColour(
      solid(1000, 1000, (_x, y) => (y >= 20 && y < 30 ? [30, 80, 170] : [250, 250, 250])),
    );
    expect(m.colourfulShare).toBeGreaterThan(0.005);
    expect(isColour(m)).toBe(true);
  });

  it('neutral paper with a faint 2-level tint is still grey; a 6-level warm cast is colour', async () => {
    expect(isColour(await measureColour(solid(600, 600, () => [241, 240, 239])))).toBe(false);
    expect(isColour(await measureColour(solid(600, 600, () => [244, 240, 238])))).toBe(true);
  });

  it('isolated coloured specks (dust, 0.05%) do not make a grey page colour', async () => {
    const m = await measureColour(
      solid(1000, 1000, (x, y) => (x % 45 === 0 && y % 45 === 0 ? [255, 0, 0] : [200, 200, 200])),
    );
    expect(isColour(m)).toBe(false);
  });
});

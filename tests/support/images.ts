import sharp from 'sharp';

/**
 * Upload fixtures made at test time: nothing downloaded, nothing binary in git. Pixel content is
 * deterministic (a seeded generator) so a failure reproduces.
 */

type Rgb = readonly [number, number, number];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const clamp = (v: number) => Math.max(0, Math.min(255, Math.round(v)));

interface Canvas {
  width: number;
  height: number;
  data: Buffer;
  fill(x0: number, y0: number, w: number, h: number, colour: Rgb): void;
  ring(cx: number, cy: number, radius: number, thickness: number, colour: Rgb): void;
}

function canvas(width: number, height: number, paper: (x: number, y: number) => Rgb): Canvas {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = paper(x, y);
      const i = (y * width + x) * 3;
      data[i] = clamp(r);
      data[i + 1] = clamp(g);
      data[i + 2] = clamp(b);
    }
  }
  const set = (x: number, y: number, [r, g, b]: Rgb) => {
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    const i = (y * width + x) * 3;
    data[i] = r;
    data[i + 1] = g;
    data[i + 2] = b;
  };
  return {
    width,
    height,
    data,
    fill(x0, y0, w, h, colour) {
      for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) set(x, y, colour);
    },
    ring(cx, cy, radius, thickness, colour) {
      for (let y = cy - radius; y <= cy + radius; y++) {
        for (let x = cx - radius; x <= cx + radius; x++) {
          const d = Math.hypot(x - cx, y - cy);
          if (d <= radius && d >= radius - thickness) set(x, y, colour);
        }
      }
    },
  };
}

/** Lines of "text": dark dashes of varying length across the page, as a printed letter looks from afar. */
function textLines(c: Canvas, top: number, bottom: number, colour: Rgb, seed: number): void {
  const random = rng(seed);
  for (let y = top; y < bottom; y += 28) {
    let x = 80;
    while (x < c.width - 120) {
      const word = 20 + Math.floor(random() * 90);
      c.fill(x, y, word, 12, colour);
      x += word + 14;
    }
  }
}

function encode(c: Canvas) {
  return sharp(c.data, { raw: { width: c.width, height: c.height, channels: 3 } });
}

/**
 * A phone photo of a company certificate: white paper under slightly warm light with sensor noise,
 * dark text, a blue header band and a red round seal (about 1.5% of the picture).
 */
export function documentPhotoPixels(width = 1280, height = 900, colourInk = true): Canvas {
  const random = rng(42);
  const c = canvas(width, height, (x, y) => {
    const light = 238 - (x / width) * 10 - (y / height) * 8;
    const noise = (random() - 0.5) * 6;
    return [light + 4 + noise, light + 1 + noise, light - 3 + noise];
  });
  textLines(c, 160, height - 80, [40, 40, 45], 7);
  if (colourInk) {
    c.fill(60, 40, width - 120, 70, [30, 80, 170]);
    c.ring(width - 260, height - 220, 110, 12, [200, 30, 35]);
  }
  return c;
}

/** A colour scan of a black-and-white letter whose only colour is a red seal: must pass as colour. */
export function sealedLetterScanPixels(width = 1240, height = 1754): Canvas {
  const c = canvas(width, height, () => [255, 255, 255]);
  textLines(c, 200, height - 400, [20, 20, 20], 11);
  c.ring(width - 330, height - 300, 120, 10, [210, 25, 30]);
  return c;
}

/** The same letter without its seal, grey (r = g = b) with scanner noise on each channel. */
export function noisyGreyScanPixels(width = 1240, height = 1754): Canvas {
  const random = rng(5);
  const c = canvas(width, height, () => {
    const v = 245 + (random() - 0.5) * 10;
    return [v + (random() - 0.5) * 6, v + (random() - 0.5) * 6, v + (random() - 0.5) * 6];
  });
  textLines(c, 200, height - 400, [25, 25, 25], 11);
  return c;
}

export const colourPhotoJpeg = () => encode(documentPhotoPixels()).jpeg({ quality: 85 }).toBuffer();

/** A phone photo of a black-and-white letter: no coloured ink, only the warm cast of real light on paper. */
export const plainLetterPhotoJpeg = () =>
  encode(documentPhotoPixels(1280, 900, false))
    .jpeg({ quality: 85 })
    .toBuffer();

export const sealedLetterScanJpeg = () => encode(sealedLetterScanPixels()).jpeg({ quality: 90 }).toBuffer();

/** A colour PNG (an ID card-like picture), 1000×640, with an alpha channel. */
export function colourPng(): Promise<Buffer> {
  const c = canvas(1000, 640, (x, y) => [150 + (x % 100), 190, 220 - (y % 60)]);
  c.fill(60, 140, 260, 340, [120, 100, 90]);
  textLines(c, 160, 560, [30, 30, 60], 3);
  return encode(c).ensureAlpha().png().toBuffer();
}

/** The photo converted to grey and saved with one channel (a "greyscale" scan setting). */
export const greyscaleJpeg = () =>
  encode(documentPhotoPixels()).greyscale().toColourspace('b-w').jpeg({ quality: 85 }).toBuffer();

/** The photo converted to grey but saved as a 3-channel RGB JPEG, as many scanners do. */
export const greyscaleAsRgbJpeg = () =>
  encode(documentPhotoPixels()).greyscale().toColourspace('srgb').jpeg({ quality: 85 }).toBuffer();

/** A grey scan saved as RGB with independent noise on each channel. */
export const noisyGreyScanJpeg = () => encode(noisyGreyScanPixels()).jpeg({ quality: 90 }).toBuffer();

/** A greyscale PNG with alpha: two channels. */
export const greyAlphaPng = () =>
  encode(documentPhotoPixels(900, 700)).greyscale().toColourspace('b-w').ensureAlpha().png().toBuffer();

/** Colourful but too small to read: 300×200. */
export const tinyColourJpeg = () => encode(documentPhotoPixels(300, 200)).jpeg().toBuffer();

/**
 * A minimal valid one-page PDF, written by hand with a correct cross-reference table. `catalog`
 * adds entries to the document catalog; `objects` replaces the three objects (catalog, pages, page).
 */
export function minimalPdf(options: { catalog?: string; objects?: string[] } = {}): Buffer {
  const objects = options.objects ?? [
    `<< /Type /Catalog /Pages 2 0 R ${options.catalog ?? ''}>>`,
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A Windows executable's first bytes (DOS "MZ" header, PE offset, "PE\0\0"), whatever it is named. */
export function fakeExe(): Buffer {
  const bytes = Buffer.alloc(512);
  bytes.write('MZ', 0, 'latin1');
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.write('PE\0\0', 0x80, 'latin1');
  return bytes;
}

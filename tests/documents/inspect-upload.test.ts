import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { inspectUpload } from '../../src/documents/inspect-upload.ts';
import { DEFAULT_UPLOAD_LIMITS, type UploadResult } from '../../src/documents/upload-problems.ts';
import * as fixtures from '../support/images.ts';

const limits = DEFAULT_UPLOAD_LIMITS;

function problemCode<T>(result: UploadResult<T>): string | undefined {
  return result.ok ? undefined : result.problems.map((p) => p.code).join(',');
}

const images: Record<string, Buffer> = {};
beforeAll(async () => {
  for (const [name, make] of Object.entries(fixtures)) {
    if (name.endsWith('Pixels')) continue;
    images[name] = await (make as () => Buffer | Promise<Buffer>)();
  }
});

describe('inspectUpload: accepted', () => {
  it('a colour photo of a certificate (JPEG 1280×900)', async () => {
    const bytes = images.colourPhotoJpeg!;
    const result = await inspectUpload(bytes, limits);
    expect(result).toEqual({
      ok: true,
      value: {
        contentType: 'image/jpeg',
        ext: 'jpg',
        size: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        width: 1280,
        height: 900,
      },
    });
  });

  it('a colour scan of a black-and-white letter whose only colour is a red seal', async () => {
    const result = await inspectUpload(images.sealedLetterScanJpeg!, limits);
    expect(result.ok && result.value).toMatchObject({ ext: 'jpg', width: 1240, height: 1754 });
  });

  it('a colour photo of a black-and-white letter (the warm cast of real light)', async () => {
    expect(problemCode(await inspectUpload(images.plainLetterPhotoJpeg!, limits))).toBeUndefined();
  });

  it('a colour PNG with transparency', async () => {
    const result = await inspectUpload(images.colourPng!, limits);
    expect(result.ok && result.value).toMatchObject({ contentType: 'image/png', ext: 'png', width: 1000 });
  });

  it('a PDF, without dimensions', async () => {
    const bytes = images.minimalPdf!;
    const result = await inspectUpload(bytes, limits);
    expect(result.ok && result.value).toEqual({
      contentType: 'application/pdf',
      ext: 'pdf',
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
  });

  it('reports dimensions as displayed, after the EXIF rotation of a portrait phone photo', async () => {
    const rotated = await sharp(images.colourPhotoJpeg!).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    const result = await inspectUpload(rotated, limits);
    expect(result.ok && [result.value.width, result.value.height]).toEqual([900, 1280]);
  });
});

describe('inspectUpload: refused, each with its code', () => {
  it.each([
    ['greyscaleJpeg', 'one channel'],
    ['greyscaleAsRgbJpeg', 'grey saved as RGB'],
    ['noisyGreyScanJpeg', 'grey with per-channel scanner noise'],
    ['greyAlphaPng', 'grey with alpha (two channels)'],
  ])('%s (%s) → upload.grayscale', async (name) => {
    expect(problemCode(await inspectUpload(images[name]!, limits))).toBe('upload.grayscale');
  });

  it('a 300×200 colour image → upload.too_small, with its size', async () => {
    const result = await inspectUpload(images.tinyColourJpeg!, limits);
    expect(result).toEqual({
      ok: false,
      problems: [
        { code: 'upload.too_small', params: { maxMb: 10, minSidePx: 600, width: 300, height: 200 } },
      ],
    });
  });

  it('the minimum side is configurable', async () => {
    expect(problemCode(await inspectUpload(images.colourPhotoJpeg!, { ...limits, minSidePx: 901 }))).toBe(
      'upload.too_small',
    );
    expect(
      problemCode(await inspectUpload(images.tinyColourJpeg!, { ...limits, minSidePx: 200 })),
    ).toBeUndefined();
  });

  it('an executable → upload.unsupported_type, saying what it is', async () => {
    const result = await inspectUpload(images.fakeExe!, limits);
    expect(result.ok ? undefined : result.problems[0]).toEqual({
      code: 'upload.unsupported_type',
      params: { maxMb: 10, minSidePx: 600, detected: 'exe' },
    });
  });

  it('other real formats (WebP, GIF) and plain text → upload.unsupported_type', async () => {
    const webp = await sharp(images.colourPhotoJpeg!).webp().toBuffer();
    const gif = await sharp(images.colourPhotoJpeg!).gif().toBuffer();
    for (const bytes of [webp, gif, Buffer.from('hello, this is a text file\n')]) {
      expect(problemCode(await inspectUpload(bytes, limits))).toBe('upload.unsupported_type');
    }
  });

  it('empty bytes → upload.empty', async () => {
    expect(problemCode(await inspectUpload(Buffer.alloc(0), limits))).toBe('upload.empty');
  });

  it('over the size limit → upload.too_large, before looking inside', async () => {
    const bytes = images.colourPhotoJpeg!;
    const result = await inspectUpload(bytes, { ...limits, maxBytes: bytes.length - 1 });
    expect(problemCode(result)).toBe('upload.too_large');
    expect(await inspectUpload(bytes, { ...limits, maxBytes: bytes.length })).toMatchObject({ ok: true });
  });

  it('a JPEG cut off in the middle → upload.unreadable', async () => {
    const bytes = images.colourPhotoJpeg!;
    const cut = bytes.subarray(0, Math.floor(bytes.length / 2));
    expect(problemCode(await inspectUpload(cut, limits))).toBe('upload.unreadable');
  });

  it('a PDF without its end marker (cut-off download) → upload.unreadable', async () => {
    const pdf = images.minimalPdf!;
    expect(problemCode(await inspectUpload(pdf.subarray(0, pdf.length - 8), limits))).toBe(
      'upload.unreadable',
    );
  });
});

describe('inspectUpload: a PDF must parse as one (issue 12 item 5)', () => {
  const code = async (bytes: Buffer) => problemCode(await inspectUpload(bytes, limits));

  it('a real one-page PDF is accepted', async () => {
    expect(await code(fixtures.minimalPdf())).toBeUndefined();
  });

  it('a 40-byte fake with a header and an end marker → upload.unreadable', async () => {
    const fake = Buffer.from('%PDF-1.4\nnot a pdf at all\n%%EOF\n', 'latin1');
    expect(fake.length).toBeLessThanOrEqual(40);
    expect(await code(fake)).toBe('upload.unreadable');
    // Even with a startxref that points nowhere useful.
    expect(await code(Buffer.from('%PDF-1.4\n1 0 obj\n<< >>\nendobj\nstartxref\n9\n%%EOF\n', 'latin1'))).toBe(
      'upload.unreadable',
    );
  });

  it('a PDF without pages → upload.unreadable', async () => {
    const noPages = fixtures.minimalPdf({
      objects: [
        '<< /Type /Catalog /Pages 2 0 R >>',
        '<< /Type /Pages /Kids [] /Count 0 >>',
        '<< /Type /Foo >>',
      ],
    });
    expect(await code(noPages)).toBe('upload.unreadable');
  });

  it.each([
    ['an OpenAction running JavaScript', '/OpenAction << /S /JavaScript /JS (app.alert(1)) >>'],
    [
      'a document-level JavaScript name tree',
      '/Names << /JavaScript << /Names [(x) << /S /JavaScript /JS (1) >>] >> >>',
    ],
    ['a Launch action', '/OpenAction << /S /Launch /F (calc.exe) >>'],
    ['an additional action with JS', '/AA << /WC << /S /JavaScript /JS (1) >> >>'],
    ['a name written with #xx escapes', '/OpenAction << /S /J#61vaScript /J#53 (1) >>'],
  ])('%s → upload.pdf_active_content', async (_name, catalog) => {
    expect(await code(fixtures.minimalPdf({ catalog }))).toBe('upload.pdf_active_content');
  });

  it('an OpenAction that only opens a page is fine', async () => {
    expect(await code(fixtures.minimalPdf({ catalog: '/OpenAction [3 0 R /Fit]' }))).toBeUndefined();
  });
});

describe('inspectUpload: the bytes decide, never the name', () => {
  it('PNG bytes are a PNG whatever they were called; the function is never told a name', async () => {
    const result = await inspectUpload(images.colourPng!, limits);
    expect(result.ok && result.value.contentType).toBe('image/png');
  });

  it('an .exe renamed .jpg is still refused: only its bytes are examined', async () => {
    const renamed = Buffer.from(images.fakeExe!);
    expect(problemCode(await inspectUpload(renamed, limits))).toBe('upload.unsupported_type');
  });
});

describe('inspectUpload: sha256', () => {
  it('is the SHA-256 of the exact bytes, equal for the same bytes, different for other bytes', async () => {
    const a = await inspectUpload(images.colourPhotoJpeg!, limits);
    const again = await inspectUpload(Buffer.from(images.colourPhotoJpeg!), limits);
    const other = await inspectUpload(images.sealedLetterScanJpeg!, limits);
    if (!a.ok || !again.ok || !other.ok) throw new Error('fixtures should be accepted');
    expect(a.value.sha256).toBe(createHash('sha256').update(images.colourPhotoJpeg!).digest('hex'));
    expect(again.value.sha256).toBe(a.value.sha256);
    expect(other.value.sha256).not.toBe(a.value.sha256);
  });
});

import QRCode from 'qrcode';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { inspectUpload } from '../../../src/documents/inspect-upload.ts';
import { startPageWorker } from '../../../src/documents/reading/page-reader.ts';
import { readDocument } from '../../../src/documents/reading/read-document.ts';
import { DEFAULT_UPLOAD_LIMITS } from '../../../src/documents/upload-problems.ts';
import {
  hugeFlatPng,
  licenceImage,
  licenceUrl,
  pdfOfJpeg,
  USCC_A,
  USCC_B,
} from '../../support/document-fixtures.ts';

const licence = { kind: 'sponsor_certificate' };

describe('readDocument: the licence QR code', () => {
  it('reads the USCC of a licence photo', async () => {
    const read = await readDocument(
      await licenceImage({ qrText: licenceUrl(USCC_A) }),
      'image/jpeg',
      licence,
    );
    expect(read.qr).toEqual({ text: licenceUrl(USCC_A), uscc: USCC_A, licence: true });
  });

  it('reads another USCC as that one (nothing assumed)', async () => {
    const read = await readDocument(
      await licenceImage({ qrText: licenceUrl(USCC_B) }),
      'image/jpeg',
      licence,
    );
    expect(read.qr?.uscc).toBe(USCC_B);
  });

  it('a licence without a QR code: null (looked for, none found)', async () => {
    const read = await readDocument(await licenceImage(), 'image/jpeg', licence);
    expect(read.readable).toBe(true);
    expect(read.qr).toBeNull();
  });

  it('is not looked for on other kinds', async () => {
    const read = await readDocument(await licenceImage({ qrText: licenceUrl(USCC_A) }), 'image/jpeg', {
      kind: 'domain_certificate',
    });
    expect(read.qr).toBeUndefined();
  });

  it("reads a scanned licence PDF's first page", async () => {
    const pdf = await pdfOfJpeg(await licenceImage({ qrText: licenceUrl(USCC_B) }));
    expect((await inspectUpload(pdf, DEFAULT_UPLOAD_LIMITS)).ok).toBe(true);
    const read = await readDocument(pdf, 'application/pdf', licence);
    expect(read.qr?.uscc).toBe(USCC_B);
  });

  it('a QR holding a link that is not a licence: found, no USCC, not a licence', async () => {
    const read = await readDocument(
      await licenceImage({ qrText: `https://shop.example.com/?id=${USCC_A}` }),
      'image/jpeg',
      licence,
    );
    expect(read.qr).toMatchObject({ uscc: null, licence: false });
  });

  it('a QR with 2 KB of text: kept short, not a licence', async () => {
    const text = `http://www.gsxt.gov.cn/?uniscid=${USCC_A}&p=${'A'.repeat(2000)}`;
    const qr = await QRCode.toBuffer(text, { width: 900, margin: 4, errorCorrectionLevel: 'L' });
    const photo = await sharp({ create: { width: 1400, height: 1200, channels: 3, background: '#f5efe0' } })
      .composite([{ input: qr, left: 250, top: 150 }])
      .jpeg({ quality: 95 })
      .toBuffer();
    const read = await readDocument(photo, 'image/jpeg', licence);
    expect(read.qr).toMatchObject({ uscc: null, licence: false });
    expect(read.qr?.text.length).toBeLessThanOrEqual(200);
  });
});

describe('readDocument: bad input never throws', () => {
  it('a corrupt PDF (right header and trailer, garbage between) is unreadable', async () => {
    const corrupt = Buffer.concat([
      Buffer.from('%PDF-1.7\n'),
      Buffer.alloc(4000, 0x7a),
      Buffer.from('\n%%EOF\n'),
    ]);
    const read = await readDocument(corrupt, 'application/pdf', licence);
    expect(read).toEqual({ readable: false });
  });

  it('a 20,000 × 20,000 px image small on disk is refused before any reading', async () => {
    const png = await hugeFlatPng();
    expect(png.length).toBeLessThan(DEFAULT_UPLOAD_LIMITS.maxBytes);
    const inspected = await inspectUpload(png, DEFAULT_UPLOAD_LIMITS);
    expect(inspected.ok ? [] : inspected.problems.map((p) => p.code)).toEqual(['upload.too_many_pixels']);
    // And should the reader ever get it, sharp's pixel limit makes it "not read", not a crash.
    const read = await readDocument(png, 'image/png', licence);
    expect(read.qr).toBeUndefined();
  });
});

describe('readDocument with the page worker (as the service runs it)', () => {
  it('renders a licence PDF and finds its QR off the main thread; a corrupt PDF is unreadable there too', async () => {
    const pages = startPageWorker({ timeoutMs: 120_000 });
    try {
      const pdf = await pdfOfJpeg(await licenceImage({ qrText: licenceUrl(USCC_A) }));
      const read = await readDocument(pdf, 'application/pdf', { ...licence, pages });
      expect(read.qr?.uscc).toBe(USCC_A);
      const corrupt = Buffer.concat([
        Buffer.from('%PDF-1.7\n'),
        Buffer.alloc(4000, 0x7a),
        Buffer.from('\n%%EOF\n'),
      ]);
      expect(await readDocument(corrupt, 'application/pdf', { ...licence, pages })).toEqual({
        readable: false,
      });
    } finally {
      await pages.close();
    }
  }, 240_000);
});

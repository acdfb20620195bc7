/**
 * Reads an accepted upload (adapter): renders a PDF's first page, looks for the licence QR code,
 * and sends ID fronts and licences to the OCR worker. Used by the upload service and
 * `icp documents inspect` alike. Never throws for bad bytes: what cannot be read is left out.
 */
import sharp from 'sharp';
import { type OcrLayout, ocrLayoutOf, parseIdFront, parseLicence } from '../ocr/ocr-fields.ts';
import { ID_FRONT_MAX_SIDE, LICENCE_MAX_SIDE, type OcrReader } from '../ocr/ocr-reader.ts';
import { renderFirstPage } from '../pdf-first-page.ts';
import { decodeQr } from '../qr/decode-qr.ts';
import { KEPT_QR_TEXT, readLicenceQr } from '../qr/licence-qr.ts';
import type { OcrRead, QrFound } from './document-reading.ts';

export interface ReadOptions {
  /** Which kind the upload is for; decides what is read (the QR on a licence, OCR on ID fronts and licences). */
  kind?: string;
  /** Absent when OCR is off or not available. */
  ocr?: OcrReader | undefined;
  /** Look for a QR code whatever the kind (`icp documents inspect` without --kind). */
  alwaysQr?: boolean;
}

export interface DocumentRead {
  /** False when the bytes (a PDF's first page) could not be turned into an image. */
  readable: boolean;
  /** The image looked at: the photo itself, or the PDF's rendered first page. */
  image?: Buffer;
  qr?: QrFound | null;
  ocr?: OcrRead;
}

export async function readDocument(
  bytes: Buffer,
  contentType: string,
  options: ReadOptions,
): Promise<DocumentRead> {
  const image = contentType === 'application/pdf' ? await renderFirstPage(bytes) : bytes;
  if (!image) return { readable: false };
  const read: DocumentRead = { readable: true, image };
  const layout = options.kind ? ocrLayoutOf(options.kind) : undefined;
  const wantsQr = options.alwaysQr || options.kind === 'sponsor_certificate';
  // The QR decoder runs here and the OCR in its worker: both at once.
  const [qr, ocr] = await Promise.all([
    wantsQr ? findQr(image) : Promise.resolve(undefined),
    layout && options.ocr ? readText(image, layout, options.ocr) : Promise.resolve(undefined),
  ]);
  if (qr !== undefined) read.qr = qr;
  if (ocr) read.ocr = ocr;
  return read;
}

async function findQr(image: Buffer): Promise<QrFound | null | undefined> {
  let text: string | null;
  try {
    text = await decodeQr(image);
  } catch {
    return undefined;
  }
  if (text === null) return null;
  const licence = readLicenceQr(text);
  return {
    text: text.slice(0, KEPT_QR_TEXT),
    uscc: licence.kind === 'licence' ? licence.uscc : null,
    licence: licence.kind !== 'not_licence',
  };
}

async function readText(image: Buffer, layout: OcrLayout, ocr: OcrReader): Promise<OcrRead | undefined> {
  const lines = await ocr.read(image, layout === 'id_front' ? ID_FRONT_MAX_SIDE : LICENCE_MAX_SIDE);
  if (!lines) return undefined;
  const parsed = layout === 'id_front' ? parseIdFront(lines) : parseLicence(lines);
  return { layout, fields: { ...parsed } as OcrRead['fields'] };
}

/** A PDF page's size and colour, which the upload check does not measure (it only checks the file). */
export async function imageFacts(image: Buffer): Promise<{ width: number; height: number }> {
  const meta = await sharp(image).metadata();
  return { width: meta.autoOrient.width, height: meta.autoOrient.height };
}

/**
 * Reads an accepted upload (adapter): renders a PDF's first page, looks for the licence QR code
 * (both in the page reader), and sends ID fronts and licences to the OCR worker. Used by the upload service and
 * `icp documents inspect` alike. Never throws for bad bytes: what cannot be read is left out.
 */
import sharp from 'sharp';
import { type OcrLayout, ocrLayoutOf, parseIdFront, parseLicence } from '../ocr/ocr-fields.ts';
import { ID_FRONT_MAX_SIDE, LICENCE_MAX_SIDE, type OcrReader } from '../ocr/ocr-reader.ts';
import { KEPT_QR_TEXT, readLicenceQr } from '../qr/licence-qr.ts';
import type { OcrRead, QrFound } from './document-reading.ts';
import { inProcessPageReader, type PageRead, type PageReader } from './page-reader.ts';

export interface ReadOptions {
  /** Which kind the upload is for; decides what is read (the QR on a licence, OCR on ID fronts and licences). */
  kind?: string;
  /** Absent when OCR is off or not available. */
  ocr?: OcrReader | undefined;
  /** PDF rendering and the QR search; default in this thread (the service passes its worker). */
  pages?: PageReader;
  /** Look for a QR code whatever the kind (`icp documents inspect` without --kind). */
  alwaysQr?: boolean;
}

export interface DocumentRead {
  /** False when the bytes (a PDF's first page) could not be turned into an image, or not in time. */
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
  const pdf = contentType === 'application/pdf';
  const findQr = Boolean(options.alwaysQr || options.kind === 'sponsor_certificate');
  const layout = options.kind ? ocrLayoutOf(options.kind) : undefined;
  const pages = options.pages ?? inProcessPageReader;
  // An image's QR search and its OCR run at once (two threads); a PDF's page must be rendered first.
  const [page, lines] = await Promise.all([
    pdf || findQr ? pages.read({ bytes, pdf, findQr }) : Promise.resolve({ readable: true } as PageRead),
    !pdf && layout && options.ocr ? readText(bytes, layout, options.ocr) : Promise.resolve(undefined),
  ]);
  if (!page?.readable) return { readable: false };
  const image = page.page ? Buffer.from(page.page) : bytes;
  const read: DocumentRead = { readable: true, image };
  if (page.qrText !== undefined) read.qr = page.qrText === null ? null : qrFound(page.qrText);
  const ocr = pdf && layout && options.ocr ? await readText(image, layout, options.ocr) : lines;
  if (ocr) read.ocr = ocr;
  return read;
}

function qrFound(text: string): QrFound {
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

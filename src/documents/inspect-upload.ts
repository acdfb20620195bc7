import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import sharp, { type Metadata } from 'sharp';
import { isColour, measureColour } from './colour-check.ts';
import { checkPdfStructure } from './pdf-structure.ts';
import {
  refuse,
  toMb,
  type UploadLimits,
  type UploadProblem,
  type UploadResult,
  uploadProblem,
} from './upload-problems.ts';

export type UploadContentType = 'image/jpeg' | 'image/png' | 'application/pdf';
export type UploadExt = 'jpg' | 'png' | 'pdf';

export interface InspectedUpload {
  contentType: UploadContentType;
  ext: UploadExt;
  size: number;
  /** Hex SHA-256 of the bytes: the same file sent twice has the same digest. */
  sha256: string;
  /** Images only, as displayed (after EXIF rotation). */
  width?: number;
  height?: number;
}

const ACCEPTED: Record<string, { contentType: UploadContentType; ext: UploadExt }> = {
  'image/jpeg': { contentType: 'image/jpeg', ext: 'jpg' },
  'image/png': { contentType: 'image/png', ext: 'png' },
  'application/pdf': { contentType: 'application/pdf', ext: 'pdf' },
};

/**
 * sharp's own default limit (0x3FFF²): beyond it sharp will not decode, so say so plainly instead
 * of "unreadable". Also the guard against decompression bombs that fit in a few MB.
 */
const MAX_PIXELS = 0x3fff * 0x3fff;

/**
 * Decides from the bytes alone (never the file name or declared MIME type) whether an upload is an
 * acceptable document: JPEG, PNG or PDF within the size limit; images large enough to read and in
 * colour. Refusals are results with a problem code; only infrastructure faults throw.
 */
export async function inspectUpload(
  bytes: Buffer,
  limits: UploadLimits,
): Promise<UploadResult<InspectedUpload>> {
  if (bytes.length === 0) return refuse(uploadProblem('upload.empty', limits));
  if (bytes.length > limits.maxBytes) {
    return refuse(uploadProblem('upload.too_large', limits, { sizeMb: toMb(bytes.length) }));
  }
  const detected = await fileTypeFromBuffer(bytes);
  const accepted = detected ? ACCEPTED[detected.mime] : undefined;
  if (!accepted) {
    return refuse(uploadProblem('upload.unsupported_type', limits, { detected: detected?.ext ?? 'unknown' }));
  }
  const base = {
    ...accepted,
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
  if (accepted.ext === 'pdf') {
    const problem = await checkPdf(bytes, limits);
    return problem ? refuse(problem) : { ok: true, value: base };
  }
  return inspectImage(bytes, limits, base);
}

async function inspectImage(
  bytes: Buffer,
  limits: UploadLimits,
  base: Omit<InspectedUpload, 'width' | 'height'>,
): Promise<UploadResult<InspectedUpload>> {
  let metadata: Metadata;
  try {
    // Headers only, so sharp's own pixel limit is lifted here: otherwise an image over it fails
    // as "unreadable" instead of getting the too_many_pixels refusal below that says what to send.
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    return refuse(uploadProblem('upload.unreadable', limits));
  }
  const { width, height } = metadata.autoOrient;
  if (width * height > MAX_PIXELS) {
    return refuse(
      uploadProblem('upload.too_many_pixels', limits, { maxMegapixels: Math.floor(MAX_PIXELS / 1e6) }),
    );
  }
  if (Math.min(width, height) < limits.minSidePx) {
    return refuse(uploadProblem('upload.too_small', limits, { width, height }));
  }
  // One channel (grey) or two (grey + alpha): greyscale by construction.
  if (metadata.channels <= 2 || metadata.space === 'b-w' || metadata.space === 'grey16') {
    return refuse(uploadProblem('upload.grayscale', limits));
  }
  try {
    if (!isColour(await measureColour(sharp(bytes))))
      return refuse(uploadProblem('upload.grayscale', limits));
  } catch {
    // Headers were fine but the pixel data is not (truncated or corrupt file).
    return refuse(uploadProblem('upload.unreadable', limits));
  }
  return { ok: true, value: { ...base, width, height } };
}

/**
 * file-type recognises a PDF by its `%PDF-` header only; the structure is parsed (pdf-structure.ts):
 * a cut-off download or a fake is unreadable, a PDF that carries script or a launch action is refused.
 */
async function checkPdf(bytes: Buffer, limits: UploadLimits): Promise<UploadProblem | undefined> {
  const verdict = await checkPdfStructure(bytes);
  if (verdict === 'ok') return undefined;
  return uploadProblem(
    verdict === 'active_content' ? 'upload.pdf_active_content' : 'upload.unreadable',
    limits,
  );
}

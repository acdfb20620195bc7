import type { Text, TextParams } from '../i18n/index.ts';

/** Why an upload was refused; each code has a text at `documents:problems.<code>` saying what to send instead. */
export type UploadProblemCode =
  | 'upload.empty'
  | 'upload.too_large'
  | 'upload.unsupported_type'
  | 'upload.unreadable'
  | 'upload.too_many_pixels'
  | 'upload.too_small'
  | 'upload.grayscale'
  /** A PDF with JavaScript or a launch action. */
  | 'upload.pdf_active_content'
  /** The upload service's, before inspection: a kind of document the filing does not use. */
  | 'upload.unknown_kind';

export interface UploadProblem {
  code: UploadProblemCode;
  /** Always `maxMb` and `minSidePx` (so every text can say what is accepted), plus the code's own values. */
  params: TextParams;
}

export type UploadResult<T> = { ok: true; value: T } | { ok: false; problems: UploadProblem[] };

export interface UploadLimits {
  /** Largest accepted file, bytes. */
  maxBytes: number;
  /** Shortest accepted image side, pixels (as displayed, after EXIF rotation). */
  minSidePx: number;
}

/** The defaults of UPLOAD_MAX_BYTES and UPLOAD_MIN_SIDE_PX. */
export const DEFAULT_UPLOAD_LIMITS: UploadLimits = { maxBytes: 10 * 1024 * 1024, minSidePx: 600 };

/** Bytes as megabytes for people: 10485760 → 10, 1572864 → 1.5. */
export function toMb(bytes: number): number {
  return Math.round((bytes / (1024 * 1024)) * 10) / 10;
}

export function uploadProblem(
  code: UploadProblemCode,
  limits: UploadLimits,
  extra: TextParams = {},
): UploadProblem {
  return { code, params: { maxMb: toMb(limits.maxBytes), minSidePx: limits.minSidePx, ...extra } };
}

export function refuse<T>(problem: UploadProblem): UploadResult<T> {
  return { ok: false, problems: [problem] };
}

/** What an adapter renders with `render(lang, text)`. */
export function uploadProblemText(problem: UploadProblem): Text {
  return { key: `documents:problems.${problem.code}`, params: problem.params };
}

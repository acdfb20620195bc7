import { refuse, type UploadResult, uploadProblem } from './upload-problems.ts';

/** The Bot API's getFile refuses files above 20 MB, whatever our own limit is. */
export const TELEGRAM_DOWNLOAD_LIMIT_BYTES = 20 * 1024 * 1024;

/**
 * Checks the size a channel declares (Telegram's `file_size`) before downloading anything. Telegram
 * may omit the size; then the check passes and `inspectUpload` checks the real bytes. The limit
 * used is the lower of ours and the Bot API's.
 */
export function checkDeclaredSize(
  declaredBytes: number | undefined,
  maxBytes: number,
): UploadResult<{ limitBytes: number }> {
  const limitBytes = Math.min(maxBytes, TELEGRAM_DOWNLOAD_LIMIT_BYTES);
  const limits = { maxBytes: limitBytes, minSidePx: 0 };
  if (declaredBytes === 0) return refuse(uploadProblem('upload.empty', limits));
  if (declaredBytes !== undefined && declaredBytes > limitBytes) {
    return refuse(
      uploadProblem('upload.too_large', limits, { sizeMb: Math.max(toMbCeil(declaredBytes), 0.1) }),
    );
  }
  return { ok: true, value: { limitBytes } };
}

/** Rounded up so a file just over the limit never reads as "10 MB, limit 10 MB". */
export function toMbCeil(bytes: number): number {
  return Math.ceil((bytes / (1024 * 1024)) * 10) / 10;
}

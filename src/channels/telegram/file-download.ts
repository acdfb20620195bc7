/**
 * Downloads an applicant's photo or file from Telegram. The download URL contains the bot token,
 * so it lives only inside this function: it is never logged, stored, returned or put in an error
 * message. Errors carry a stable code instead.
 */
import { readFile, stat } from 'node:fs/promises';
import type { Telegram } from 'telegraf';

export type DownloadFailure = 'too_big' | 'unavailable';

export class FileDownloadError extends Error {
  readonly code: DownloadFailure;
  constructor(code: DownloadFailure, detail?: string) {
    super(`telegram file download failed: ${code}${detail ? ` (${detail})` : ''}`);
    this.name = 'FileDownloadError';
    this.code = code;
  }
}

export interface DownloadOptions {
  maxBytes: number;
  fetchImpl?: typeof fetch;
}

export async function downloadTelegramFile(
  telegram: Telegram,
  fileId: string,
  { maxBytes, fetchImpl = fetch }: DownloadOptions,
): Promise<Buffer> {
  const file = await telegram.getFile(fileId);
  if (file.file_size !== undefined && file.file_size > maxBytes) throw new FileDownloadError('too_big');
  if (!file.file_path) throw new FileDownloadError('unavailable', 'no file_path');
  const url = await telegram.getFileLink(file);
  // A self-hosted Bot API server in --local mode hands out absolute paths on its own disk.
  if (url.protocol === 'file:') {
    const info = await stat(url).catch(() => undefined);
    if (!info) throw new FileDownloadError('unavailable', 'local file missing');
    if (info.size > maxBytes) throw new FileDownloadError('too_big');
    return readFile(url);
  }
  let response: Response;
  try {
    response = await fetchImpl(url);
  } catch {
    throw new FileDownloadError('unavailable', 'network');
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new FileDownloadError('unavailable', `http ${response.status}`);
  }
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body.cancel();
    throw new FileDownloadError('too_big');
  }
  // The declared sizes can lie or be missing: count while reading and stop at the limit.
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new FileDownloadError('too_big');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

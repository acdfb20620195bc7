/**
 * Wiring of document reading: the page worker (PDF pages, QR codes), the OCR worker (unless
 * OCR=off), and the database-backed reading the upload service uses. Both workers start on their
 * first job. OCR off or its model missing leaves today's behaviour (the QR code is still
 * read) and says so in one log line.
 */
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { startOcrWorker } from '../documents/ocr/ocr-reader.ts';
import { startPageWorker } from '../documents/reading/page-reader.ts';
import type { logger as rootLogger } from '../logger.ts';
import { databaseUploadReading, type UploadReading } from '../services/document-upload-service.ts';

export function startDocumentReading(
  config: Pick<Config, 'OCR' | 'OCR_TIMEOUT_MS'>,
  db: Pick<Database, 'prisma' | 'pii'>,
  logger: Pick<typeof rootLogger, 'info' | 'warn'>,
): { uploads: UploadReading; close(): Promise<void> } {
  if (config.OCR === 'off')
    logger.info({ ocr: 'off' }, 'OCR off: documents are checked by their QR code only');
  const ocr =
    config.OCR === 'on'
      ? startOcrWorker({
          timeoutMs: config.OCR_TIMEOUT_MS,
          onUnavailable: (reason) =>
            logger.warn(
              { ocr: 'unavailable', reason },
              'OCR model not available: documents are checked by their QR code only',
            ),
        })
      : undefined;
  const pages = startPageWorker({
    onUnavailable: (reason) => logger.warn({ reason }, 'page worker stopped: QR codes are not read'),
  });
  return {
    uploads: databaseUploadReading(db, { ocr, pages, photoWaitMs: config.OCR_TIMEOUT_MS }, (obj, msg) =>
      logger.info(obj, msg),
    ),
    close: async () => {
      await Promise.all([ocr?.close(), pages.close()]);
    },
  };
}

import type { DocumentReading } from '../documents/reading/document-reading.ts';
import type { Tx } from './database.ts';
import type { PrismaClient } from './generated/client.ts';
import { toJson } from './json.ts';

/** Stores what was read on a document (QR, OCR, the comparison with the answers) with its row. */
export async function saveDocumentReading(
  client: PrismaClient | Tx,
  documentId: string,
  reading: DocumentReading,
): Promise<void> {
  await client.document.update({
    where: { id: documentId },
    data: { reading: toJson(reading) },
  });
}

/** The stored reading, or undefined for documents uploaded before reading existed or never read. */
export function documentReadingOf(value: unknown): DocumentReading | undefined {
  if (value === null || typeof value !== 'object' || !Array.isArray((value as DocumentReading).checks))
    return undefined;
  return value as DocumentReading;
}

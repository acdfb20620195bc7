import type { Tx } from './database.ts';
import type { Document, PrismaClient } from './generated/client.ts';

type Client = PrismaClient | Tx;

export interface NewDocument {
  filingId: string;
  kind: string;
  storageKey: string;
  /** The blob's data key wrapped by the PII key (see storage/blob-envelope.ts). */
  wrappedKey?: string | null;
  sha256: string;
  size: number;
  contentType: string;
  width?: number | null;
  height?: number | null;
}

/**
 * Records an upload as the current document of its kind. The previous one is kept as history
 * (superseded_at set); the same bytes sent again for the same kind return the current row.
 */
export async function addDocument(
  tx: Tx,
  input: NewDocument,
  now: Date,
): Promise<{ document: Document; replaced: Document | null; duplicate: boolean }> {
  const current = await tx.document.findFirst({
    where: { filingId: input.filingId, kind: input.kind, supersededAt: null },
    orderBy: { createdAt: 'desc' },
  });
  if (current && current.sha256 === input.sha256)
    return { document: current, replaced: null, duplicate: true };
  if (current) await tx.document.update({ where: { id: current.id }, data: { supersededAt: now } });
  const document = await tx.document.create({ data: { ...input, createdAt: now } });
  return { document, replaced: current, duplicate: false };
}

/** Current (not superseded) documents of a filing. */
export function currentDocuments(client: Client, filingId: string): Promise<Document[]> {
  return client.document.findMany({
    where: { filingId, supersededAt: null },
    orderBy: [{ kind: 'asc' }, { createdAt: 'asc' }],
  });
}

/** Current documents of several filings in one query (a staff queue), by filing id. */
export async function currentDocumentsOf(
  client: Client,
  filingIds: readonly string[],
): Promise<Map<string, Document[]>> {
  const byFiling = new Map<string, Document[]>(filingIds.map((id) => [id, []]));
  if (filingIds.length === 0) return byFiling;
  const docs = await client.document.findMany({
    where: { filingId: { in: [...filingIds] }, supersededAt: null },
    orderBy: [{ kind: 'asc' }, { createdAt: 'asc' }],
  });
  for (const doc of docs) byFiling.get(doc.filingId)?.push(doc);
  return byFiling;
}

/** Every version of a filing's documents, oldest first (optionally one kind). */
export function documentHistory(client: Client, filingId: string, kind?: string): Promise<Document[]> {
  return client.document.findMany({
    where: { filingId, ...(kind ? { kind } : {}) },
    orderBy: { createdAt: 'asc' },
  });
}

export function getDocument(client: Client, id: string): Promise<Document | null> {
  return client.document.findUnique({ where: { id } });
}

/**
 * An already stored blob with these bytes in the same filing, so the store keeps one copy. Only
 * within the filing: an erasure deletes a filing's blobs, which must never be another's.
 */
export function findDocumentBySha256(
  client: Client,
  filingId: string,
  sha256: string,
): Promise<Document | null> {
  return client.document.findFirst({ where: { filingId, sha256 }, orderBy: { createdAt: 'asc' } });
}

export type { Document };

/**
 * Files the app writes under DATA_DIR besides the blob store, laid out so an erasure can find them:
 * - `exports/<applicant id>/`: the applicant's `/export` on the console and staff exports of their
 *   filings (full ID numbers: theirs, or a staff member's audited copy);
 * - `forms/<filing id>/`: the console's printable forms of a filing (they print the answers).
 * Every export holds all of its applicant's filings, so erasing any of their personal data (one
 * filing, a draft, the account) removes the applicant's exports as a whole. An erasure removes
 * these folders with the rows; removing one already gone is not an error, so a rerun after a
 * crash simply does it again.
 */
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export function exportsFolder(dataDir: string, applicantId: string): string {
  return join(dataDir, 'exports', applicantId);
}

export function formsFolder(dataDir: string, filingId: string): string {
  return join(dataDir, 'forms', filingId);
}

/**
 * Writes an export (JSON of the applicant's data) under their exports folder, owner-only (0600 in a
 * 0700 folder); returns its path.
 */
export async function writeExport(
  dataDir: string,
  applicantId: string,
  fileName: string,
  record: unknown,
): Promise<string> {
  const folder = exportsFolder(dataDir, applicantId);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const path = join(folder, fileName);
  await writeFile(path, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  // writeFile keeps an existing file's mode: make sure it is the owner's only.
  await chmod(path, 0o600);
  return path;
}

/** Removes the forms of `filingIds` and the exports of `applicantIds`. */
export async function eraseLocalCopies(
  dataDir: string,
  owners: { applicantIds: readonly string[]; filingIds: readonly string[] },
): Promise<void> {
  const folders = [
    ...owners.filingIds.map((id) => formsFolder(dataDir, id)),
    ...owners.applicantIds.map((id) => exportsFolder(dataDir, id)),
  ];
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
}

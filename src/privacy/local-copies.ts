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
import { rm } from 'node:fs/promises';
import { join } from 'node:path';

export function exportsFolder(dataDir: string, applicantId: string): string {
  return join(dataDir, 'exports', applicantId);
}

export function formsFolder(dataDir: string, filingId: string): string {
  return join(dataDir, 'forms', filingId);
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

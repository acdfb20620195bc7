/**
 * One order in progress per sponsor: which document numbers name the same sponsor. Shared by the
 * chat's refusal (conversation/orders.ts) and the database lookup and its keyed hash
 * (db/order-queries.ts, db/filing-search-keys.ts), so both sides agree on what "the same" is.
 */

/**
 * A sponsor's document number as it is compared and hashed: width-folded, upper-case, letters and digits only.
 * The lookup hashes what the applicant typed, before the field's rules canonicalise it (full-width
 * digits, spaces, an organisation code's dash), so the key must not depend on that form. Coarser
 * than the rules' comparison on purpose: the decrypted numbers of the rows found are compared again.
 */
export function sponsorNumberKey(documentNumber: string): string {
  return documentNumber
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

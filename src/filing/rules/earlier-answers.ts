/**
 * Refusals judged against another, earlier answer (icp-domain.md): the investor against the
 * individual's name, the homepage against the website's domains, a principal's ID validity against
 * that ID. When one is refused, the earlier answer may be the wrong one, so the chat names both and
 * lets the applicant change either; without this it can only re-ask the current field, in a loop.
 */

/**
 * Per problem code, the earlier answers in order of preference (a derived one is skipped by the
 * chat): a sibling key of the refused field (`sibling:domains`) or a document path.
 */
const EARLIER_ANSWERS: Readonly<Record<string, readonly string[]>> = {
  'individual.investor_mismatch': ['sponsor.name'],
  'homepage_url.host_not_listed': ['sibling:domains'],
  // An individual's principal ID is the sponsor's document: that is the answer to change then.
  'id_validity.too_soon': ['sibling:idNumber', 'sponsor.documentNumber'],
};

/** The document paths a refusal at `path` with `code` was judged against, best first; empty when none. */
export function earlierAnswerPaths(code: string, path: string): string[] {
  const refs = EARLIER_ANSWERS[code];
  if (!refs) return [];
  return refs.map((ref) => {
    if (!ref.startsWith('sibling:')) return ref;
    const parent = path.includes('.') ? path.slice(0, path.lastIndexOf('.') + 1) : '';
    return `${parent}${ref.slice('sibling:'.length)}`;
  });
}

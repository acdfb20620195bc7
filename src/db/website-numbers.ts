/**
 * The website numbers (`…号-N`) a sponsor holds on filings approved here, so that approving a new
 * website (新增网站) gives it the next suffix rather than `-1` again. Both what approvals issued
 * (`review.websiteIcpNumbers`) and what documents carried (a new access files its sites' numbers
 * from elsewhere; a cancellation names the ones it ends) count as taken.
 */
import { filedWebsiteNumbersOf } from '../filing/orders/icp-numbers.ts';
import type { Tx } from './database.ts';
import type { PrismaClient } from './generated/client.ts';
import type { PiiCipher } from './pii-cipher.ts';

/** The strings of a list, trimmed, blanks left out. */
function numbersIn(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((number) => (typeof number === 'string' && number.trim() ? [number.trim()] : []));
}

export async function issuedWebsiteNumbers(
  client: PrismaClient | Tx,
  pii: PiiCipher,
  sponsorNumber: string,
  exceptFilingId: string,
): Promise<string[]> {
  const rows = await client.filing.findMany({
    where: { icpNumber: sponsorNumber, status: 'approved', id: { not: exceptFilingId } },
    select: { review: true, document: true },
  });
  return rows.flatMap((row) => {
    const review = row.review as { websiteIcpNumbers?: unknown } | null;
    return [
      ...numbersIn(review?.websiteIcpNumbers),
      ...numbersIn(filedWebsiteNumbersOf(pii.decryptPii(row.document))),
    ];
  });
}

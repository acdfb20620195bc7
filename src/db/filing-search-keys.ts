import { sponsorNumberKey } from '../filing/orders/sponsor-number-key.ts';
import type { PiiCipher } from './pii-cipher.ts';

/**
 * What staff search by, taken from a (possibly partial) filing document. Domains (and ICP numbers,
 * kept in their own column) are public records, published by MIIT: they are stored in clear so a
 * search can use an index and match a part. Names are personal: only keyed hashes of them are
 * stored (see `nameSearchKey`), so a name is found by its exact spelling, never read back. The
 * sponsor's document number likewise (see `sponsorNumberKey`): one order in progress per sponsor.
 */
export function filingSearchKeys(document: unknown): {
  domains: string[];
  names: string[];
  sponsorNumber: string | undefined;
} {
  const doc = (document ?? {}) as {
    sponsor?: { name?: unknown; documentNumber?: unknown };
    sponsorPrincipal?: { name?: unknown };
    websites?: unknown;
  };
  const domains = new Set<string>();
  const names = new Set<string>();
  const addName = (name: unknown) => {
    const key = typeof name === 'string' ? nameSearchKey(name) : '';
    if (key) names.add(key);
  };
  addName(doc.sponsor?.name);
  addName(doc.sponsorPrincipal?.name);
  if (Array.isArray(doc.websites)) {
    for (const site of doc.websites as { domains?: unknown; principal?: { name?: unknown } }[]) {
      addName(site?.principal?.name);
      if (!Array.isArray(site?.domains)) continue;
      for (const d of site.domains)
        if (typeof d === 'string' && d.trim()) domains.add(d.trim().toLowerCase());
    }
  }
  const number = doc.sponsor?.documentNumber;
  const sponsorNumber = typeof number === 'string' ? sponsorNumberKey(number) || undefined : undefined;
  return { domains: [...domains], names: [...names], sponsorNumber };
}

/** A name as it is hashed for search: width-folded, lower-case, without spaces or dots ("Zhang  San" = "zhangsan"). */
export function nameSearchKey(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s.·•]+/g, '');
}

/** A filing row's search columns for `document`: clear domains, keyed hashes of names and sponsor number. */
export function filingSearchColumns(
  pii: PiiCipher,
  document: unknown,
): { domains: string[]; nameHashes: string[]; sponsorNumberHash: string | null } {
  const keys = filingSearchKeys(document);
  return {
    domains: keys.domains,
    nameHashes: keys.names.map((name) => pii.searchHash(name)),
    sponsorNumberHash: sponsorNumberHash(pii, keys.sponsorNumber),
  };
}

/** The hashes a lookup by sponsor document number matches: its key's under every readable key, and rows not hashed yet. */
export function sponsorNumberLookupHashes(pii: PiiCipher, documentNumbers: readonly string[]): string[] {
  const keys = new Set(documentNumbers.map(sponsorNumberKey).filter((key) => key !== ''));
  return [...[...keys].flatMap((key) => pii.searchHashes(key)), PENDING_SPONSOR_NUMBER_HASH];
}

/** The `sponsor_number_hash` column: the key's hash under the current PII key; null without a number. */
export function sponsorNumberHash(pii: PiiCipher, sponsorNumber: string | undefined): string | null {
  return sponsorNumber === undefined ? null : pii.searchHash(sponsorNumber);
}

/**
 * The column's value on rows written before it existed (set by migration 20261207053158), until
 * the app hashes their numbers (sponsor-number-backfill.ts). Never a hash: those are 43 base64url
 * characters. Lookups include these rows and compare their decrypted numbers.
 */
export const PENDING_SPONSOR_NUMBER_HASH = 'pending';

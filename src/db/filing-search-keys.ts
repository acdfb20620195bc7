/**
 * What staff search by, taken from a (possibly partial) filing document. Domains (and ICP numbers,
 * kept in their own column) are public records, published by MIIT: they are stored in clear so a
 * search can use an index and match a part. Names are personal: only keyed hashes of them are
 * stored (see `nameSearchKey`), so a name is found by its exact spelling, never read back.
 */
export function filingSearchKeys(document: unknown): { domains: string[]; names: string[] } {
  const doc = (document ?? {}) as {
    sponsor?: { name?: unknown };
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
  return { domains: [...domains], names: [...names] };
}

/** A name as it is hashed for search: width-folded, lower-case, without spaces or dots ("Zhang  San" = "zhangsan"). */
export function nameSearchKey(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s.·•]+/g, '');
}

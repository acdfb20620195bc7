/** What staff search by, taken from a (possibly partial) filing document. */
export function filingSearchKeys(document: unknown): { domains: string[]; sponsorName: string | null } {
  const doc = (document ?? {}) as { sponsor?: { name?: unknown }; websites?: unknown };
  const domains = new Set<string>();
  if (Array.isArray(doc.websites)) {
    for (const site of doc.websites as { domains?: unknown }[]) {
      if (!Array.isArray(site?.domains)) continue;
      for (const d of site.domains)
        if (typeof d === 'string' && d.trim()) domains.add(d.trim().toLowerCase());
    }
  }
  const name = doc.sponsor?.name;
  return { domains: [...domains], sponsorName: typeof name === 'string' && name.trim() ? name.trim() : null };
}

/**
 * Issue 12, item 2: lists have ceilings, and no rule compares every pair of principals (3,000
 * websites took 7.8 s). Work is counted, not timed: the shared-contact rule reads each principal's
 * identity a bounded number of times per principal.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIST_LIMITS } from '../../src/filing/limits.ts';
import { principalContacts } from '../../src/filing/rules/principal-rules.ts';
import { validateFiling, validateFilingThroughZod } from '../../src/filing/validate-filing.ts';
import { type Doc, example, NOW } from './helpers.ts';

const codes = (doc: Doc) => validateFiling(doc, { now: NOW }).errors.map((e) => `${e.path} ${e.code}`);

/** The first occurrence of each path (the line's first word): what `icp check` keeps. */
function firstPerPath(lines: string[]): string[] {
  const seen = new Set<string>();
  return lines.filter((line) => {
    const key = line.split(' ')[0]!;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function manyWebsites(n: number, principal: (i: number) => unknown): Doc {
  const doc: Doc = example('enterprise-two-websites');
  const site = doc.websites[0];
  doc.websites = Array.from({ length: n }, (_, i) => ({
    ...site,
    name: `站点${i}`,
    domains: [`s${i}.example.cn`],
    homepageUrl: `s${i}.example.cn`,
    principal: principal(i),
  }));
  return doc;
}

describe('list limits', () => {
  it('refuses more websites, domains, IPs, mobiles or emails than the limits, with the limit', () => {
    const doc: Doc = example('enterprise-two-websites');
    doc.websites[0].domains = Array.from({ length: LIST_LIMITS.domainsPerWebsite + 1 }, (_, i) => `d${i}.cn`);
    doc.websites[0].access.ips = Array.from(
      { length: LIST_LIMITS.ipsPerWebsite + 1 },
      (_, i) => `42.159.10.${i}`,
    );
    doc.sponsorPrincipal.mobiles = Array.from(
      { length: LIST_LIMITS.mobilesPerPrincipal + 1 },
      (_, i) => `1380013800${i}`,
    );
    doc.sponsorPrincipal.emails = Array.from(
      { length: LIST_LIMITS.emailsPerPrincipal + 1 },
      (_, i) => `a${i}@example.cn`,
    );
    const result = validateFiling(doc, { now: NOW });
    const tooLong = result.errors.filter((e) => e.code === 'list.too_long');
    expect(tooLong.map((e) => [e.path, e.params])).toEqual([
      ['sponsorPrincipal.mobiles', { max: LIST_LIMITS.mobilesPerPrincipal }],
      ['sponsorPrincipal.emails', { max: LIST_LIMITS.emailsPerPrincipal }],
      ['websites.0.domains', { max: LIST_LIMITS.domainsPerWebsite }],
      ['websites.0.access.ips', { max: LIST_LIMITS.ipsPerWebsite }],
    ]);
    expect(codes(manyWebsites(LIST_LIMITS.websites + 1, () => 'same_as_sponsor_principal'))).toEqual([
      'websites list.too_long',
    ]);
    expect(codes(manyWebsites(LIST_LIMITS.websites, () => 'same_as_sponsor_principal'))).toEqual([]);
  });

  it('checks shared contacts of 1,000 principals without comparing every pair', () => {
    const base = (example('enterprise-two-websites') as Doc).sponsorPrincipal;
    let reads = 0;
    // Every principal is another person with the sponsor principal's mobile: the worst case for a
    // pairwise walk. Counting reads of the ID number shows how often two principals are compared.
    const doc = manyWebsites(1_000, (i) => {
      const principal = { ...base, name: `王${i}`, emails: [`p${i}@example.cn`] };
      const id = principal.idNumber;
      delete (principal as { idNumber?: string }).idNumber;
      Object.defineProperty(principal, 'idNumber', {
        enumerable: true,
        get: () => {
          reads += 1;
          return `${id.slice(0, 14)}${String(i).padStart(4, '0')}`;
        },
      });
      return principal;
    });
    const reported: string[] = [];
    principalContacts(doc, NOW, (path, code) => reported.push(`${path} ${code}`));
    expect(reported).toHaveLength(1_000);
    expect(reported[0]).toBe('websites.0.principal.mobiles.0 principal.shared_mobile');
    // A pairwise walk reads it about 1,000,000 times; an index a few times per principal.
    expect(reads).toBeLessThan(10 * 1_000);
  });

  it('reports the same shared contacts, in the same order, as comparing every pair', () => {
    const pairwise = (doc: Doc) => {
      const list = [doc.sponsorPrincipal, ...doc.websites.map((w: Doc) => w.principal)];
      const paths = [
        'sponsorPrincipal',
        ...doc.websites.map((_: unknown, i: number) => `websites.${i}.principal`),
      ];
      const same = (a: Doc, b: Doc) =>
        a.idNumber !== undefined && b.idNumber !== undefined ? a.idNumber === b.idNumber : a.name === b.name;
      const out: string[] = [];
      for (let b = 1; b < list.length; b++)
        for (let a = 0; a < b; a++) {
          if (same(list[a], list[b])) continue;
          list[b].mobiles.forEach((m: string, j: number) => {
            if (list[a].mobiles.includes(m)) out.push(`${paths[b]}.mobiles.${j} ${paths[a]}`);
          });
          list[b].emails.forEach((m: string, j: number) => {
            if (list[a].emails.includes(m)) out.push(`${paths[b]}.emails.${j} ${paths[a]}`);
          });
        }
      return firstPerPath(out);
    };
    const person = fc.record({
      name: fc.constantFrom('张三', '李四', '王五'),
      idNumber: fc.option(fc.constantFrom('A1', 'B2', 'C3'), { nil: undefined }),
      mobiles: fc.array(fc.constantFrom('13800138000', '13900139000', '13700137000'), {
        minLength: 1,
        maxLength: 3,
      }),
      emails: fc.array(fc.constantFrom('a@x.cn', 'b@x.cn'), { minLength: 1, maxLength: 2 }),
    });
    fc.assert(
      // Up to 12 websites: both the pairwise walk (few principals) and the index are compared.
      fc.property(person, fc.array(person, { minLength: 1, maxLength: 12 }), (sponsor, sites) => {
        const doc: Doc = { sponsorPrincipal: sponsor, websites: sites.map((principal) => ({ principal })) };
        const reported: string[] = [];
        principalContacts(doc, NOW, (path, _code, params) => reported.push(`${path} ${params?.other}`));
        expect(firstPerPath(reported)).toEqual(pairwise(doc));
      }),
      { numRuns: 300 },
    );
  });

  it('the fast route and zod agree on documents over a limit', () => {
    const doc = manyWebsites(3, () => 'same_as_sponsor_principal');
    doc.websites[1].domains = Array.from({ length: LIST_LIMITS.domainsPerWebsite + 1 }, (_, i) => `d${i}.cn`);
    expect(validateFiling(doc, { now: NOW })).toEqual(validateFilingThroughZod(doc, { now: NOW }));
  });
});

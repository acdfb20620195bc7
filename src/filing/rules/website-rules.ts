/** Rules across a website's answers and across websites: names, pre-approvals, domains, server place. */
import { obj, str, strings, websitesOf } from '../catalog/draft.ts';
import { checkDivisionChain } from '../divisions/index.ts';
import { type Nature, PRE_APPROVAL_TYPES, requiredPreApprovals } from '../enums.ts';
import { checkDomain } from '../validators/index.ts';
import type { Rule } from './report.ts';

/** Words only national bodies may put in a site name without special approval (icp-domain.md §2.5). */
export const RESERVED_NAME_WORDS = ['中国', '中华', '中央', '国家', '人民', '人大'] as const;
/**
 * "National" here means organs of the state: government bodies (政府机关) and defence bodies (国防机构).
 * Every other nature needs a special approval to use these words, which this check cannot see.
 */
export const NATIONAL_NATURES: readonly Nature[] = ['government', 'defense'];
/** Common guidance: a site name of at least three characters (icp-domain.md §2.5). */
export const SITE_NAME_MIN_LENGTH = 3;
const ASCII_ONLY = /^[\x20-\x7e]*$/;
const PRE_APPROVAL_KEYS = new Set<string>(PRE_APPROVAL_TYPES.map((p) => p.key));

function hostOf(name: string): string | undefined {
  if (!name.includes('.') || /\s/.test(name)) return undefined;
  try {
    return new URL(`http://${name}`).hostname;
  } catch {
    return undefined;
  }
}

export const siteNames: Rule = (doc, _now, report) => {
  const nature = obj(doc.sponsor)?.nature;
  const national = NATIONAL_NATURES.includes(nature as Nature);
  websitesOf(doc).forEach((raw, i) => {
    const website = obj(raw);
    const name = str(website?.name)?.trim();
    if (!website || !name) return;
    const path = `websites.${i}.name`;
    const domains = strings(website.domains);
    const host = hostOf(name.toLowerCase());
    if (host && domains.some((d) => host === d || host === `www.${d}`)) report(path, 'site_name.is_domain');
    else if (ASCII_ONLY.test(name)) report(path, 'site_name.latin_only');
    else if ([...name].length < SITE_NAME_MIN_LENGTH)
      report(path, 'site_name.too_short', { min: SITE_NAME_MIN_LENGTH });
    if (!national && nature !== undefined) {
      const word = RESERVED_NAME_WORDS.find((w) => name.includes(w));
      if (word) report(path, 'site_name.reserved_word', { word });
    }
  });
};

export const preApprovals: Rule = (doc, _now, report) => {
  websitesOf(doc).forEach((raw, i) => {
    const website = obj(raw);
    if (!website || !Array.isArray(website.services)) return;
    const given = Array.isArray(website.preApprovals) ? website.preApprovals : [];
    const seen = new Set<string>();
    given.forEach((item, j) => {
      const type = str(obj(item)?.type);
      if (type === undefined || !PRE_APPROVAL_KEYS.has(type)) return;
      if (seen.has(type)) report(`websites.${i}.preApprovals.${j}.type`, 'pre_approval.duplicate', { type });
      seen.add(type);
    });
    for (const type of requiredPreApprovals(strings(website.services))) {
      if (!seen.has(type)) report(`websites.${i}.preApprovals`, 'pre_approval.missing', { type });
    }
  });
};

/** A domain is filed for one website only. */
export const uniqueDomains: Rule = (doc, _now, report) => {
  const owner = new Map<string, number>();
  websitesOf(doc).forEach((raw, i) => {
    strings(obj(raw)?.domains).forEach((given, j) => {
      // `例子.中国` and `xn--fsqu00a.xn--fiqs8s` are one domain.
      const checked = checkDomain(given);
      const domain = checked.ok ? checked.value : given;
      const first = owner.get(domain);
      if (first !== undefined && first !== i) {
        report(`websites.${i}.domains.${j}`, 'domain.other_website', { website: first + 1 });
      } else owner.set(domain, i);
    });
  });
};

export const serverProvince: Rule = (doc, _now, report) => {
  websitesOf(doc).forEach((raw, i) => {
    const code = str(obj(obj(raw)?.access)?.serverProvince);
    if (code === undefined) return;
    const result = checkDivisionChain(code);
    if (!result.ok)
      for (const p of result.problems) report(`websites.${i}.access.serverProvince`, p.code, p.params);
  });
};

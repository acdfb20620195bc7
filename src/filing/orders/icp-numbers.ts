/**
 * ICP numbers inside a filing document (icp-domain.md §3): the sponsor's number (`icpNumber`, no
 * suffix) and each website's (`websites[].icpNumber`, the sponsor's number plus `-N`). The number's
 * shape and the province abbreviations are the review's (`review/icp-number.ts`, the one parser);
 * here they are judged against the rest of the document.
 */
import { parseIcpNumber } from '../../review/icp-number.ts';
import { icpAbbreviation, provinceCodeOf } from '../../review/provinces.ts';
import { obj, str, websitesOf } from '../catalog/draft.ts';
import type { FieldResult } from '../catalog-types.ts';
import type { Rule } from '../rules/report.ts';

const EXAMPLE = '沪ICP备2026012345号';

function shapeProblem(value: string): FieldResult<string> {
  const given = value.trim();
  if (/^(川|甘)\s*ICP/i.test(given)) {
    return {
      ok: false,
      problems: [
        {
          code: 'icp_number.wrong_abbreviation',
          params: { given: given[0]!, expected: given[0] === '川' ? '蜀' : '陇' },
        },
      ],
    };
  }
  return { ok: false, problems: [{ code: 'icp_number.format', params: { example: EXAMPLE } }] };
}

/** The sponsor's number, canonical (`沪ICP备2026012345号`); a website's number is refused with the sponsor part as the hint. */
export function checkSponsorIcpNumber(value: string): FieldResult<string> {
  const parsed = parseIcpNumber(value);
  if (!parsed) return shapeProblem(value);
  if (parsed.websiteIndex !== undefined) {
    return {
      ok: false,
      problems: [{ code: 'icp_number.sponsor_expected', params: { expected: parsed.sponsorNumber } }],
    };
  }
  return { ok: true, value: parsed.sponsorNumber };
}

/** A website's number, canonical (`沪ICP备2026012345号-1`); the bare sponsor number is refused. */
export function checkWebsiteIcpNumber(value: string): FieldResult<string> {
  const parsed = parseIcpNumber(value);
  if (!parsed) return shapeProblem(value);
  if (parsed.websiteIndex === undefined) {
    return {
      ok: false,
      problems: [{ code: 'icp_number.website_expected', params: { example: `${parsed.sponsorNumber}-1` } }],
    };
  }
  return { ok: true, value: `${parsed.sponsorNumber}-${parsed.websiteIndex}` };
}

/** The sponsor's number carries the abbreviation of `sponsor.province` (沪 for 310000, 蜀 for 510000). */
export const sponsorNumberProvince: Rule = (doc, _now, report) => {
  const number = str(doc.icpNumber);
  const province = str(obj(doc.sponsor)?.province);
  if (number === undefined || province === undefined) return;
  const parsed = parseIcpNumber(number);
  const expected = icpAbbreviation(province);
  if (!parsed || !expected) return;
  if (parsed.provinceCode !== provinceCodeOf(province)) {
    report('icpNumber', 'icp_number.province_mismatch', { given: parsed.abbreviation, expected });
  }
};

/** Every website number is the sponsor's number plus `-N`, and no two websites share one. */
export const websiteNumbersOfSponsor: Rule = (doc, _now, report) => {
  const sponsor = parseIcpNumber(str(doc.icpNumber) ?? '');
  const seen = new Set<string>();
  websitesOf(doc).forEach((raw, i) => {
    const number = str(obj(raw)?.icpNumber);
    const parsed = number === undefined ? undefined : parseIcpNumber(number);
    if (!parsed || parsed.websiteIndex === undefined) return;
    const path = `websites.${i}.icpNumber`;
    if (sponsor && sponsor.websiteIndex === undefined && parsed.sponsorNumber !== sponsor.sponsorNumber) {
      report(path, 'icp_number.other_sponsor', {
        given: parsed.sponsorNumber,
        expected: sponsor.sponsorNumber,
      });
    }
    const canonical = `${parsed.sponsorNumber}-${parsed.websiteIndex}`;
    if (seen.has(canonical)) report(path, 'icp_number.duplicate', { number: canonical });
    seen.add(canonical);
  });
};

/** Each website's own ICP number as a document gives it, in order (undefined where it has none). */
export function filedWebsiteNumbersOf(document: unknown): (string | undefined)[] {
  const websites = (document as { websites?: unknown } | null)?.websites;
  if (!Array.isArray(websites)) return [];
  return websites.map((site) => {
    const number = (site as { icpNumber?: unknown } | null)?.icpNumber;
    return typeof number === 'string' && number.trim() ? number.trim() : undefined;
  });
}

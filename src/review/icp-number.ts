import type { FieldResult } from '../filing/catalog-types.ts';
import { icpAbbreviation, provinceCodeOf, provinceOfAbbreviation } from './provinces.ts';

/**
 * ICP filing numbers (icp-domain.md §3): `<abbr>ICP备<serial>号` for the sponsor, plus `-N` for its
 * N-th website. The abbreviation is the sponsor's province; 6–8 digit serials are older, 10 digits
 * (year + sequence) newer.
 */
const ICP_NUMBER =
  /^(京|津|冀|晋|蒙|辽|吉|黑|沪|苏|浙|皖|闽|赣|鲁|豫|鄂|湘|粤|桂|琼|渝|蜀|黔|滇|藏|陕|陇|青|宁|新)ICP备(\d{6,8}|\d{10})号(?:-([1-9]\d*))?$/;

export interface IcpNumber {
  abbreviation: string;
  /** GB/T 2260 province code of the abbreviation, e.g. 110000 for 京. */
  provinceCode: string;
  serial: string;
  /** The sponsor's number, without a website suffix. */
  sponsorNumber: string;
  /** 1-based website index of a `-N` number; undefined for the sponsor's number. */
  websiteIndex?: number;
}

/** Tolerates what people paste: surrounding spaces, full-width hyphens and lower-case `icp`. */
function normalize(value: string): string {
  return value
    .replace(/\s+/g, '')
    .replace(/[－—–]/g, '-')
    .replace(/icp/i, 'ICP');
}

export function parseIcpNumber(value: string): IcpNumber | undefined {
  // Numbers in documents are canonical already: normalising (three replaces) only when they are not
  // keeps the several parses of a change order's numbers cheap.
  const match = ICP_NUMBER.exec(value) ?? ICP_NUMBER.exec(normalize(value));
  if (!match) return undefined;
  const [, abbreviation, serial, suffix] = match as unknown as [string, string, string, string | undefined];
  const parsed: IcpNumber = {
    abbreviation,
    provinceCode: provinceOfAbbreviation(abbreviation)!,
    serial,
    sponsorNumber: `${abbreviation}ICP备${serial}号`,
  };
  if (suffix !== undefined) parsed.websiteIndex = Number(suffix);
  return parsed;
}

/**
 * Checks a number entered by staff against the sponsor's province (any division code of it). A
 * website number (`-N`) is accepted and reduced to the sponsor number; with `websiteCount`, N must
 * name one of the filing's websites.
 */
export function checkIcpNumber(
  value: string,
  sponsorProvince: string,
  websiteCount?: number,
): FieldResult<{ sponsorNumber: string; websiteIndex?: number }> {
  const expected = icpAbbreviation(sponsorProvince);
  if (!expected) return fail('icp_number.province_unknown', { province: sponsorProvince });
  const parsed = parseIcpNumber(value);
  if (!parsed) {
    const normalized = normalize(value);
    if (/^(川|甘)ICP/.test(normalized)) {
      return fail('icp_number.wrong_abbreviation', { given: normalized[0]!, expected });
    }
    return fail('icp_number.format', { example: `${expected}ICP备2021003158号` });
  }
  if (parsed.provinceCode !== provinceCodeOf(sponsorProvince)) {
    return fail('icp_number.province_mismatch', { given: parsed.abbreviation, expected });
  }
  if (parsed.websiteIndex !== undefined && websiteCount !== undefined && parsed.websiteIndex > websiteCount) {
    return fail('icp_number.website_out_of_range', { index: parsed.websiteIndex, count: websiteCount });
  }
  const result: { sponsorNumber: string; websiteIndex?: number } = { sponsorNumber: parsed.sponsorNumber };
  if (parsed.websiteIndex !== undefined) result.websiteIndex = parsed.websiteIndex;
  return { ok: true, value: result };
}

/** The website numbers of a sponsor: `-1` … `-websiteCount`, in the order of the filing's websites. */
export function websiteIcpNumbers(sponsorNumber: string, websiteCount: number): string[] {
  const parsed = parseIcpNumber(sponsorNumber);
  if (!parsed || parsed.websiteIndex !== undefined)
    throw new Error(`not a sponsor ICP number: ${sponsorNumber}`);
  return Array.from({ length: websiteCount }, (_, i) => `${parsed.sponsorNumber}-${i + 1}`);
}

/**
 * The numbers an approval gives the filing's websites, in their order. A website the document
 * already numbers (filed before: a new access, a change) keeps its number. A new website (a first
 * filing, 新增网站) gets the sponsor's next suffix after the highest one already issued (`issued`:
 * the sponsor's website numbers on filings approved here) or named in this filing: a lower gap may
 * be a cancelled website's, which must not come back under another site. Other orders' websites
 * without a number keep their position (`-N` for the N-th), as the approved filing numbered them.
 */
export function approvedWebsiteNumbers(input: {
  sponsorNumber: string;
  /** Each website's own number in the document (undefined where it has none). */
  filed: readonly (string | undefined)[];
  /** Whether the order files new websites (its websites have no number yet). */
  newWebsites: boolean;
  issued: readonly string[];
  /**
   * The `-N` staff typed, copied from MIIT's notice: the first new website's number, the next
   * ones following it. MIIT is the authority (the sponsor may hold numbers filed elsewhere that
   * `issued` cannot know); without it, numbering continues after the highest known.
   */
  firstNewIndex?: number | undefined;
}): string[] {
  const sponsor = parseIcpNumber(input.sponsorNumber);
  if (!sponsor || sponsor.websiteIndex !== undefined)
    throw new Error(`not a sponsor ICP number: ${input.sponsorNumber}`);
  const ownIndex = (number: string | undefined) => {
    const parsed = number === undefined ? undefined : parseIcpNumber(number);
    return parsed?.sponsorNumber === sponsor.sponsorNumber ? parsed.websiteIndex : undefined;
  };
  let highest =
    input.firstNewIndex !== undefined
      ? input.firstNewIndex - 1
      : Math.max(0, ...[...input.issued, ...input.filed].map((n) => ownIndex(n) ?? 0));
  return input.filed.map((number, i) => {
    const own = ownIndex(number);
    if (own !== undefined) return `${sponsor.sponsorNumber}-${own}`;
    if (!input.newWebsites) return `${sponsor.sponsorNumber}-${i + 1}`;
    highest += 1;
    return `${sponsor.sponsorNumber}-${highest}`;
  });
}

function fail(code: string, params: Record<string, string | number>): FieldResult<never> {
  return { ok: false, problems: [{ code, params }] };
}

/**
 * Province facts the review needs: the one-character abbreviation used in ICP numbers and the
 * provincial administration's (管局) review time. Keys are GB/T 2260 province codes.
 *
 * Review times are 21Vianet's estimates (icp-domain.md §5, the seed for Shanghai, Chongqing, Gansu
 * and Yunnan). They are read as WORKING days: the legal limit they sit under (20 working days) is
 * counted in working days, and a "week" is 5 working days. Provinces without an estimate get the
 * legal maximum, so an applicant is never promised an earlier date than the law allows.
 */
export const LEGAL_MAX_ADMINISTRATION_DAYS = 20;
export const DEFAULT_ADMINISTRATION_DAYS = LEGAL_MAX_ADMINISTRATION_DAYS;

const WEEK = 5;

interface ProvinceFacts {
  /** ICP number abbreviation: 蜀 for Sichuan and 陇 for Gansu, not 川 and 甘. */
  abbreviation: string;
  /** Provincial administration review, in working days; undefined = no published estimate. */
  administrationDays?: number;
}

export const PROVINCES: Readonly<Record<string, ProvinceFacts>> = {
  '110000': { abbreviation: '京', administrationDays: 2 * WEEK },
  '120000': { abbreviation: '津', administrationDays: 2 * WEEK },
  '130000': { abbreviation: '冀', administrationDays: 2 * WEEK },
  '140000': { abbreviation: '晋', administrationDays: 1 * WEEK },
  '150000': { abbreviation: '蒙', administrationDays: 2 * WEEK },
  '210000': { abbreviation: '辽', administrationDays: 1 * WEEK },
  '220000': { abbreviation: '吉' },
  '230000': { abbreviation: '黑', administrationDays: 2 * WEEK },
  '310000': { abbreviation: '沪', administrationDays: 3 },
  '320000': { abbreviation: '苏', administrationDays: 1 * WEEK },
  '330000': { abbreviation: '浙', administrationDays: 2 * WEEK },
  '340000': { abbreviation: '皖', administrationDays: 1 * WEEK },
  '350000': { abbreviation: '闽', administrationDays: 1 * WEEK },
  '360000': { abbreviation: '赣', administrationDays: 2 * WEEK },
  '370000': { abbreviation: '鲁' },
  '410000': { abbreviation: '豫', administrationDays: 1 * WEEK },
  '420000': { abbreviation: '鄂', administrationDays: 2 * WEEK },
  '430000': { abbreviation: '湘', administrationDays: 1 * WEEK },
  '440000': { abbreviation: '粤', administrationDays: 1 * WEEK },
  '450000': { abbreviation: '桂', administrationDays: 2 * WEEK },
  '460000': { abbreviation: '琼', administrationDays: 1 * WEEK },
  '500000': { abbreviation: '渝', administrationDays: 3 },
  '510000': { abbreviation: '蜀', administrationDays: 1 * WEEK },
  '520000': { abbreviation: '黔', administrationDays: 1 * WEEK },
  '530000': { abbreviation: '滇', administrationDays: 3 * WEEK },
  '540000': { abbreviation: '藏' },
  '610000': { abbreviation: '陕', administrationDays: 1 * WEEK },
  '620000': { abbreviation: '陇', administrationDays: 3 * WEEK },
  '630000': { abbreviation: '青' },
  '640000': { abbreviation: '宁', administrationDays: 1 * WEEK },
  '650000': { abbreviation: '新', administrationDays: 1 * WEEK },
};

/** The province code of any division code (`310115` → `310000`); undefined when malformed. */
export function provinceCodeOf(divisionCode: string): string | undefined {
  return /^\d{6}$/.test(divisionCode) ? `${divisionCode.slice(0, 2)}0000` : undefined;
}

export function icpAbbreviation(divisionCode: string): string | undefined {
  const code = provinceCodeOf(divisionCode);
  return code ? PROVINCES[code]?.abbreviation : undefined;
}

/** Built once: every filing order's ICP numbers are read back to their province several times per check. */
const PROVINCE_BY_ABBREVIATION = new Map(
  Object.entries(PROVINCES).map(([code, facts]) => [facts.abbreviation, code]),
);

export function provinceOfAbbreviation(abbreviation: string): string | undefined {
  return PROVINCE_BY_ABBREVIATION.get(abbreviation);
}

/** False where no review time is published (吉林, 山东…): the legal maximum stands in for it. */
export function publishesAdministrationDays(sponsorProvince: string): boolean {
  const code = provinceCodeOf(sponsorProvince);
  return code !== undefined && PROVINCES[code]?.administrationDays !== undefined;
}

/** Working days the provincial administration is expected to take, capped at the legal maximum. */
export function administrationReviewDays(sponsorProvince: string): number {
  const code = provinceCodeOf(sponsorProvince);
  const days = (code ? PROVINCES[code]?.administrationDays : undefined) ?? DEFAULT_ADMINISTRATION_DAYS;
  return Math.min(days, LEGAL_MAX_ADMINISTRATION_DAYS);
}

import { describe, expect, it } from 'vitest';
import {
  administrationReviewDays,
  DEFAULT_ADMINISTRATION_DAYS,
  icpAbbreviation,
  LEGAL_MAX_ADMINISTRATION_DAYS,
  PROVINCES,
} from '../../src/review/provinces.ts';

describe('provinces', () => {
  it('gives the administration review in working days per province (weeks = 5)', () => {
    expect(administrationReviewDays('310000')).toBe(3); // Shanghai
    expect(administrationReviewDays('500000')).toBe(3); // Chongqing
    expect(administrationReviewDays('440000')).toBe(5); // Guangdong, 1 week
    expect(administrationReviewDays('110000')).toBe(10); // Beijing, 2 weeks
    expect(administrationReviewDays('150000')).toBe(10); // Inner Mongolia
    expect(administrationReviewDays('620000')).toBe(15); // Gansu, 3 weeks
    expect(administrationReviewDays('530000')).toBe(15); // Yunnan
    expect(administrationReviewDays('310115')).toBe(3); // any division code of the province
  });

  it('gives provinces without an estimate the legal maximum, and never more', () => {
    expect(administrationReviewDays('370000')).toBe(DEFAULT_ADMINISTRATION_DAYS); // Shandong
    expect(administrationReviewDays('garbage')).toBe(DEFAULT_ADMINISTRATION_DAYS);
    for (const code of Object.keys(PROVINCES)) {
      expect(administrationReviewDays(code)).toBeLessThanOrEqual(LEGAL_MAX_ADMINISTRATION_DAYS);
    }
  });

  it('maps the 31 mainland provinces to ICP abbreviations, with 蜀 and 陇', () => {
    expect(Object.keys(PROVINCES)).toHaveLength(31);
    expect(new Set(Object.values(PROVINCES).map((p) => p.abbreviation)).size).toBe(31);
    expect(icpAbbreviation('510000')).toBe('蜀');
    expect(icpAbbreviation('620000')).toBe('陇');
    expect(icpAbbreviation('150000')).toBe('蒙');
    expect(icpAbbreviation('710000')).toBeUndefined(); // Taiwan: no ICP filing
  });
});

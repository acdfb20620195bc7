import { describe, expect, it } from 'vitest';
import {
  approvedWebsiteNumbers,
  checkIcpNumber,
  parseIcpNumber,
  websiteIcpNumbers,
} from '../../src/review/icp-number.ts';

const codes = (r: ReturnType<typeof checkIcpNumber>) => (r.ok ? [] : r.problems.map((p) => p.code));

describe('ICP numbers', () => {
  it('accepts a Beijing website number: the sponsor number, and which website it names', () => {
    const result = checkIcpNumber('京ICP备16020626号-8', '110000', 8);
    expect(result).toEqual({ ok: true, value: { sponsorNumber: '京ICP备16020626号', websiteIndex: 8 } });
  });

  it('accepts 陇 for Gansu, from any division code of the province', () => {
    expect(checkIcpNumber('陇ICP备2021003158号-1', '620000').ok).toBe(true);
    expect(checkIcpNumber('陇ICP备2021003158号', '620102').ok).toBe(true);
  });

  it('refuses 甘 and 川, which ICP numbers do not use', () => {
    expect(codes(checkIcpNumber('甘ICP备2021003158号', '620000'))).toEqual(['icp_number.wrong_abbreviation']);
    expect(codes(checkIcpNumber('川ICP备12345678号', '510000'))).toEqual(['icp_number.wrong_abbreviation']);
    expect(checkIcpNumber('蜀ICP备12345678号', '510000').ok).toBe(true);
  });

  it("refuses an abbreviation that is not the sponsor's province", () => {
    const result = checkIcpNumber('沪ICP备16020626号', '110000');
    expect(result).toEqual({
      ok: false,
      problems: [{ code: 'icp_number.province_mismatch', params: { given: '沪', expected: '京' } }],
    });
  });

  it('refuses malformed numbers', () => {
    for (const bad of [
      '',
      'ICP备16020626号',
      '京ICP备1602062号6',
      '京ICP备12345号',
      '京ICP备123456789号', // 9 digits
      '京ICP证16020626号', // a licence, not a filing number
      '京ICP备16020626',
      '京ICP备16020626号-0',
      '京ICP备16020626号-',
      'XXICP备16020626号',
    ]) {
      expect(codes(checkIcpNumber(bad, '110000')), bad).toEqual(['icp_number.format']);
    }
  });

  it('tolerates pasted spacing, full-width hyphens and lower-case icp', () => {
    expect(checkIcpNumber(' 京icp备16020626号－3 ', '110000', 3).ok).toBe(true);
  });

  it('refuses a website suffix beyond the filing’s websites and an unknown province', () => {
    expect(codes(checkIcpNumber('京ICP备16020626号-8', '110000', 2))).toEqual([
      'icp_number.website_out_of_range',
    ]);
    expect(codes(checkIcpNumber('京ICP备16020626号', '810000'))).toEqual(['icp_number.province_unknown']);
  });

  it('parses the parts', () => {
    expect(parseIcpNumber('陇ICP备2021003158号-1')).toEqual({
      abbreviation: '陇',
      provinceCode: '620000',
      serial: '2021003158',
      sponsorNumber: '陇ICP备2021003158号',
      websiteIndex: 1,
    });
    expect(parseIcpNumber('京ICP备16020626号')?.websiteIndex).toBeUndefined();
  });

  it('numbers websites 1..N', () => {
    expect(websiteIcpNumbers('京ICP备16020626号', 3)).toEqual([
      '京ICP备16020626号-1',
      '京ICP备16020626号-2',
      '京ICP备16020626号-3',
    ]);
    expect(() => websiteIcpNumbers('京ICP备16020626号-1', 2)).toThrow();
  });

  it('numbers a new website after the sponsor numbers issued here, past any gap', () => {
    const sponsorNumber = '沪ICP备2026012345号';
    const approve = (issued: string[], filed: (string | undefined)[], newWebsites = true) =>
      approvedWebsiteNumbers({ sponsorNumber, filed, newWebsites, issued });
    expect(approve(['沪ICP备2026012345号-1'], [undefined])).toEqual(['沪ICP备2026012345号-2']);
    expect(approve(['沪ICP备2026012345号-1', '沪ICP备2026012345号-3'], [undefined, undefined])).toEqual([
      '沪ICP备2026012345号-4',
      '沪ICP备2026012345号-5',
    ]);
    // Another sponsor's numbers take nothing from this one; a first filing starts at -1.
    expect(approve(['沪ICP备2026099999号-7'], [undefined])).toEqual(['沪ICP备2026012345号-1']);
    expect(approve([], [undefined, undefined])).toEqual(['沪ICP备2026012345号-1', '沪ICP备2026012345号-2']);
  });

  it('keeps the numbers a filing carries for websites filed before', () => {
    const sponsorNumber = '浙ICP备2025004321号';
    expect(
      approvedWebsiteNumbers({
        sponsorNumber,
        filed: ['浙ICP备2025004321号-2'],
        newWebsites: false,
        issued: ['浙ICP备2025004321号-5'],
      }),
    ).toEqual(['浙ICP备2025004321号-2']);
    // A change whose websites carry no number keeps their positions, as the first approval gave them.
    expect(
      approvedWebsiteNumbers({
        sponsorNumber,
        filed: [undefined, undefined],
        newWebsites: false,
        issued: ['浙ICP备2025004321号-1', '浙ICP备2025004321号-2'],
      }),
    ).toEqual(['浙ICP备2025004321号-1', '浙ICP备2025004321号-2']);
    expect(() =>
      approvedWebsiteNumbers({
        sponsorNumber: `${sponsorNumber}-1`,
        filed: [],
        newWebsites: true,
        issued: [],
      }),
    ).toThrow();
  });
});

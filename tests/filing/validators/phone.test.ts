import { describe, expect, it } from 'vitest';
import { checkMobile, checkOfficePhone, isMobileNumber } from '../../../src/filing/validators/index.ts';

describe('checkMobile', () => {
  it('accepts mainland mobiles, stripping blanks, dashes and +86', () => {
    for (const input of [
      '13800138000',
      '138 0013 8000',
      '138-0013-8000',
      '+86 138 0013 8000',
      '0086 13800138000',
      '８６13800138000',
    ]) {
      expect(checkMobile(input), input).toEqual({ ok: true, value: '13800138000' });
    }
    expect(checkMobile('19912345678').ok).toBe(true);
  });
  it('rejects other numbers', () => {
    for (const bad of ['12800138000', '1380013800', '138001380001', '010-84562120', '+85291234567']) {
      expect(checkMobile(bad), bad).toEqual({ ok: false, problems: [{ code: 'mobile.format' }] });
    }
  });
  it('tells mobiles from landlines', () => {
    expect(isMobileNumber('+86 139 0013 9000')).toBe(true);
    expect(isMobileNumber('010-84562120')).toBe(false);
  });
});

describe('checkOfficePhone', () => {
  it('canonicalises the forms applicants type to 086-<area>-<number>', () => {
    const cases: [string, string][] = [
      ['086-010-84562120', '086-010-84562120'],
      ['010-84562120', '086-010-84562120'],
      ['+86 10 8456 2120', '086-010-84562120'],
      ['(010)84562120', '086-010-84562120'],
      ['86-10-84562120', '086-010-84562120'],
      ['+8601084562120', '086-010-84562120'],
      ['(0591) 8765-4321', '086-0591-87654321'],
      ['01084562120', '086-010-84562120'],
      ['021-84562120', '086-021-84562120'],
      ['0591-87654321', '086-0591-87654321'],
      ['086-0591-87654321', '086-0591-87654321'],
      ['0991-2345678', '086-0991-2345678'],
      ['０５９１－８７６５４３２１', '086-0591-87654321'],
    ];
    for (const [input, canonical] of cases)
      expect(checkOfficePhone(input), input).toEqual({ ok: true, value: canonical });
  });

  it('rejects area codes that do not exist', () => {
    expect(checkOfficePhone('099-12345678')).toEqual({
      ok: false,
      problems: [{ code: 'office_phone.area_code', params: { area: '099' } }],
    });
    expect(checkOfficePhone('0001-1234567')).toEqual({
      ok: false,
      problems: [{ code: 'office_phone.area_code', params: { area: '0001' } }],
    });
    expect(checkOfficePhone('086-099-12345678')).toMatchObject({
      ok: false,
      problems: [{ code: 'office_phone.area_code' }],
    });
  });

  it('rejects a local number that does not fit a real area code', () => {
    expect(checkOfficePhone('010-845621')).toEqual({
      ok: false,
      problems: [{ code: 'office_phone.invalid' }],
    });
    expect(checkOfficePhone('0591-876543210')).toEqual({
      ok: false,
      problems: [{ code: 'office_phone.invalid' }],
    });
  });

  it('reports a mobile number separately so the catalog can decide', () => {
    expect(checkOfficePhone('13800138000')).toEqual({
      ok: false,
      problems: [{ code: 'office_phone.mobile' }],
    });
    expect(checkOfficePhone('+86 138 0013 8000')).toEqual({
      ok: false,
      problems: [{ code: 'office_phone.mobile' }],
    });
  });

  it('rejects text and extensions', () => {
    for (const bad of ['office', '010-84562120 ext 8', '010-84562120转8001']) {
      expect(checkOfficePhone(bad), bad).toEqual({ ok: false, problems: [{ code: 'office_phone.format' }] });
    }
  });
});

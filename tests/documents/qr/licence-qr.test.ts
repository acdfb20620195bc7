import { describe, expect, it } from 'vitest';
import { MAX_LICENCE_QR_TEXT, readLicenceQr } from '../../../src/documents/qr/licence-qr.ts';
import { USCC_A, USCC_B } from '../../support/document-fixtures.ts';

describe('readLicenceQr', () => {
  it('finds the USCC in a gsxt.gov.cn link query', () => {
    expect(readLicenceQr(`http://www.gsxt.gov.cn/index.html?uniscid=${USCC_A}`)).toEqual({
      kind: 'licence',
      uscc: USCC_A,
    });
  });

  it('finds it in a provincial regulator path segment, lower case or encoded', () => {
    expect(readLicenceQr(`https://scjgj.fujian.gov.cn/qr/${USCC_B.toLowerCase()}.html`)).toEqual({
      kind: 'licence',
      uscc: USCC_B,
    });
    expect(readLicenceQr(`https://amr.example.gov.cn/q?x=1&code=%20${USCC_B}`)).toEqual({
      kind: 'licence',
      uscc: USCC_B,
    });
  });

  it('a government link with an opaque token is a licence without a USCC', () => {
    expect(readLicenceQr('http://www.gsxt.gov.cn/%7B2A8B1C0D9E7F6A5B4C3D%7D')).toEqual({
      kind: 'licence_without_uscc',
    });
  });

  it('an 18-character token whose check character is wrong is not taken for a USCC', () => {
    const wrong = `${USCC_A.slice(0, 17)}0`;
    expect(readLicenceQr(`http://www.gsxt.gov.cn/index.html?uniscid=${wrong}`)).toEqual({
      kind: 'licence_without_uscc',
    });
  });

  it('a link outside gov.cn is not a licence, even with a valid USCC in it', () => {
    expect(readLicenceQr(`https://shop.example.com/?uniscid=${USCC_A}`)).toEqual({ kind: 'not_licence' });
    expect(readLicenceQr(`https://gsxt.gov.cn.evil.example/?uniscid=${USCC_A}`)).toEqual({
      kind: 'not_licence',
    });
  });

  it('plain text and 2 KB of text are not licences', () => {
    expect(readLicenceQr(USCC_A)).toEqual({ kind: 'not_licence' });
    const long = `http://www.gsxt.gov.cn/?uniscid=${USCC_A}&pad=${'x'.repeat(2048)}`;
    expect(long.length).toBeGreaterThan(MAX_LICENCE_QR_TEXT);
    expect(readLicenceQr(long)).toEqual({ kind: 'not_licence' });
  });
});

import { describe, expect, it } from 'vitest';
import { ocrLayoutOf, parseIdFront, parseLicence } from '../../../src/documents/ocr/ocr-fields.ts';
import { USCC_A } from '../../support/document-fixtures.ts';

const line = (text: string, confidence = 0.99) => ({ text, confidence });

describe('parseIdFront', () => {
  it('reads the name and a checksum-valid ID number, as the model returns them', () => {
    const fields = parseIdFront([
      line('姓名张三丰'),
      line('性别男民族汉'),
      line('住址北京市东城区景山前街4号'),
      line('公民身份号码 11010519491231002X', 0.97),
    ]);
    expect(fields).toEqual({
      name: { value: '张三丰', confidence: 0.99 },
      idNumber: { value: '11010519491231002X', confidence: 0.97 },
    });
  });

  it('takes the name from the next line when the label stands alone, spaces and full-width forms folded', () => {
    expect(
      parseIdFront([
        line('姓 名'),
        line('李 四'),
        line('公民身份号码'),
        line('１１０１０５１９４９１２３１００２ｘ'),
      ]),
    ).toEqual({
      name: { value: '李四', confidence: 0.99 },
      idNumber: { value: '11010519491231002X', confidence: 0.99 },
    });
  });

  it('a number with one digit misread (check character wrong) is not an ID number', () => {
    expect(parseIdFront([line('公民身份号码 11010519491231003X')]).idNumber).toBeUndefined();
  });
});

describe('parseLicence', () => {
  it('reads the company name and the USCC', () => {
    expect(
      parseLicence([
        line('营业执照'),
        line(`统一社会信用代码${USCC_A}`),
        line('名称 福州某某科技有限公司'),
        line('类型有限责任公司'),
      ]),
    ).toEqual({
      companyName: { value: '福州某某科技有限公司', confidence: 0.99 },
      uscc: { value: USCC_A, confidence: 0.99 },
    });
  });

  it('"名称" must start the line: 类型名称 is not the name', () => {
    expect(parseLicence([line('类型名称有限责任公司')]).companyName).toBeUndefined();
  });
});

describe('ocrLayoutOf', () => {
  it('reads licences and ID fronts only', () => {
    expect(ocrLayoutOf('sponsor_certificate')).toBe('licence');
    expect(ocrLayoutOf('website_principal_id_front')).toBe('id_front');
    expect(ocrLayoutOf('sponsor_principal_id_back')).toBeUndefined();
  });
});

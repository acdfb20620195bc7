import { describe, expect, it } from 'vitest';
import type { FieldResult } from '../../../src/filing/catalog-types.ts';
import { checkDivisionChain } from '../../../src/filing/divisions/index.ts';
import {
  checkDocumentNumber,
  checkDomain,
  checkEmail,
  checkForeignPermanentResidenceId,
  checkHkMacaoTravelPermit,
  checkHomepageUrl,
  checkIpEntry,
  checkMobile,
  checkOfficePhone,
  checkOrganizationCode,
  checkPassport,
  checkPersonalId,
  checkResidencePermit,
  checkResidentId,
  checkTaiwanTravelPermit,
  checkUscc,
  usccCheckChar,
  VALIDATOR_PROBLEM_CODES,
} from '../../../src/filing/validators/index.ts';
import { hasText, t } from '../../../src/i18n/index.ts';

const now = new Date('2026-01-01T00:00:00Z');

/** Bad inputs that between them provoke every problem the validators know. */
function exercise(): FieldResult<unknown>[] {
  return [
    checkResidentId('1101051949', { now }),
    checkResidentId('990105194912310021', { now }),
    checkResidentId('110105194902300021', { now }),
    checkResidentId('110105202601020021', { now }),
    checkResidentId('110105194912310021', { now }),
    checkResidencePermit('8100001994', 'hk_macao', { now }),
    checkResidencePermit('11010519491231002X', 'hk_macao', { now }),
    checkResidencePermit('810000199402300021', 'hk_macao', { now }),
    checkResidencePermit('810000202601020021', 'hk_macao', { now }),
    checkResidencePermit('810000199408230022', 'hk_macao', { now }),
    checkUscc('91350100'),
    checkUscc('91350100M000100I43'),
    checkUscc('91350100M000100Y44'),
    checkUscc(`91350100M000100Y5${usccCheckChar('91350100M000100Y5')}`),
    checkOrganizationCode('M000'),
    checkOrganizationCode('M000100Y-5'),
    checkHkMacaoTravelPermit('X1'),
    checkTaiwanTravelPermit('1'),
    checkPassport('??'),
    checkForeignPermanentResidenceId('X', { now }),
    checkForeignPermanentResidenceId('931840198002300017', { now }),
    checkForeignPermanentResidenceId('931840198001010018', { now }),
    checkPersonalId('library_card', '1', { now }),
    checkDocumentNumber('judicial_expertise_license', '??', { now }),
    checkDocumentNumber('library_card', '1', { now }),
    checkMobile('123'),
    checkOfficePhone('call me'),
    checkOfficePhone('13800138000'),
    checkOfficePhone('099-12345678'),
    checkOfficePhone('010-845621'),
    checkEmail('nobody'),
    checkEmail('.a@example.cn'),
    checkEmail('a@localhost'),
    ...[
      'http://example.cn',
      'example.cn/a',
      'example.cn:80',
      'www.example.cn',
      'a b.cn',
      '-a.cn',
      'example',
      '1.2.3.4',
    ].map(checkDomain),
    checkHomepageUrl('http://www.example.cn', ['example.cn']),
    checkHomepageUrl('www.example.cn:8080', ['example.cn']),
    checkHomepageUrl('www..example.cn', ['example.cn']),
    checkHomepageUrl('www.other.cn', ['example.cn']),
    ...['x', '1.1.1.1-::1', '1.1.1.2-1.1.1.1', '10.0.0.1', '9.0.0.0-11.0.0.0'].map(checkIpEntry),
    checkDivisionChain('990000'),
    checkDivisionChain('350000', '310100'),
  ];
}

describe('validator problem codes', () => {
  it('has a non-empty zh and en text for every code', () => {
    for (const code of VALIDATOR_PROBLEM_CODES) {
      for (const lang of ['zh', 'en'] as const) {
        expect(hasText(lang, `errors:${code}`), `${lang} errors:${code}`).toBe(true);
        expect(t(lang, `errors:${code}`).trim().length, `${lang} errors:${code}`).toBeGreaterThan(0);
      }
    }
  });

  it('lists exactly the codes the validators return', () => {
    const returned = new Set(exercise().flatMap((r) => (r.ok ? [] : r.problems.map((p) => p.code))));
    expect([...returned].sort()).toEqual([...VALIDATOR_PROBLEM_CODES].sort());
  });

  it('supplies every parameter its texts interpolate', () => {
    for (const result of exercise()) {
      if (result.ok) continue;
      for (const problem of result.problems) {
        for (const lang of ['zh', 'en'] as const) {
          const text = t(lang, `errors:${problem.code}`, problem.params);
          expect(text, `${lang} ${problem.code}`).not.toMatch(/\{\{/);
        }
      }
    }
  });
});

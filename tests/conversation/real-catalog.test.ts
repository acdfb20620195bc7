/**
 * Complete filings through the engine with the real catalog, rules and materials: the submitted
 * document must pass validateFiling, the same check as `icp check`.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/conversation/engine.ts';
import type { EngineDeps } from '../../src/conversation/types.ts';
import { catalog } from '../../src/filing/catalog.ts';
import { requiredMaterials } from '../../src/filing/materials.ts';
import { validateDraft, validateFiling } from '../../src/filing/validate-filing.ts';
import type { Lang } from '../../src/i18n/index.ts';
import { Applicant, eventsOf, NOW, type Script } from './fixtures/driver.ts';

const deps: EngineDeps = { catalog, validateDraft, validateFiling, requiredMaterials };
const engine = createEngine(deps);

const sponsorPrincipal = {
  'sponsorPrincipal.name': { text: '张三' },
  'sponsorPrincipal.idType': { choice: 'resident_id' },
  'sponsorPrincipal.idNumber': { text: '350102198001011233' },
  'sponsorPrincipal.idValidUntil': { text: '2035-06-30' },
  'sponsorPrincipal.officePhone': { text: '086-0591-87654321' },
  'sponsorPrincipal.mobiles': { text: '13800138000' },
  'sponsorPrincipal.emergencyPhone': { text: '13900139000' },
  'sponsorPrincipal.emails': { text: 'zhangsan@example.cn' },
  'sponsorPrincipal.remarks': { skip: true },
} as const;

const enterprise: Script = {
  websites: 2,
  uploadAll: true,
  answers: {
    filingType: { choice: 'first_filing' },
    'sponsor.province': { text: '福建' },
    'sponsor.city': { text: '福州' },
    'sponsor.county': { text: '鼓楼' },
    'sponsor.nature': { choice: 'enterprise' },
    'sponsor.documentType': { choice: 'business_license' },
    'sponsor.documentNumber': { text: '91350100M000100Y43' },
    'sponsor.name': { text: '福州某某科技有限公司' },
    'sponsor.documentAddress': { text: '福建省福州市鼓楼区某某路1号' },
    'sponsor.mailingAddress': { text: '福建省福州市鼓楼区某某路1号3层' },
    'sponsor.investor': { text: '张三' },
    'sponsor.remarks': { skip: true },
    ...sponsorPrincipal,
    'websites.0.name': { text: '某某科技官网' },
    'websites.0.domains': { text: 'example.cn' },
    'websites.0.homepageUrl': { text: 'www.example.cn' },
    'websites.0.services': { ticks: ['organization_portal'] },
    'websites.0.languages': { ticks: ['zh_hans', 'english'] },
    'websites.0.principal': { choice: 'same_as_sponsor_principal' },
    'websites.0.access.ips': { text: '42.159.10.20；211.68.0.100-211.68.0.102' },
    'websites.0.access.method': { choice: 'virtual_host' },
    'websites.0.access.serverProvince': { text: '上海' },
    'websites.0.remarks': { skip: true },
    'websites.1.name': { text: '某某科技文档中心' },
    'websites.1.domains': { text: 'example.com.cn' },
    'websites.1.homepageUrl': { text: 'docs.example.com.cn' },
    'websites.1.services': { ticks: ['organization_portal'] },
    'websites.1.languages': { ticks: ['zh_hans'] },
    'websites.1.principal': { choice: 'own' },
    'websites.1.principal.name': { text: '李四' },
    'websites.1.principal.idType': { choice: 'resident_id' },
    'websites.1.principal.idNumber': { text: '110105199003074018' },
    'websites.1.principal.idValidUntil': { text: '2036-01-01' },
    'websites.1.principal.officePhone': { text: '086-0591-87654322' },
    'websites.1.principal.mobiles': { text: '13700137000' },
    'websites.1.principal.emergencyPhone': { text: '13600136000' },
    'websites.1.principal.emails': { text: 'lisi@example.cn' },
    'websites.1.principal.remarks': { skip: true },
    'websites.1.access.ips': { text: '42.159.10.21' },
    'websites.1.access.method': { choice: 'cloud' },
    'websites.1.access.serverProvince': { text: 'Shanghai' },
    'websites.1.remarks': { text: '产品文档' },
  },
};

const individual: Script = {
  uploadAll: true,
  answers: {
    filingType: { choice: 'first_filing' },
    'sponsor.province': { text: '上海' },
    'sponsor.city': { choice: '310100' },
    'sponsor.county': { text: '浦东' },
    'sponsor.nature': { choice: 'individual' },
    'sponsor.documentType': { choice: 'resident_id' },
    'sponsor.documentNumber': { text: '350102198001011233' },
    'sponsor.name': { text: '张三' },
    'sponsor.documentAddress': { text: '福建省福州市鼓楼区某某路1号' },
    'sponsor.mailingAddress': { text: '上海市浦东新区某某路100弄2号' },
    'sponsor.investor': { text: '张三' },
    'sponsor.remarks': { skip: true },
    ...sponsorPrincipal,
    'sponsorPrincipal.officePhone': { text: '13800138000' },
    'websites.0.name': { text: '张三的读书笔记' },
    'websites.0.domains': { text: 'zhangsan-notes.cn' },
    'websites.0.homepageUrl': { text: 'www.zhangsan-notes.cn' },
    'websites.0.services': { ticks: ['blog'] },
    'websites.0.languages': { ticks: ['zh_hans'] },
    'websites.0.principal': { choice: 'same_as_sponsor_principal' },
    'websites.0.access.ips': { text: '42.159.10.20' },
    'websites.0.access.method': { choice: 'cloud' },
    'websites.0.access.serverProvince': { text: '上海' },
    'websites.0.remarks': { skip: true },
  },
};

function complete(script: Script, lang: Lang) {
  const a = new Applicant(engine, lang);
  a.run(script);
  const submitted = a.last.messages.find((m) => m.type === 'submitted');
  if (submitted?.type !== 'submitted') throw new Error(`not submitted: ${JSON.stringify(a.last.messages)}`);
  return { a, filing: submitted.filing };
}

describe('complete filings with the real catalog', () => {
  for (const lang of ['zh', 'en'] as const) {
    it(`an enterprise with two websites (${lang})`, () => {
      const { a, filing } = complete(enterprise, lang);
      expect(validateFiling(filing, { now: NOW })).toEqual({ valid: true, errors: [] });
      expect(a.state?.lang).toBe(lang);
      expect(filing).toMatchObject({
        sponsor: { province: '350000', city: '350100', county: '350102', nature: 'enterprise' },
        websites: [
          { principal: 'same_as_sponsor_principal', access: { serverProvince: '310000' } },
          { principal: { name: '李四', idType: 'resident_id' }, access: { serverProvince: '310000' } },
        ],
      });
      expect(eventsOf(a.log, 'submitted')).toHaveLength(1);
    });

    it(`an individual (${lang})`, () => {
      const { filing } = complete(individual, lang);
      expect(validateFiling(filing, { now: NOW })).toEqual({ valid: true, errors: [] });
      expect(filing).toMatchObject({ sponsor: { province: '310000', city: '310100', county: '310115' } });
    });
  }

  it('re-asks with the rule that failed: an individual whose principal name differs', () => {
    const a = new Applicant(engine);
    a.send({ type: 'command', command: 'start' });
    for (let i = 0; i < 60 && a.question.path !== 'sponsorPrincipal.name'; i++) {
      a.answer(a.question, individual.answers[a.question.path]!);
    }
    a.send({ type: 'text', text: '李四' });
    expect(a.last.messages[0]).toMatchObject({
      type: 'error',
      problems: [{ path: 'sponsorPrincipal.name', text: { key: 'errors:individual.name_mismatch' } }],
    });
    expect(a.question.path).toBe('sponsorPrincipal.name');
  });

  it('changing the nature to individual re-asks the document type with personal options only', () => {
    const a = new Applicant(engine);
    a.send({ type: 'command', command: 'start' });
    for (let i = 0; i < 60 && a.question.path !== 'sponsorPrincipal.name'; i++) {
      a.answer(a.question, enterprise.answers[a.question.path]!);
    }
    a.send({ type: 'command', command: 'edit', arg: 'sponsor.nature' });
    a.choose(a.question, 'individual');
    const cleared = a.last.messages.find((m) => m.type === 'cleared');
    expect(cleared?.type === 'cleared' && cleared.fields.map((f) => f.path)).toContain(
      'sponsor.documentType',
    );
    expect(a.question.path).toBe('sponsor.documentType');
    expect(a.question.options?.map((o) => o.value)).not.toContain('business_license');
    expect(a.question.options?.map((o) => o.value)).toContain('resident_id');
  });
});

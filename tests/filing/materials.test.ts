import { describe, expect, it } from 'vitest';
import type { DraftFiling } from '../../src/filing/catalog-types.ts';
import { missingMaterials, type RequiredMaterial, requiredMaterials } from '../../src/filing/materials.ts';
import { LANGS, render } from '../../src/i18n/index.ts';

const principal = (overrides: Record<string, unknown> = {}) => ({
  name: '张三',
  idType: 'resident_id',
  idNumber: '11010519491231002X',
  idValidUntil: '2035-06-30',
  mobiles: ['13800138000'],
  emergencyPhone: '13900139000',
  emails: ['zhangsan@example.cn'],
  ...overrides,
});

const website = (overrides: Record<string, unknown> = {}) => ({
  name: '某某科技官网',
  domains: ['example.cn'],
  homepageUrl: 'www.example.cn',
  services: ['organization_portal'],
  preApprovals: [],
  languages: ['zh_hans'],
  principal: 'same_as_sponsor_principal',
  ...overrides,
});

/** An enterprise with two websites: one with a principal of its own, one with a news pre-approval. */
const enterprise: DraftFiling = {
  filingType: 'first_filing',
  sponsor: { province: '350000', nature: 'enterprise', documentType: 'business_license' },
  sponsorPrincipal: principal(),
  websites: [
    website({ principal: principal({ name: '李四', idNumber: '350102199003070018' }) }),
    website({
      name: '某某资讯',
      domains: ['example-news.cn', 'example-news.com.cn'],
      preApprovals: [{ type: 'news', licenceNumber: '35120190001' }],
    }),
  ],
};

const individual: DraftFiling = {
  filingType: 'first_filing',
  sponsor: { province: '110000', nature: 'individual', documentType: 'resident_id' },
  sponsorPrincipal: principal(),
  websites: [website({ name: '张三的博客', domains: ['zhangsan.cn'], services: ['other'] })],
};

const brief = (items: RequiredMaterial[]) =>
  items.map((m) => [m.kind, m.websiteIndex, m.preApprovalType].filter((x) => x !== undefined).join(':'));

describe('requiredMaterials', () => {
  it('individual: own ID both sides, domain certificate, verification form, commitment letter', () => {
    expect(brief(requiredMaterials(individual))).toEqual([
      'sponsor_principal_id_front',
      'sponsor_principal_id_back',
      'domain_certificate:0',
      'verification_form',
      'commitment_letter',
    ]);
    expect(requiredMaterials(individual)[0]?.reason.key).toBe('documents:reasons.individual_id_front');
  });

  it('enterprise with two websites: certificate, both principals, per-site domain and pre-approval, authorisation', () => {
    expect(brief(requiredMaterials(enterprise))).toEqual([
      'sponsor_certificate',
      'sponsor_principal_id_front',
      'sponsor_principal_id_back',
      'website_principal_id_front:0',
      'website_principal_id_back:0',
      'domain_certificate:0',
      'domain_certificate:1',
      'pre_approval:1:news',
      'verification_form',
      'commitment_letter',
      'authorisation_letter',
    ]);
  });

  it('names the website, its domains and the licence in the reasons', () => {
    const items = requiredMaterials(enterprise);
    const news = items.find((m) => m.kind === 'pre_approval');
    expect(news?.reason).toEqual({
      key: 'documents:reasons.pre_approval.news',
      params: { website: '某某资讯', licenceNumber: '35120190001' },
    });
    expect(render('zh', news!.reason)).toContain('互联网新闻信息服务许可证');
    const domains = items.find((m) => m.kind === 'domain_certificate' && m.websiteIndex === 1);
    expect(domains?.reason.params).toEqual({
      website: '某某资讯',
      domains: 'example-news.cn, example-news.com.cn',
    });
    expect(items.find((m) => m.kind === 'authorisation_letter')?.reason.params).toEqual({
      websites: '某某科技官网',
    });
  });

  it('every reason renders in both languages with nothing left unfilled', () => {
    const passport = {
      ...enterprise,
      sponsorPrincipal: principal({ idType: 'passport', idNumber: 'E12345678' }),
    };
    for (const filing of [enterprise, individual, passport]) {
      for (const item of requiredMaterials(filing)) {
        for (const lang of LANGS) {
          const text = render(lang, item.reason);
          expect(text, item.reason.key).not.toContain('documents:');
          expect(text, item.reason.key).not.toMatch(/\{\{/);
        }
      }
    }
  });

  it('a passport has no back side: only its data page is asked for', () => {
    const filing = {
      ...individual,
      sponsor: { ...(individual.sponsor as object), documentType: 'passport' },
      sponsorPrincipal: principal({ idType: 'passport', idNumber: 'E12345678' }),
    };
    const items = requiredMaterials(filing);
    expect(brief(items).filter((k) => k.startsWith('sponsor_principal'))).toEqual([
      'sponsor_principal_id_front',
    ]);
    expect(items[0]?.reason.key).toBe('documents:reasons.individual_passport');
  });

  it('a website principal with a passport: front only', () => {
    const filing = {
      ...enterprise,
      websites: [website({ principal: principal({ idType: 'passport', idNumber: 'E7654321' }) })],
    };
    expect(brief(requiredMaterials(filing)).filter((k) => k.startsWith('website_principal'))).toEqual([
      'website_principal_id_front:0',
    ]);
  });

  it('card permits (HK/Macao, Taiwan, residence permits) have a back side', () => {
    for (const idType of ['hk_macao_travel_permit', 'taiwan_travel_permit', 'taiwan_residence_permit']) {
      const filing = { ...individual, sponsorPrincipal: principal({ idType }) };
      expect(brief(requiredMaterials(filing)), idType).toContain('sponsor_principal_id_back');
    }
  });

  it('a website principal object that is the sponsor principal again needs no second ID nor authorisation', () => {
    const filing = {
      ...enterprise,
      websites: [website({ principal: principal({ idNumber: '11010519491231002x' }) })],
    };
    const kinds = brief(requiredMaterials(filing));
    expect(kinds.some((k) => k.startsWith('website_principal'))).toBe(false);
    expect(kinds).not.toContain('authorisation_letter');
  });

  it('an organisation whose websites all share the sponsor principal needs no authorisation letter', () => {
    const filing = { ...enterprise, websites: [website()] };
    expect(brief(requiredMaterials(filing))).not.toContain('authorisation_letter');
  });

  it('an individual from another province filing in Shanghai also needs the local residence permit', () => {
    const filing = { ...individual, sponsor: { ...(individual.sponsor as object), province: '310000' } };
    const permit = requiredMaterials(filing).find((m) => m.kind === 'other');
    expect(permit?.reason.key).toBe('documents:reasons.residence_permit');
    // Beijing does not ask for one; a Beijing ID filing in Beijing never does.
    expect(requiredMaterials(individual).some((m) => m.kind === 'other')).toBe(false);
  });

  it('a draft with nothing answered yet asks only for what every filing needs', () => {
    expect(brief(requiredMaterials({}))).toEqual([
      'sponsor_principal_id_front',
      'sponsor_principal_id_back',
      'verification_form',
      'commitment_letter',
    ]);
  });
});

describe('missingMaterials', () => {
  it('everything is missing before any upload', () => {
    expect(missingMaterials(enterprise, [])).toEqual(requiredMaterials(enterprise));
  });

  it('an upload for one website does not count for another', () => {
    const missing = missingMaterials(enterprise, [{ kind: 'domain_certificate', websiteIndex: 1 }]);
    expect(brief(missing)).toContain('domain_certificate:0');
    expect(brief(missing)).not.toContain('domain_certificate:1');
  });

  it('nothing is missing once each item has its upload; extra uploads change nothing', () => {
    const uploads = requiredMaterials(enterprise).map(({ kind, websiteIndex, preApprovalType }) => ({
      kind,
      ...(websiteIndex !== undefined ? { websiteIndex } : {}),
      ...(preApprovalType ? { preApprovalType } : {}),
    }));
    expect(missingMaterials(enterprise, [...uploads, { kind: 'other' }])).toEqual([]);
  });

  it('one upload satisfies one item: two pre-approvals need two documents', () => {
    const filing = {
      ...individual,
      websites: [
        website({
          preApprovals: [
            { type: 'news', licenceNumber: 'A1' },
            { type: 'culture', licenceNumber: 'B2' },
          ],
        }),
      ],
    };
    const one = missingMaterials(filing, [{ kind: 'pre_approval', websiteIndex: 0 }]);
    expect(brief(one).filter((k) => k.startsWith('pre_approval'))).toEqual(['pre_approval:0:culture']);
    const typed = missingMaterials(filing, [
      { kind: 'pre_approval', websiteIndex: 0, preApprovalType: 'culture' },
    ]);
    expect(brief(typed).filter((k) => k.startsWith('pre_approval'))).toEqual(['pre_approval:0:news']);
  });
});

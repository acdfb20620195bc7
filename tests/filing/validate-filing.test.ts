import { describe, expect, it } from 'vitest';
import { FILING_TYPES } from '../../src/filing/enums.ts';
import { filingJsonSchema } from '../../src/filing/json-schema.ts';
import { validateDraft, validateFiling } from '../../src/filing/validate-filing.ts';
import { type Doc, example, NOW } from './helpers.ts';

const enterprise = (): Doc => example('enterprise-two-websites');
const individual = (): Doc => example('individual');
const problems = (doc: Doc) => validateFiling(doc, { now: NOW }).errors.map((e) => `${e.path} ${e.code}`);

describe('validateFiling', () => {
  it('accepts both examples', () => {
    expect(validateFiling(individual(), { now: NOW })).toEqual({ valid: true, errors: [] });
    expect(validateFiling(enterprise(), { now: NOW })).toEqual({ valid: true, errors: [] });
  });

  it('reports every mistake of a document, each with its path, in form order', () => {
    const doc = enterprise();
    delete doc.sponsor.investor;
    doc.sponsorPrincipal.idNumber = '350102198801010002';
    doc.websites[0].domains = ['example.cn', 'Example-Two.cn', 'exa_mple.cn'];
    doc.websites[1].access.ips = ['42.159.10.21', '192.168.1.10'];
    doc.websites[1].access.extra = true;
    doc.websites[1].languages = ['klingon'];
    const result = validateFiling(doc, { now: NOW });
    expect(result.valid).toBe(false);
    expect(result.errors.map((e) => `${e.path} ${e.code}`)).toEqual([
      'sponsor.investor required',
      'sponsorPrincipal.idNumber resident_id.checksum',
      'websites.0.domains.1 value.not_canonical',
      'websites.0.domains.2 domain.label',
      'websites.1.languages.0 choice.invalid',
      'websites.1.access.ips.1 ip.not_public',
      'websites.1.access.extra unknown_field',
    ]);
    expect(result.errors[2]!.params).toEqual({ expected: 'example-two.cn' });
    // The example offered is a value this field takes (a language), not a word from another list.
    expect(result.errors[4]!.params).toEqual({ value: 'klingon', example: 'zh_hans' });
  });

  it('reports a non-object document and wrong types without throwing', () => {
    expect(validateFiling([], { now: NOW }).errors).toEqual([
      { path: '', code: 'type.invalid', params: { expected: 'object' } },
    ]);
    const doc = enterprise();
    doc.websites[0].domains = 'example.cn';
    expect(problems(doc)).toEqual(['websites.0.domains type.invalid']);
    expect(problems({})).toContain('sponsor required');
  });

  it('requires the certificate to fit the nature', () => {
    const doc = enterprise();
    doc.sponsor.documentType = 'institution_legal_person';
    expect(problems(doc)).toContain('sponsor.documentType document_type.not_for_nature');
    doc.sponsor.nature = 'institution';
    doc.sponsor.documentNumber = '12100000400000624D';
    expect(problems(doc).filter((p) => p.includes('documentType'))).toEqual([]);
  });

  it('requires a personal ID type for principals', () => {
    const doc = enterprise();
    doc.sponsorPrincipal.idType = 'business_license';
    expect(problems(doc)).toEqual(['sponsorPrincipal.idType id_type.not_personal']);
  });

  it('checks the division chain and the server province', () => {
    const doc = enterprise();
    doc.sponsor.county = '310115';
    doc.websites[0].access.serverProvince = '310100';
    expect(problems(doc)).toEqual([
      'sponsor.county division.not_in_parent',
      'websites.0.access.serverProvince division.unknown',
    ]);
    const dongguan = enterprise();
    Object.assign(dongguan.sponsor, {
      province: '440000',
      city: '441900',
      mailingAddress: '广东省东莞市某某路1号',
    });
    delete dongguan.sponsor.county;
    expect(problems(dongguan)).toEqual([]);
  });

  it('needs the ID valid for more than three months, unless long term', () => {
    const doc = enterprise();
    doc.sponsorPrincipal.idValidUntil = '2027-02-27';
    expect(problems(doc)).toEqual(['sponsorPrincipal.idValidUntil id_validity.too_soon']);
    doc.sponsorPrincipal.idValidUntil = '2027-03-01';
    expect(problems(doc)).toEqual([]);
    doc.sponsorPrincipal.idValidUntil = '长期';
    expect(problems(doc)).toEqual(['sponsorPrincipal.idValidUntil value.not_canonical']);
  });

  it('keeps an individual’s names and ID consistent', () => {
    const doc = individual();
    doc.sponsorPrincipal.name = '李四';
    doc.sponsor.investor = '李四';
    doc.sponsorPrincipal.idNumber = '11010519491231002X';
    expect(problems(doc)).toEqual([
      'sponsor.investor individual.investor_mismatch',
      'sponsorPrincipal.name individual.name_mismatch',
      'sponsorPrincipal.idNumber individual.id_mismatch',
    ]);
  });

  it('refuses an individual younger than 18 on the filing date', () => {
    const doc = individual();
    // Born 2008-11-29: 17 on 2026-11-28, 18 the next day.
    const id = '35010220081129001';
    const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const full = id + '10X98765432'[[...id].reduce((s, c, i) => s + Number(c) * W[i]!, 0) % 11];
    doc.sponsor.documentNumber = full;
    doc.sponsorPrincipal.idNumber = full;
    expect(problems(doc)).toEqual(['sponsorPrincipal.idNumber individual.under_18']);
    expect(validateFiling(doc, { now: new Date('2026-11-29T04:00:00Z') }).valid).toBe(true);
  });

  it('allows individuals personal services only, at most five, and no pre-approvals', () => {
    const doc = individual();
    doc.websites[0].services = ['blog', 'online_shopping', 'news'];
    expect(problems(doc)).toEqual([
      'websites.0.services.1 individual.service_not_personal',
      'websites.0.services.2 individual.service_not_personal',
      'websites.0.preApprovals pre_approval.missing',
    ]);
    doc.websites[0].preApprovals = [{ type: 'news', licenceNumber: '35120190001' }];
    expect(problems(doc)).toContain('websites.0.preApprovals individual.pre_approval');
    doc.websites[0].services = ['blog', 'other', 'online_pictures', 'software_download', 'wap', 'portal'];
    doc.websites[0].preApprovals = [];
    expect(problems(doc)).toContain('websites.0.services individual.too_many_services');
  });

  it('refuses commercial or organisational words in an individual’s site name', () => {
    const doc = individual();
    doc.websites[0].name = '张三的摄影俱乐部';
    expect(problems(doc)).toEqual(['websites.0.name individual.site_name_word']);
    const company = enterprise();
    company.websites[0].name = '某某科技有限公司官网';
    expect(problems(company)).toEqual([]);
  });

  it('reserves 中国/国家/人民… for state bodies', () => {
    const doc = enterprise();
    doc.websites[0].name = '中国某某科技官网';
    expect(problems(doc)).toEqual(['websites.0.name site_name.reserved_word']);
    doc.sponsor.nature = 'government';
    doc.sponsor.documentType = 'uscc_certificate';
    doc.sponsor.documentNumber = '91350100M000100Y43';
    expect(problems(doc)).toEqual([]);
  });

  it('refuses a site name that is the domain, only Latin/digits, or too short', () => {
    const doc = enterprise();
    doc.websites[0].name = 'www.example.cn';
    doc.websites[1].name = 'Example Video 2';
    expect(problems(doc)).toEqual([
      'websites.0.name site_name.is_domain',
      'websites.1.name site_name.latin_only',
    ]);
    doc.websites[0].name = '视频';
    expect(problems(doc)[0]).toBe('websites.0.name site_name.too_short');
  });

  it('forbids two different principals to share a mobile or an email; the same person may', () => {
    const doc = enterprise();
    doc.websites[1].principal.mobiles = ['13700137000', '13800138000'];
    doc.websites[1].principal.emails = ['WangWu@example.cn'];
    expect(problems(doc)).toEqual([
      'websites.1.principal.mobiles.1 principal.shared_mobile',
      'websites.1.principal.emails.0 principal.shared_email',
    ]);
    doc.websites[1].principal.idNumber = doc.sponsorPrincipal.idNumber;
    doc.websites[1].principal.name = doc.sponsorPrincipal.name;
    expect(problems(doc)).toEqual([]);
  });

  it('needs an emergency phone other than the mobile', () => {
    const doc = enterprise();
    doc.sponsorPrincipal.emergencyPhone = '13800138000';
    expect(problems(doc)).toEqual(['sponsorPrincipal.emergencyPhone principal.emergency_same_as_mobile']);
  });

  it('needs a licence for each pre-approval the services demand, once per type', () => {
    const doc = enterprise();
    doc.websites[1].services.push('news');
    expect(problems(doc)).toEqual(['websites.1.preApprovals pre_approval.missing']);
    doc.websites[1].preApprovals.push({ type: 'news', licenceNumber: '35120190001' });
    expect(problems(doc)).toEqual([]);
    doc.websites[1].preApprovals.push({ type: 'news', licenceNumber: '35120190002' });
    doc.websites[1].preApprovals[0].licenceNumber = '!';
    expect(problems(doc)).toEqual([
      'websites.1.preApprovals.0.licenceNumber pre_approval.licence_number',
      'websites.1.preApprovals.2.type pre_approval.duplicate',
    ]);
  });

  it('keeps the homepage within the website’s domains and a domain on one website', () => {
    const doc = enterprise();
    doc.websites[1].homepageUrl = 'www.example.cn';
    doc.websites[1].domains.push('example.cn');
    expect(problems(doc)).toEqual(['websites.1.domains.1 domain.other_website']);
    doc.websites[1].domains.pop();
    expect(problems(doc)).toEqual(['websites.1.homepageUrl homepage_url.host_not_listed']);
  });

  it('reports a bad domain once, not again as a homepage outside the domains', () => {
    const doc = enterprise();
    doc.websites[0].domains = ['www.example.cn'];
    expect(problems(doc)).toEqual(['websites.0.domains.0 domain.www']);
  });

  it('accepts a missing preApprovals list as none', () => {
    const doc = enterprise();
    delete doc.websites[0].preApprovals;
    expect(problems(doc)).toEqual([]);
  });
});

describe('validateDraft', () => {
  it('does not call missing answers problems', () => {
    expect(validateDraft({}, { now: NOW })).toEqual([]);
    expect(
      validateDraft(
        { sponsor: { nature: 'enterprise' }, websites: [{ name: '某某科技官网' }] },
        { now: NOW },
      ),
    ).toEqual([]);
  });

  it('flags an earlier answer made invalid by a later change (nature changed to individual)', () => {
    const draft: Doc = {
      sponsor: {
        nature: 'enterprise',
        documentType: 'business_license',
        documentNumber: '91350100M000100Y43',
      },
    };
    expect(validateDraft(draft, { now: NOW })).toEqual([]);
    draft.sponsor.nature = 'individual';
    expect(validateDraft(draft, { now: NOW }).map((p) => p.path)).toEqual(['sponsor.documentType']);
  });

  it('reports a problem at the field just answered', () => {
    const draft: Doc = {
      sponsorPrincipal: { mobiles: ['13800138000'], emergencyPhone: '13800138000' },
    };
    expect(validateDraft(draft, { now: NOW })).toEqual([
      { path: 'sponsorPrincipal.emergencyPhone', code: 'principal.emergency_same_as_mobile' },
    ]);
  });
});

describe('filingJsonSchema', () => {
  it('exports the document shape with the enumerations, one variant per order', () => {
    const variants = (filingJsonSchema() as Doc).oneOf as Doc[];
    expect(variants.map((v) => v.properties.filingType.const)).toEqual([...FILING_TYPES]);
    const schema = variants[0];
    expect(schema.type).toBe('object');
    expect(schema.required).toEqual(['filingType', 'sponsor', 'sponsorPrincipal', 'websites']);
    expect(schema.properties.sponsor.properties.nature.enum).toContain('individual');
    expect(schema.properties.websites.items.properties.services.items.enum).toHaveLength(24);
    const cancel = variants.find((v) => v.properties.filingType.const === 'cancel_website');
    expect(cancel.required).toEqual(['filingType', 'icpNumber', 'sponsor', 'websites', 'reason']);
    expect(cancel.properties.sponsor.required).not.toContain('mailingAddress');
  });
});

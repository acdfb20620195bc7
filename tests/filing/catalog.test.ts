import { describe, expect, it } from 'vitest';
import { applicableFields, catalog, fieldById, sectionOrder } from '../../src/filing/catalog.ts';
import type { DraftFiling, FieldContext } from '../../src/filing/catalog-types.ts';
import { NATURES } from '../../src/filing/enums.ts';
import { example, NOW } from './helpers.ts';

const ctx = (filing: DraftFiling, websiteIndex?: number): FieldContext => ({
  filing,
  now: NOW,
  websiteIndex,
});
const field = (id: string) => {
  const f = fieldById(id);
  if (!f) throw new Error(`no field ${id}`);
  return f;
};
const paths = (filing: DraftFiling) => applicableFields(filing, NOW).map((a) => a.path);

describe('field catalog', () => {
  it('covers every form field once, in section order', () => {
    const ids = catalog.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of [
      'filingType',
      'sponsor.province',
      'sponsor.city',
      'sponsor.county',
      'sponsor.nature',
      'sponsor.documentType',
      'sponsor.documentNumber',
      'sponsor.name',
      'sponsor.documentAddress',
      'sponsor.mailingAddress',
      'sponsor.investor',
      'sponsor.remarks',
      'sponsorPrincipal.idValidUntil',
      'sponsorPrincipal.emergencyPhone',
      'websites.*.name',
      'websites.*.domains',
      'websites.*.homepageUrl',
      'websites.*.services',
      'websites.*.preApprovals',
      'websites.*.languages',
      'websites.*.principal',
      'websites.*.principal.mobiles',
      'websites.*.access.ips',
      'websites.*.access.method',
      'websites.*.access.serverProvince',
      'websites.*.remarks',
    ]) {
      expect(ids, id).toContain(id);
    }
    const sections = catalog.map((f) => sectionOrder.indexOf(f.section));
    expect(sections.every((s) => s >= 0)).toBe(true);
    expect(catalog.filter((f) => !f.required).map((f) => f.id)).toEqual([
      'sponsor.remarks',
      'sponsorPrincipal.remarks',
      'websites.*.principal.remarks',
      'websites.*.remarks',
    ]);
  });

  it('asks the city only after the province, and no county for a city without counties (东莞)', () => {
    expect(paths({})).not.toContain('sponsor.city');
    expect(paths({ sponsor: { province: '350000' } })).toContain('sponsor.city');
    expect(paths({ sponsor: { province: '350000', city: '350100' } })).toContain('sponsor.county');
    expect(paths({ sponsor: { province: '440000', city: '441900' } })).not.toContain('sponsor.county');
  });

  it('offers divisions under the chosen parent and accepts names, prefixes and codes', () => {
    const draft = { sponsor: { province: '310000', city: '310100' } };
    expect(field('sponsor.city').options!(ctx(draft)).map((o) => o.value)).toEqual(['310100']);
    expect(field('sponsor.county').parse('浦东', ctx(draft))).toEqual({ ok: true, value: '310115' });
    expect(field('sponsor.county').parse('310115', ctx(draft))).toEqual({ ok: true, value: '310115' });
    const wrong = field('sponsor.county').parse('鼓楼区', ctx(draft));
    expect(wrong.ok ? '' : wrong.problems[0]!.code).toBe('division.not_found');
    expect(field('sponsor.province').parse('Fujian', ctx({}))).toEqual({ ok: true, value: '350000' });
  });

  it('offers the organisation code certificate to enterprises only (merged into the licence in 2015–2017)', () => {
    const values = (nature: string) =>
      field('sponsor.documentType').options!(ctx({ sponsor: { nature } })).map((o) => o.value);
    for (const { key: nature } of NATURES) {
      expect(values(nature).includes('organization_code'), nature).toBe(nature === 'enterprise');
      // Every nature still has a certificate to choose.
      expect(values(nature).length, nature).toBeGreaterThan(0);
    }
  });

  it('offers document types by nature and refuses one of another nature', () => {
    const values = (nature: string) =>
      field('sponsor.documentType').options!(ctx({ sponsor: { nature } })).map((o) => o.value);
    expect(values('government')).toEqual(['uscc_certificate']);
    expect(values('enterprise')).toContain('business_license');
    expect(values('individual')).toContain('resident_id');
    const refused = field('sponsor.documentType').parse(
      'business_license',
      ctx({ sponsor: { nature: 'individual' } }),
    );
    expect(refused).toEqual({
      ok: false,
      problems: [{ code: 'document_type.not_for_nature', params: { value: 'business_license' } }],
    });
    expect(
      field('sponsor.documentType').parse('Business_License', ctx({ sponsor: { nature: 'enterprise' } })),
    ).toEqual({
      ok: true,
      value: 'business_license',
    });
  });

  it('checks the document number against the chosen type', () => {
    const enterprise = { sponsor: { nature: 'enterprise', documentType: 'business_license' } };
    expect(field('sponsor.documentNumber').parse(' 91350100M000100Y43 ', ctx(enterprise))).toEqual({
      ok: true,
      value: '91350100M000100Y43',
    });
    const bad = field('sponsor.documentNumber').parse('91350100M000100Y44', ctx(enterprise));
    expect(bad.ok ? '' : bad.problems[0]!.code).toBe('uscc.checksum');
  });

  it('offers principals personal ID types only', () => {
    const f = field('sponsorPrincipal.idType');
    expect(f.options!(ctx({})).map((o) => o.value)).not.toContain('business_license');
    const refused = f.parse('business_license', ctx({}));
    expect(refused.ok ? '' : refused.problems[0]!.code).toBe('id_type.not_personal');
  });

  it('accepts a validity date in several spellings, or long term, and refuses one within three months', () => {
    const f = field('sponsorPrincipal.idValidUntil');
    expect(f.parse('2035年6月30日', ctx({}))).toEqual({ ok: true, value: '2035-06-30' });
    expect(f.parse('2035/6/30', ctx({}))).toEqual({ ok: true, value: '2035-06-30' });
    for (const words of ['长期', 'long term', 'long_term', 'Long Term']) {
      expect(f.parse(words, ctx({}))).toEqual({ ok: true, value: 'long_term' });
    }
    const soon = f.parse('2027-02-01', ctx({}));
    expect(soon.ok ? '' : soon.problems[0]!.code).toBe('id_validity.too_soon');
    const past = f.parse('2026-01-01', ctx({}));
    expect(past.ok ? '' : past.problems[0]!.code).toBe('id_validity.expired');
    const invalid = f.parse('2035-02-30', ctx({}));
    expect(invalid.ok ? '' : invalid.problems[0]!.code).toBe('date.invalid');
  });

  it('splits list answers on any separator, normalises and reports duplicates and bad items', () => {
    const mobiles = field('sponsorPrincipal.mobiles');
    expect(mobiles.parse('13800138000；13900139000\n13700137000', ctx({}))).toEqual({
      ok: true,
      value: ['13800138000', '13900139000', '13700137000'],
    });
    const dup = mobiles.parse('13800138000, 13800138000', ctx({}));
    expect(dup.ok ? [] : dup.problems.map((p) => p.code)).toEqual(['list.duplicate']);
    const bad = mobiles.parse('13800138000;12345', ctx({}));
    expect(bad.ok ? [] : bad.problems).toEqual([{ code: 'mobile.format', params: { item: '12345' } }]);
    expect(mobiles.parse(' ; ', ctx({}))).toEqual({ ok: false, problems: [{ code: 'required' }] });
  });

  it('checks the homepage against the website’s own domains', () => {
    const draft = { websites: [{ domains: ['example.cn'] }, { domains: ['other.cn'] }] };
    expect(field('websites.*.homepageUrl').parse('www.example.cn', ctx(draft, 0)).ok).toBe(true);
    expect(field('websites.*.homepageUrl').parse('www.example.cn', ctx(draft, 1)).ok).toBe(false);
  });

  it('offers individuals personal services only', () => {
    const f = field('websites.*.services');
    const individual = ctx({ sponsor: { nature: 'individual' }, websites: [{}] }, 0);
    expect(f.options!(individual).map((o) => o.value)).toEqual([
      'blog',
      'online_pictures',
      'software_download',
      'other',
    ]);
    expect(f.parse(['other', 'blog'], individual)).toEqual({ ok: true, value: ['blog', 'other'] });
    const refused = f.parse(['online_shopping'], individual);
    expect(refused.ok ? '' : refused.problems[0]!.code).toBe('individual.service_not_personal');
  });

  it('asks pre-approvals only for licensed services and stores them canonically, one number per type', () => {
    const plain = { websites: [{ services: ['organization_portal'] }] };
    expect(paths(plain)).not.toContain('websites.0.preApprovals');
    const licensed = { websites: [{ services: ['online_video', 'news'] }] };
    expect(paths(licensed)).toContain('websites.0.preApprovals');
    const f = field('websites.*.preApprovals');
    expect(f.options!(ctx(licensed, 0)).map((o) => o.value)).toEqual(['news', 'radio_film_tv']);
    expect(f.parse('35120190001\n1310572', ctx(licensed, 0))).toEqual({
      ok: true,
      value: [
        { type: 'news', licenceNumber: '35120190001' },
        { type: 'radio_film_tv', licenceNumber: '1310572' },
      ],
    });
    const short = f.parse('35120190001', ctx(licensed, 0));
    expect(short.ok ? '' : short.problems[0]).toEqual({
      code: 'pre_approval.count',
      params: { expected: 2, given: 1 },
    });
  });

  it('asks a website’s principal fields only when it has its own principal, keeping earlier answers', () => {
    const same = { websites: [{ principal: 'same_as_sponsor_principal' }] };
    expect(paths(same)).not.toContain('websites.0.principal.name');
    const own = { websites: [{ principal: { name: '李四' } }] };
    expect(paths(own)).toContain('websites.0.principal.mobiles');
    const f = field('websites.*.principal');
    expect(f.parse('own', ctx({ websites: [{}] }, 0))).toEqual({ ok: true, value: {} });
    expect(f.parse('own', ctx(own, 0))).toEqual({ ok: true, value: { name: '李四' } });
    expect(f.parse('same_as_sponsor_principal', ctx(own, 0))).toEqual({
      ok: true,
      value: 'same_as_sponsor_principal',
    });
  });

  it('gives concrete paths for every website of the enterprise example', () => {
    const all = paths(example('enterprise-two-websites'));
    expect(all).toContain('websites.1.preApprovals');
    expect(all).not.toContain('websites.0.preApprovals');
    expect(all).toContain('websites.1.principal.idNumber');
    expect(all).not.toContain('websites.0.principal.idNumber');
    expect(all.indexOf('websites.0.access.ips')).toBeLessThan(all.indexOf('websites.1.name'));
  });
});

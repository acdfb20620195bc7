/** Every filing order: its example is valid, and one wrong field is reported at its own path. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applicableFields } from '../../../src/filing/catalog.ts';
import { FILING_TYPES } from '../../../src/filing/enums.ts';
import { requiredMaterials } from '../../../src/filing/materials.ts';
import { ORDERS } from '../../../src/filing/orders/descriptions.ts';
import { ORDER_PROBLEM_CODES } from '../../../src/filing/orders/order-rules.ts';
import { validateFiling, validateFilingThroughZod } from '../../../src/filing/validate-filing.ts';
import { hasText, LANGS, LOCALES_DIR } from '../../../src/i18n/index.ts';
import { type Doc, EXAMPLES, NOW } from '../helpers.ts';

const EXAMPLE_OF: Record<string, string> = {
  first_filing: 'enterprise-two-websites',
  new_website: 'new-website',
  new_access: 'new-access',
  change: 'change',
  cancel_website: 'cancel-website',
  cancel_sponsor: 'cancel-sponsor',
  remove_access: 'remove-access',
};

function load(type: string): Doc {
  return JSON.parse(readFileSync(join(EXAMPLES, `${EXAMPLE_OF[type]}.json`), 'utf8'));
}

/** Problems as `path code`, after checking that the fast route and the zod route agree. */
function problems(doc: Doc): string[] {
  const fast = validateFiling(doc, { now: NOW });
  expect(validateFilingThroughZod(doc, { now: NOW })).toEqual(fast);
  return fast.errors.map((e) => `${e.path} ${e.code}`);
}

describe('orders', () => {
  it('describes every filing type', () => {
    expect(Object.keys(ORDERS).sort()).toEqual([...FILING_TYPES].sort());
  });

  it.each([...FILING_TYPES])('%s: the example in examples/ is valid', (type) => {
    const doc = load(type);
    expect(doc.filingType).toBe(type);
    expect(problems(doc)).toEqual([]);
  });

  it('refuses a sponsor number whose province is not the sponsor’s', () => {
    const doc = load('new_access');
    doc.icpNumber = '沪ICP备2026001234号';
    doc.websites[0].icpNumber = '沪ICP备2026001234号-1';
    expect(problems(doc)).toEqual(['icpNumber icp_number.province_mismatch']);
  });

  it('reads 蜀 and 陇 as Sichuan and Gansu, and names the right abbreviation for 川', () => {
    const doc = load('remove_access');
    Object.assign(doc.sponsor, { province: '510000', city: '510100', county: '510104' });
    doc.sponsor.name = '成都某某科技有限公司';
    doc.icpNumber = '蜀ICP备2026001234号';
    doc.websites[0].icpNumber = '蜀ICP备2026001234号-1';
    expect(problems(doc)).toEqual([]);
    doc.icpNumber = '川ICP备2026001234号';
    expect(problems(doc)).toEqual(['icpNumber icp_number.wrong_abbreviation']);
  });

  it('refuses a website number of another sponsor, a bare sponsor number and a repeated number', () => {
    const doc = load('change');
    doc.websites[1].icpNumber = '闽ICP备2026009999号-2';
    expect(problems(doc)).toEqual(['websites.1.icpNumber icp_number.other_sponsor']);
    doc.websites[1].icpNumber = '闽ICP备2026001234号';
    expect(problems(doc)).toEqual(['websites.1.icpNumber icp_number.website_expected']);
    doc.websites[1].icpNumber = '闽ICP备2026001234号-1';
    expect(problems(doc)).toEqual(['websites.1.icpNumber icp_number.duplicate']);
  });

  it('wants the sponsor number without a website suffix, and in canonical form', () => {
    const doc = load('cancel_website');
    doc.icpNumber = '闽ICP备2026001234号-2';
    expect(problems(doc)).toEqual(['icpNumber icp_number.sponsor_expected']);
    doc.icpNumber = '闽icp备2026001234号';
    expect(problems(doc)).toEqual(['icpNumber value.not_canonical']);
    doc.icpNumber = 'ICP 2026001234';
    expect(problems(doc)).toEqual(['icpNumber icp_number.format']);
  });

  it('a change needs changedSections naming sections the document has', () => {
    const doc = load('change');
    delete doc.changedSections;
    expect(problems(doc)).toEqual(['changedSections required']);
    doc.changedSections = ['websites.2', 'sponsorPrincipal'];
    expect(problems(doc)).toEqual(['changedSections.0 changed_sections.unknown']);
  });

  it('a cancellation needs a reason, and words for “other”', () => {
    const doc = load('cancel_sponsor');
    delete doc.reasonText;
    expect(problems(doc)).toEqual(['reasonText required']);
    delete doc.reason;
    expect(problems(doc)).toEqual(['reason required']);
    doc.reason = 'bored';
    expect(problems(doc)).toEqual(['reason choice.invalid']);
  });

  it('every order on an existing filing needs the sponsor number; a first filing has none', () => {
    for (const type of FILING_TYPES.filter((t) => t !== 'first_filing')) {
      const doc = load(type);
      delete doc.icpNumber;
      expect(problems(doc), type).toContain('icpNumber required');
    }
    const first = load('first_filing');
    first.icpNumber = '闽ICP备2026001234号';
    expect(problems(first)).toEqual(['icpNumber unknown_field']);
  });

  it('keeps each order to its sections: no principal in a cancellation, no number on a new website', () => {
    const cancel = load('cancel_website');
    cancel.sponsorPrincipal = load('new_access').sponsorPrincipal;
    expect(problems(cancel)).toEqual(['sponsorPrincipal unknown_field']);
    const added = load('new_website');
    added.websites[0].icpNumber = '闽ICP备2026001234号-3';
    expect(problems(added)).toEqual(['websites.0.icpNumber unknown_field']);
    const access = load('new_access');
    delete access.websites[0].icpNumber;
    expect(problems(access)).toEqual(['websites.0.icpNumber required']);
  });

  it('checks the sponsor fields a cancellation gives beyond its identity, and needs no others', () => {
    const doc = load('cancel_website');
    expect(doc.sponsor.mailingAddress).toBeUndefined();
    doc.sponsor.documentNumber = '91350100M000100Y44';
    expect(problems(doc)).toEqual(['sponsor.documentNumber uscc.checksum']);
    doc.sponsor.documentNumber = '91350100M000100Y43';
    doc.sponsor.remarks = 'x'.repeat(501);
    expect(problems(doc)).toEqual(['sponsor.remarks text.too_long']);
  });

  it('reports a missing or unknown filingType and still explains the rest as a first filing', () => {
    const doc = load('first_filing');
    delete doc.filingType;
    delete doc.sponsor.name;
    expect(problems(doc)).toEqual(['filingType required', 'sponsor.name required']);
    doc.filingType = 'transfer';
    expect(problems(doc)).toEqual(['filingType choice.invalid', 'sponsor.name required']);
  });

  it('asks a cancellation only what it needs', () => {
    const asked = (doc: Doc) => applicableFields(doc, NOW).map((f) => f.path);
    expect(asked({ filingType: 'cancel_sponsor' })).toEqual([
      'filingType',
      'icpNumber',
      'sponsor.province',
      'sponsor.nature',
      'sponsor.documentNumber',
      'sponsor.name',
      'reason',
    ]);
    expect(asked({ filingType: 'remove_access' })).toContain('websites.0.icpNumber');
    expect(asked({ filingType: 'remove_access' })).not.toContain('websites.0.domains');
    expect(asked({})).not.toContain('icpNumber');
  });
});

describe('materials per order', () => {
  const kinds = (type: string) => requiredMaterials(load(type)).map((m) => m.kind);

  it('a cancellation or removal needs the principal’s ID and the certificate only', () => {
    for (const type of ['cancel_website', 'cancel_sponsor', 'remove_access']) {
      expect(kinds(type), type).toEqual([
        'sponsor_certificate',
        'sponsor_principal_id_front',
        'sponsor_principal_id_back',
      ]);
    }
  });

  it('a new access needs the verification form, the ID photos and the domain certificate', () => {
    expect(kinds('new_access')).toEqual([
      'sponsor_principal_id_front',
      'sponsor_principal_id_back',
      'domain_certificate',
      'verification_form',
    ]);
    expect(kinds('new_website')).toContain('commitment_letter');
  });
});

describe('texts of the orders', () => {
  it('has a text for every order problem code in both languages', () => {
    const missing = ORDER_PROBLEM_CODES.flatMap((code) =>
      LANGS.filter((lang) => !hasText(lang, `errors:${code}`)).map((lang) => `${lang} ${code}`),
    );
    expect(missing).toEqual([]);
  });

  it('declares every code the order model emits', () => {
    const dir = join(import.meta.dirname, '..', '..', '..', 'src', 'filing', 'orders');
    const found = new Set<string>();
    for (const file of readdirSync(dir)) {
      const source = readFileSync(join(dir, file), 'utf8');
      for (const m of source.matchAll(/(?:report\([^;]*?,\s*|code: )'([a-z_]+\.[a-z_.]+)'/g))
        found.add(m[1]!);
    }
    expect(found.size).toBeGreaterThan(5);
    expect([...found].filter((c) => !(ORDER_PROBLEM_CODES as readonly string[]).includes(c))).toEqual([]);
    const en = JSON.parse(readFileSync(join(LOCALES_DIR, 'en', 'errors.orders.json'), 'utf8'));
    const zh = JSON.parse(readFileSync(join(LOCALES_DIR, 'zh', 'errors.orders.json'), 'utf8'));
    expect(Object.keys(zh)).toEqual(Object.keys(en));
  });
});

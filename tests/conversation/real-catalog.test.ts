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
import { enterprise, individual } from './fixtures/real-scripts.ts';

const deps: EngineDeps = { catalog, validateDraft, validateFiling, requiredMaterials };
const engine = createEngine(deps);

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

  it("an individual's investor and principal follow the sponsor: never asked, corrected with it", () => {
    const a = new Applicant(engine);
    a.send({ type: 'command', command: 'start' });
    const asked: string[] = [];
    for (let i = 0; i < 60 && a.question.path !== 'websites.0.name'; i++) {
      asked.push(a.question.path);
      a.answer(a.question, individual.answers[a.question.path]!);
    }
    for (const path of [
      'sponsor.city',
      'sponsor.investor',
      'sponsorPrincipal.name',
      'sponsorPrincipal.idType',
    ]) {
      expect(asked).not.toContain(path);
    }
    expect(asked).not.toContain('sponsorPrincipal.idNumber');
    expect(a.state?.filing).toMatchObject({
      sponsor: { city: '310100', investor: '张三' },
      sponsorPrincipal: { name: '张三', idType: 'resident_id', idNumber: '350102198001011233' },
    });
    a.send({ type: 'command', command: 'edit', arg: 'sponsorPrincipal.name' });
    expect(a.last.messages[0]).toMatchObject({ type: 'info', text: { key: 'conversation:edit.derived' } });
    a.send({ type: 'command', command: 'edit', arg: 'sponsor.name' });
    a.send({ type: 'text', text: '张三丰' });
    expect(a.last.messages.some((m) => m.type === 'cleared')).toBe(false);
    expect(a.state?.filing).toMatchObject({
      sponsor: { name: '张三丰', investor: '张三丰' },
      sponsorPrincipal: { name: '张三丰' },
    });
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

  it('a new province clears the city and county and asks them again from the new lists', () => {
    const a = new Applicant(engine);
    a.send({ type: 'command', command: 'start' });
    for (let i = 0; i < 60 && a.question.path !== 'sponsor.name'; i++) {
      a.answer(a.question, enterprise.answers[a.question.path]!);
    }
    a.send({ type: 'command', command: 'edit', arg: 'sponsor.province' });
    expect(a.question.page).toEqual({ index: 1, count: 5 });
    a.send({ type: 'text', text: 'Shanghai' });
    const cleared = a.last.messages.find((m) => m.type === 'cleared');
    // Shanghai has one city level (市辖区): it is taken without asking, and the old county goes.
    expect(cleared?.type === 'cleared' && cleared.fields.map((f) => [f.path, f.reason])).toEqual([
      ['sponsor.county', 'invalid'],
    ]);
    expect(a.state?.filing).toMatchObject({ sponsor: { province: '310000', city: '310100' } });
    expect(a.question.path).toBe('sponsor.county');
    a.send({ type: 'text', text: '浦东' });
    expect(a.state?.filing).toMatchObject({
      sponsor: { province: '310000', city: '310100', county: '310115' },
    });
    expect(a.question.path).toBe('sponsor.name');
  });
});

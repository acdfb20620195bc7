/** Checks a real applicant would expect (issue 17): Chinese names on resident IDs, addresses that are addresses. */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/conversation/engine.ts';
import { catalog } from '../../src/filing/catalog.ts';
import { requiredMaterials } from '../../src/filing/materials.ts';
import { validateDraft, validateFiling } from '../../src/filing/validate-filing.ts';
import { render } from '../../src/i18n/index.ts';
import { Applicant, type Script } from './fixtures/driver.ts';
import { enterprise, individual } from './fixtures/real-scripts.ts';

const engine = createEngine({ catalog, validateDraft, validateFiling, requiredMaterials });

function at(path: string, script: Script, lang: 'zh' | 'en'): Applicant {
  const a = new Applicant(engine, lang);
  a.send({ type: 'command', command: 'start' });
  for (let i = 0; i < 80 && a.question.path !== path; i++) {
    a.answer(a.question, script.answers[a.question.path]!);
  }
  expect(a.question.path).toBe(path);
  return a;
}

function refusal(a: Applicant, lang: 'zh' | 'en'): string {
  const error = a.last.messages.find((m) => m.type === 'error');
  if (error?.type !== 'error') throw new Error(`not refused: ${JSON.stringify(a.last.messages)}`);
  return error.problems.map((p) => render(lang, p.text)).join('\n');
}

describe('plausibility checks', () => {
  for (const lang of ['zh', 'en'] as const) {
    it(`a resident-ID holder's name is in Chinese characters (${lang})`, () => {
      const a = at('sponsor.name', individual, lang);
      a.send({ type: 'text', text: 'Zhang San' });
      expect(refusal(a, lang)).toContain(lang === 'zh' ? '汉字' : 'Chinese characters');
      expect(a.question.path).toBe('sponsor.name');
      a.send({ type: 'text', text: '买买提·艾力' });
      expect(a.state?.filing).toMatchObject({ sponsor: { name: '买买提·艾力' } });

      const b = at('sponsorPrincipal.idNumber', enterprise, lang);
      b.send({ type: 'command', command: 'edit', arg: 'sponsorPrincipal.name' });
      b.send({ type: 'text', text: 'John Smith' });
      expect(refusal(b, lang)).toContain(lang === 'zh' ? '汉字' : 'Chinese characters');
    });

    it(`a passport holder may have a Latin name (${lang})`, () => {
      const a = at('sponsorPrincipal.idNumber', enterprise, lang);
      a.send({ type: 'command', command: 'edit', arg: 'sponsorPrincipal.idType' });
      a.choose(a.question, 'passport');
      a.send({ type: 'command', command: 'edit', arg: 'sponsorPrincipal.name' });
      a.send({ type: 'text', text: 'John Smith' });
      expect(a.last.messages.some((m) => m.type === 'error')).toBe(false);
      expect(a.state?.filing).toMatchObject({ sponsorPrincipal: { name: 'John Smith' } });
    });

    it(`an address has a place word or a number, a name is no address (${lang})`, () => {
      const a = at('sponsor.documentAddress', enterprise, lang);
      a.send({ type: 'text', text: '张三' });
      expect(refusal(a, lang)).toContain(lang === 'zh' ? '地址' : 'address');
      a.send({ type: 'text', text: '福建省福州市鼓楼区某某路1号' });
      expect(a.question.path).toBe('sponsor.mailingAddress');
      a.send({ type: 'text', text: 'Li Si' });
      expect(refusal(a, lang)).toContain(lang === 'zh' ? '地址' : 'address');
      // Inside the sponsor's district: the mailing address must lie within its division (province rule).
      a.send({ type: 'text', text: '福州市鼓楼区五四路88号' });
      expect(a.question.path).toBe('sponsor.investor');
    });
  }
});

/** Hints that fit the applicant (issue 17): examples and wording follow the answers so far. */
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

describe('hints', () => {
  for (const lang of ['zh', 'en'] as const) {
    it(`the district example comes from the chosen city (${lang})`, () => {
      const shanghai = render(lang, at('sponsor.county', individual, lang).question.help);
      expect(shanghai).toContain(lang === 'zh' ? '黄浦区' : 'Huangpu District');
      expect(shanghai).not.toMatch(/鼓楼|Gulou/);
      const fuzhou = at('sponsor.county', enterprise, lang);
      expect(render(lang, fuzhou.question.help)).toContain(lang === 'zh' ? '鼓楼区' : 'Gulou District');
      // A refusal repeats the same fitted hint.
      fuzhou.send({ type: 'text', text: '浦东' });
      const error = fuzhou.last.messages.find((m) => m.type === 'error');
      expect(error?.type === 'error' && error.hint && render(lang, error.hint)).toContain('350102');
    });

    it(`an individual's number hint speaks of the ID card (${lang})`, () => {
      const help = render(lang, at('sponsor.documentNumber', individual, lang).question.help);
      expect(help).toMatch(lang === 'zh' ? /身份证/ : /ID card/);
      expect(help).not.toMatch(/营业执照|licence|信用代码|credit code/);
      const business = render(lang, at('sponsor.documentNumber', enterprise, lang).question.help);
      expect(business).toMatch(lang === 'zh' ? /营业执照/ : /business licence/);
    });

    it(`the IP hint says to separate several with commas, which every channel can type (${lang})`, () => {
      const help = render(lang, at('websites.0.access.ips', enterprise, lang).question.help);
      expect(help).toMatch(lang === 'zh' ? /逗号/ : /commas/);
      expect(help).not.toMatch(/per line|每行/);
    });

    it(`the investor hint asks for the investor or shareholder, or the supervising unit (${lang})`, () => {
      const help = render(lang, at('sponsor.investor', enterprise, lang).question.help);
      expect(help).toMatch(lang === 'zh' ? /股东/ : /shareholder/);
      expect(help).toContain('主管单位');
    });
  }
});

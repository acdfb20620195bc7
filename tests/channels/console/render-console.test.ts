/** Console rendering of choices (issue 17): option numbers continue across pages, and typing one picks it. */
import { describe, expect, it } from 'vitest';
import { renderConsole } from '../../../src/channels/console/render-console.ts';
import { createEngine } from '../../../src/conversation/engine.ts';
import { catalog } from '../../../src/filing/catalog.ts';
import { provinces } from '../../../src/filing/divisions/index.ts';
import { requiredMaterials } from '../../../src/filing/materials.ts';
import { validateDraft, validateFiling } from '../../../src/filing/validate-filing.ts';
import { Applicant } from '../../conversation/fixtures/driver.ts';

const engine = createEngine({ catalog, validateDraft, validateFiling, requiredMaterials });

describe('console choices across pages', () => {
  for (const lang of ['zh', 'en'] as const) {
    it(`numbers page 2 from 9, and "9" there picks the ninth option (${lang})`, () => {
      const a = new Applicant(engine, lang);
      a.send({ type: 'command', command: 'start' });
      a.choose(a.question, 'first_filing');
      expect(a.question.path).toBe('sponsor.province');
      a.send({ type: 'page', token: a.question.token, page: 1 });
      const shown = renderConsole(lang, a.last.messages);
      const ninth = provinces()[8]!;
      expect(shown).toContain(`9) ${lang === 'zh' ? ninth.nameZh : ninth.nameEn}`);
      expect(shown).not.toMatch(/^\s+1\) /m);
      a.send({ type: 'text', text: '9' });
      expect(a.state?.filing).toMatchObject({ sponsor: { province: ninth.code } });
    });
  }
});

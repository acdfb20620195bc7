/** The server location offers the provider's provinces first (issue 17, SERVER_PROVINCES). */
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/conversation/engine.ts';
import { DEFAULT_SERVER_PROVINCES, setServerProvinces } from '../../src/filing/catalog/server-provinces.ts';
import { catalog } from '../../src/filing/catalog.ts';
import { requiredMaterials } from '../../src/filing/materials.ts';
import { validateDraft, validateFiling } from '../../src/filing/validate-filing.ts';
import { Applicant } from './fixtures/driver.ts';
import { enterprise } from './fixtures/real-scripts.ts';

const engine = createEngine({ catalog, validateDraft, validateFiling, requiredMaterials });

function atServerProvince(lang: 'zh' | 'en'): Applicant {
  const a = new Applicant(engine, lang);
  a.send({ type: 'command', command: 'start' });
  for (let i = 0; i < 80 && a.question.path !== 'websites.0.access.serverProvince'; i++) {
    a.answer(a.question, enterprise.answers[a.question.path]!);
  }
  return a;
}

afterEach(() => setServerProvinces(DEFAULT_SERVER_PROVINCES));

describe('server location choices', () => {
  for (const lang of ['zh', 'en'] as const) {
    it(`offers Beijing, Shanghai and Hebei first by default, the configured ones otherwise (${lang})`, () => {
      const first = atServerProvince(lang).question.options!.map((o) => o.value);
      expect(first.slice(0, 3)).toEqual(['110000', '310000', '130000']);
      expect(first).toHaveLength(8);
      setServerProvinces(['440000']);
      const configured = atServerProvince(lang);
      expect(configured.question.options![0]!.value).toBe('440000');
      // The others are still there, behind the first page, and typed names still work.
      configured.send({ type: 'text', text: '西藏' });
      expect(configured.state?.filing).toMatchObject({
        websites: [{ access: { serverProvince: '540000' } }],
      });
    });
  }
});

/**
 * Typed answers as applicants give them (issue 17): an option's label in either language picks it,
 * and a refusal names options by their labels, never by internal keys.
 */
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

describe('typed option labels', () => {
  for (const lang of ['zh', 'en'] as const) {
    it(`takes 企业 / Enterprise, 个人, 虚拟主机 and 博客 typed (${lang})`, () => {
      for (const typed of ['企业', 'Enterprise', 'enterprise']) {
        const a = at('sponsor.nature', enterprise, lang);
        a.send({ type: 'text', text: typed });
        expect(a.state?.filing).toMatchObject({ sponsor: { nature: 'enterprise' } });
      }
      const b = at('sponsor.nature', individual, lang);
      b.send({ type: 'text', text: '个人' });
      expect(b.state?.filing).toMatchObject({ sponsor: { nature: 'individual' } });

      const c = at('websites.0.access.method', enterprise, lang);
      c.send({ type: 'text', text: '虚拟主机' });
      expect(c.state?.filing).toMatchObject({ websites: [{ access: { method: 'virtual_host' } }] });

      const d = at('websites.0.services', individual, lang);
      d.send({ type: 'text', text: '博客' });
      expect(d.state?.filing).toMatchObject({ websites: [{ services: ['blog'] }] });
      const e = at('websites.0.services', enterprise, lang);
      e.send({ type: 'text', text: 'Blog, 网络新闻' });
      expect(e.question.path).toBe('websites.0.preApprovals');
      expect(e.state?.filing).toMatchObject({ websites: [{ services: ['news', 'blog'] }] });
    });

    it(`a refusal shows labels, not keys (${lang})`, () => {
      const a = at('sponsor.nature', enterprise, lang);
      a.send({ type: 'text', text: '公司' });
      const error = a.last.messages.find((m) => m.type === 'error');
      if (error?.type !== 'error') throw new Error('no refusal');
      const shown = error.problems.map((p) => render(lang, p.text)).join('\n');
      expect(shown).toContain(lang === 'zh' ? '企业' : 'Enterprise');
      expect(shown).not.toMatch(/\b(defense|enterprise|individual)\b/);

      const b = at('sponsor.documentType', individual, lang);
      b.send({ type: 'text', text: 'business_license' });
      const refused = b.last.messages.find((m) => m.type === 'error');
      if (refused?.type !== 'error') throw new Error('no refusal');
      expect(refused.problems.map((p) => render(lang, p.text)).join('\n')).not.toContain('business_license');
    });
  }
});

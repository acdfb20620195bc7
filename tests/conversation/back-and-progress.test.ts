/**
 * /back keeps its place and "question n of m" tells the truth (issue 17), with the real catalog.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/conversation/engine.ts';
import type { QuestionMessage } from '../../src/conversation/types.ts';
import { catalog } from '../../src/filing/catalog.ts';
import { requiredMaterials } from '../../src/filing/materials.ts';
import { validateDraft, validateFiling } from '../../src/filing/validate-filing.ts';
import { Applicant } from './fixtures/driver.ts';
import { enterprise } from './fixtures/real-scripts.ts';

const engine = createEngine({ catalog, validateDraft, validateFiling, requiredMaterials });

function at(path: string, lang: 'zh' | 'en'): Applicant {
  const a = new Applicant(engine, lang);
  a.send({ type: 'command', command: 'start' });
  for (let i = 0; i < 80 && a.question.path !== path; i++) {
    a.answer(a.question, enterprise.answers[a.question.path]!);
  }
  expect(a.question.path).toBe(path);
  return a;
}

const back = (a: Applicant) => a.send({ type: 'command', command: 'back' });

describe('/back', () => {
  for (const lang of ['zh', 'en'] as const) {
    it(`walks back three times, and a new answer resumes at the first open question (${lang})`, () => {
      const a = at('sponsor.documentAddress', lang);
      back(a);
      expect(a.question.path).toBe('sponsor.name');
      back(a);
      expect(a.question.path).toBe('sponsor.documentNumber');
      back(a);
      expect(a.question.path).toBe('sponsor.documentType');
      a.choose(a.question, 'business_license');
      // Nothing in between was invalidated: on at the question that was open, not past it.
      expect(a.question.path).toBe('sponsor.documentAddress');
      // And /back from there is the question just before it, not the one answered last.
      back(a);
      expect(a.question.path).toBe('sponsor.name');
    });

    it(`an answer given after /back that invalidates later ones asks them first (${lang})`, () => {
      const a = at('sponsor.documentType', lang);
      back(a);
      back(a);
      back(a);
      expect(a.question.path).toBe('sponsor.city');
      a.send({ type: 'text', text: '厦门' });
      expect(a.last.messages.some((m) => m.type === 'cleared')).toBe(true);
      expect(a.question.path).toBe('sponsor.county');
    });
  }
});

describe('progress', () => {
  for (const lang of ['zh', 'en'] as const) {
    it(`question n of m: n never passes m, grows by one, and /edit says editing (${lang})`, () => {
      const a = new Applicant(engine, lang);
      a.send({ type: 'command', command: 'start' });
      const seen: QuestionMessage[] = [];
      for (let i = 0; i < 80 && !a.question.fieldId.startsWith('@'); i++) {
        seen.push(a.question);
        a.answer(a.question, enterprise.answers[a.question.path]!);
      }
      expect(seen.length).toBeGreaterThan(20);
      seen.forEach((q, i) => {
        expect(q.progress.editing).toBeUndefined();
        expect(q.progress.answered + 1).toBeLessThanOrEqual(q.progress.total);
        expect(q.progress.answered).toBe(i);
      });
      a.send({ type: 'command', command: 'edit', arg: 'sponsor.name' });
      expect(a.question.path).toBe('sponsor.name');
      expect(a.question.progress.editing).toBe(true);
      expect(a.question.progress.answered).toBeLessThan(a.question.progress.total);
    });
  }
});

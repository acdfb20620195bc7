/** The console has numbered options, not buttons (issue 17 item 10): it never asks to press one. */
import { describe, expect, it } from 'vitest';
import { renderConsole } from '../../../src/channels/console/render-console.ts';
import { createEngine } from '../../../src/conversation/engine.ts';
import type { Outgoing } from '../../../src/conversation/types.ts';
import { catalog } from '../../../src/filing/catalog.ts';
import { requiredMaterials } from '../../../src/filing/materials.ts';
import { validateDraft, validateFiling } from '../../../src/filing/validate-filing.ts';
import { Applicant } from '../../conversation/fixtures/driver.ts';

const engine = createEngine({ catalog, validateDraft, validateFiling, requiredMaterials });
const BUTTON_WORDS = /button|tap|press|按钮|点击|点按/i;

describe('console wording', () => {
  for (const lang of ['zh', 'en'] as const) {
    it(`an answer to an earlier question is explained without buttons (${lang})`, () => {
      const a = new Applicant(engine, lang);
      a.send({ type: 'command', command: 'start' });
      const old = a.question;
      a.choose(old, 'first_filing');
      a.send({ type: 'choice', token: old.token, value: 'first_filing' });
      const stale = a.last.messages.find((m) => m.type === 'info');
      expect(stale).toEqual({ type: 'info', text: { key: 'conversation:stale' } });
      expect(renderConsole(lang, [stale!])).not.toMatch(BUTTON_WORDS);
    });

    it(`an unclear answer to the consent question asks for a number, not a button (${lang})`, () => {
      // What the consent gate says when the typed text is neither "I agree" nor "I do not agree".
      const unclear: Outgoing = { type: 'info', text: { key: 'privacy:consent.choose' } };
      const shown = renderConsole(lang, [unclear]);
      expect(shown).not.toMatch(BUTTON_WORDS);
      expect(shown).toMatch(lang === 'en' ? /number/ : /编号/);
    });
  }
});

/**
 * How many inputs a real applicant gives (issue 17): an individual's first filing, registration and
 * uploads included, in at most 30. Counted by driving the engine as the channels do: the account
 * step (address, code) is two inputs, then the front hands the engine the verified address, which
 * starts the conversation (not an input of the applicant's), then every answer, tap and upload.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/conversation/engine.ts';
import { catalog } from '../../src/filing/catalog.ts';
import { requiredMaterials } from '../../src/filing/materials.ts';
import { validateDraft, validateFiling } from '../../src/filing/validate-filing.ts';
import { Applicant, NOW } from './fixtures/driver.ts';
import {
  ACCOUNT_EMAIL,
  individualFirstFiling,
  REGISTRATION_INPUTS,
  type Script,
} from './fixtures/real-scripts.ts';

const engine = createEngine({ catalog, validateDraft, validateFiling, requiredMaterials });

function inputsFor(script: Script, lang: 'zh' | 'en') {
  const a = new Applicant(engine, lang);
  a.send({ type: 'account_email', email: ACCOUNT_EMAIL });
  a.run(script);
  const submitted = a.last.messages.find((m) => m.type === 'submitted');
  if (submitted?.type !== 'submitted') throw new Error('not submitted');
  return { a, filing: submitted.filing, inputs: REGISTRATION_INPUTS + a.log.length - 1 };
}

describe('inputs per filing', () => {
  for (const lang of ['zh', 'en'] as const) {
    it(`an individual first filing takes at most 30 inputs, registration and uploads included (${lang})`, () => {
      const { filing, inputs, a } = inputsFor(individualFirstFiling, lang);
      expect(validateFiling(filing, { now: NOW })).toEqual({ valid: true, errors: [] });
      expect(filing).toMatchObject({
        sponsor: { city: '310100', county: '310112', investor: '王芳' },
        sponsorPrincipal: {
          name: '王芳',
          idType: 'resident_id',
          idNumber: '310115199001011232',
          officePhone: '13800138000',
          emails: ['wangfang@example.cn'],
        },
        websites: [{ principal: 'same_as_sponsor_principal', languages: ['zh_hans'], services: ['other'] }],
      });
      const uploads = a.log.flatMap((r) => r.events).filter((e) => e.type === 'document_added');
      expect(uploads.length).toBe(5);
      expect(inputs).toBeLessThanOrEqual(30);
    });
  }
});

/** The engine asks the channels for the printable forms: after the confirmation and on /documents. */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/conversation/engine.ts';
import type { EngineDeps, Outgoing } from '../../src/conversation/types.ts';
import { catalog } from '../../src/filing/catalog.ts';
import { requiredMaterials } from '../../src/filing/materials.ts';
import { validateDraft, validateFiling } from '../../src/filing/validate-filing.ts';
import { Applicant } from './fixtures/driver.ts';
import { enterprise, individual } from './fixtures/real-scripts.ts';

const deps: EngineDeps = { catalog, validateDraft, validateFiling, requiredMaterials };
const engine = createEngine(deps);
const forms = (messages: Outgoing[]) => messages.flatMap((m) => (m.type === 'form' ? [m.document] : []));

describe('printable forms in the conversation', () => {
  it('an enterprise with a second website principal gets all three after confirming, before the submit question', () => {
    const a = new Applicant(engine);
    a.run({ ...enterprise, uploadAll: false });
    const confirmed = a.log.find((r) => r.events.some((e) => e.type === 'confirmed'))!;
    expect(forms(confirmed.messages)).toEqual([
      'verification_form',
      'commitment_letter',
      'authorisation_letter',
    ]);
    expect(confirmed.messages.map((m) => m.type)).toEqual(['documents', 'form', 'form', 'form', 'question']);
    const form = confirmed.messages.find((m) => m.type === 'form');
    expect(form?.type === 'form' && form.filing).toEqual(a.state?.filing);
  });

  it('an individual gets the verification form and the commitment letter, again on /documents', () => {
    const a = new Applicant(engine, 'en');
    a.run({ ...individual, uploadAll: false });
    expect(a.state?.phase).toBe('documents');
    a.send({ type: 'command', command: 'documents' });
    expect(forms(a.last.messages)).toEqual(['verification_form', 'commitment_letter']);
  });

  it('none before the summary is confirmed, and none with each upload', () => {
    const a = new Applicant(engine);
    a.send({ type: 'command', command: 'start' });
    a.send({ type: 'command', command: 'documents' });
    expect(forms(a.last.messages)).toEqual([]);
    const b = new Applicant(engine);
    b.run({ ...individual, uploadAll: false });
    b.send({ type: 'document', kind: 'domain_certificate', websiteIndex: 0, documentId: 'd1' });
    expect(forms(b.last.messages)).toEqual([]);
  });

  it('are not part of the stand-in for a lost reply (the question is; /documents brings the forms)', () => {
    const a = new Applicant(engine);
    a.run({ ...individual, uploadAll: false });
    expect(forms(engine.prompt(a.state!, { now: new Date() }))).toEqual([]);
  });
});

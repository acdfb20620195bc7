/**
 * "Send a photo instead" (issue 14, prefill) in the engine, with the real catalog: a photo's values
 * come in as `ocr_suggestion`, are offered as one-tap answers checked like typed text, and are
 * never filled in by themselves.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/conversation/engine.ts';
import { PHOTO_OPTION } from '../../src/conversation/photo-values.ts';
import { migrateState } from '../../src/conversation/state.ts';
import type { EngineDeps, Outgoing } from '../../src/conversation/types.ts';
import { catalog } from '../../src/filing/catalog.ts';
import { requiredMaterials } from '../../src/filing/materials.ts';
import { validateDraft, validateFiling } from '../../src/filing/validate-filing.ts';
import { render } from '../../src/i18n/index.ts';
import { Applicant, eventsOf, type Script } from './fixtures/driver.ts';
import { enterprise, individual } from './fixtures/real-scripts.ts';

const deps: EngineDeps = { catalog, validateDraft, validateFiling, requiredMaterials };
const engine = createEngine(deps);

const NAME = '张三丰';
const ID = '11010519491231002X';

/** An applicant answering from `script` until the question at `path` is asked. */
function at(path: string, script: Script = enterprise, lang: 'zh' | 'en' = 'zh') {
  const a = new Applicant(engine, lang);
  a.send({ type: 'command', command: 'start' });
  for (let i = 0; i < 80 && a.question.path !== path; i++) {
    // A second website's questions come after the summary's "add a website".
    if (a.question.fieldId === '@confirm') a.choose(a.question, 'add_website');
    else if (a.question.fieldId === '@add_website') a.choose(a.question, 'yes');
    if (a.question.path === path) break;
    const answer = script.answers[a.question.path];
    if (!answer) throw new Error(`no answer for ${a.question.path}`);
    a.answer(a.question, answer);
  }
  if (a.question.path !== path) throw new Error(`${path} never asked`);
  return a;
}

const photoDoc = { kind: 'sponsor_principal_id_front', documentId: 'doc-1' };

function infoKeys(messages: Outgoing[]): string[] {
  return messages.flatMap((m) => (m.type === 'info' ? [m.text.key] : []));
}

describe('send a photo instead: the questions that take one', () => {
  it('the principal name and ID number, the licence number and company name say which photo', () => {
    expect(at('sponsorPrincipal.name').question.photo).toEqual({ kind: 'sponsor_principal_id_front' });
    expect(at('sponsor.documentNumber').question.photo).toEqual({ kind: 'sponsor_certificate' });
    expect(at('sponsor.name').question.photo).toEqual({ kind: 'sponsor_certificate' });
    // An individual's certificate is the resident ID: its front is the principal's ID front.
    expect(at('sponsor.documentNumber', individual).question.photo).toEqual({
      kind: 'sponsor_principal_id_front',
    });
    expect(at('websites.1.principal.name').question.photo).toEqual({
      kind: 'website_principal_id_front',
      websiteIndex: 1,
    });
    // Questions no document answers take none.
    expect(at('sponsor.documentAddress').question.photo).toBeUndefined();
  });

  it('a passport is not read: its number question takes no photo', () => {
    const passport: Script = {
      ...enterprise,
      answers: {
        ...enterprise.answers,
        'sponsorPrincipal.idType': { choice: 'passport' },
        'sponsorPrincipal.idNumber': { text: 'E12345678' },
      },
    };
    expect(at('sponsorPrincipal.idNumber', passport).question.photo).toBeUndefined();
  });
});

describe('send a photo instead: the values read', () => {
  it('keeps the photo as the document, offers the name as one tap, fills nothing by itself', () => {
    const a = at('sponsorPrincipal.name');
    const token = a.question.token;
    a.send({
      type: 'ocr_suggestion',
      token,
      document: photoDoc,
      values: { 'sponsorPrincipal.name': NAME, 'sponsorPrincipal.idNumber': ID },
    });
    expect(a.state?.documents).toEqual([photoDoc]);
    expect(a.state?.filing.sponsorPrincipal).toBeUndefined();
    expect(infoKeys(a.last.messages)).toEqual(['conversation:photo.kept', 'conversation:photo.read']);
    expect(eventsOf([a.last], 'photo_read')[0]?.data).toEqual({
      paths: ['sponsorPrincipal.name', 'sponsorPrincipal.idNumber'],
    });
    // The same question again, same token, with the value read as its option.
    expect(a.question).toMatchObject({ path: 'sponsorPrincipal.name', token });
    expect(a.question.options).toEqual([{ value: PHOTO_OPTION, label: { zh: NAME, en: NAME } }]);

    a.send({ type: 'choice', token, value: PHOTO_OPTION });
    expect(a.state?.filing.sponsorPrincipal).toEqual({ name: NAME });
    expect(a.question.path).toBe('sponsorPrincipal.idType');
    a.choose(a.question, 'resident_id');
    // The number read waits for its own question.
    expect(a.question.path).toBe('sponsorPrincipal.idNumber');
    expect(a.question.options).toEqual([{ value: PHOTO_OPTION, label: { zh: ID, en: ID } }]);
    a.send({ type: 'choice', token: a.question.token, value: PHOTO_OPTION });
    expect(a.state?.filing.sponsorPrincipal).toMatchObject({ name: NAME, idNumber: ID });
    expect(a.state?.photoValues).toBeUndefined();
  });

  it('typing stays possible: a typed answer wins and the value read is no longer offered', () => {
    const a = at('sponsorPrincipal.name');
    a.send({
      type: 'ocr_suggestion',
      token: a.question.token,
      document: photoDoc,
      values: { 'sponsorPrincipal.name': NAME },
    });
    a.send({ type: 'text', text: '李四' });
    expect(a.state?.filing.sponsorPrincipal).toEqual({ name: '李四' });
    expect(a.state?.photoValues).toBeUndefined();
    a.send({ type: 'command', command: 'back' });
    expect(a.question.path).toBe('sponsorPrincipal.name');
    expect(a.question.options).toBeUndefined();
  });

  it('a tapped value is checked like typed text: a wrong ID number is refused, nothing stored', () => {
    const a = at('sponsorPrincipal.idNumber');
    const token = a.question.token;
    a.send({ type: 'ocr_suggestion', token, values: { 'sponsorPrincipal.idNumber': '11010519491231003X' } });
    a.send({ type: 'choice', token, value: PHOTO_OPTION });
    expect(a.last.messages[0]).toMatchObject({ type: 'error' });
    expect(a.state?.filing.sponsorPrincipal).not.toHaveProperty('idNumber');
    expect(a.question.path).toBe('sponsorPrincipal.idNumber');
    // The console's number picks the option too.
    a.send({ type: 'text', text: '1' });
    expect(a.last.messages[0]).toMatchObject({ type: 'error' });
  });

  it('a licence photo at the number question offers its USCC and, later, its company name', () => {
    const a = at('sponsor.documentNumber');
    const uscc = '91110108MA01ABCD5T';
    a.send({
      type: 'ocr_suggestion',
      token: a.question.token,
      document: { kind: 'sponsor_certificate', documentId: 'doc-2' },
      values: { 'sponsor.documentNumber': uscc, 'sponsor.name': '厦门某某网络有限公司' },
    });
    a.send({ type: 'choice', token: a.question.token, value: PHOTO_OPTION });
    expect(a.state?.filing.sponsor).toMatchObject({ documentNumber: uscc });
    expect(a.question.path).toBe('sponsor.name');
    expect(a.question.options?.[0]?.label).toEqual({
      zh: '厦门某某网络有限公司',
      en: '厦门某某网络有限公司',
    });
  });

  it("an individual's ID card answers the sponsor's number and name, not the principal's derived ones", () => {
    const a = at('sponsor.documentNumber', individual);
    a.send({
      type: 'ocr_suggestion',
      token: a.question.token,
      document: photoDoc,
      values: { 'sponsor.documentNumber': ID, 'sponsor.name': NAME, 'sponsorPrincipal.name': '王五' },
    });
    expect(a.state?.photoValues).toEqual({ 'sponsor.documentNumber': ID, 'sponsor.name': NAME });
    expect(a.question.options).toEqual([{ value: PHOTO_OPTION, label: { zh: ID, en: ID } }]);
  });

  it('nothing read (OCR off, a blurred photo): asked to type, the photo still kept', () => {
    for (const lang of ['zh', 'en'] as const) {
      const a = at('sponsorPrincipal.name', enterprise, lang);
      a.send({ type: 'ocr_suggestion', token: a.question.token, document: photoDoc, values: {} });
      expect(a.state?.documents).toEqual([photoDoc]);
      const unread = a.last.messages.find(
        (m) => m.type === 'info' && m.text.key === 'conversation:photo.unread',
      );
      expect(unread?.type === 'info' && render(lang, unread.text)).toMatch(lang === 'zh' ? /输入/ : /type/);
      expect(a.question.path).toBe('sponsorPrincipal.name');
      expect(a.question.options).toBeUndefined();
    }
  });

  it('a value for a question already answered is not offered (nor filled)', () => {
    const a = at('sponsorPrincipal.idNumber');
    a.send({
      type: 'ocr_suggestion',
      token: a.question.token,
      values: { 'sponsorPrincipal.name': '王五', 'sponsorPrincipal.idNumber': ID },
    });
    expect(a.state?.photoValues).toEqual({ 'sponsorPrincipal.idNumber': ID });
    expect(a.state?.filing.sponsorPrincipal).toMatchObject({ name: '张三' });
  });

  it('a reading that comes back after the applicant moved on is not offered on the new question', () => {
    const a = at('sponsorPrincipal.name');
    const token = a.question.token;
    a.send({ type: 'text', text: '李四' });
    a.send({ type: 'ocr_suggestion', token, document: photoDoc, values: { 'sponsorPrincipal.name': NAME } });
    expect(eventsOf([a.last], 'photo_late')).toHaveLength(1);
    expect(a.state?.photoValues).toBeUndefined();
    expect(a.state?.documents).toEqual([photoDoc]);
    expect(a.question.path).toBe('sponsorPrincipal.idType');
  });

  it('the pending values survive a restart: the stored state keeps them', () => {
    const a = at('sponsorPrincipal.name');
    a.send({ type: 'ocr_suggestion', token: a.question.token, values: { 'sponsorPrincipal.name': NAME } });
    const stored = migrateState(JSON.parse(JSON.stringify(a.state)));
    expect(stored?.photoValues).toEqual({ 'sponsorPrincipal.name': NAME });
    const again = engine.prompt(stored!, { now: new Date() });
    const q = again.find((m) => m.type === 'question');
    expect(q?.type === 'question' && q.options).toEqual([
      { value: PHOTO_OPTION, label: { zh: NAME, en: NAME } },
    ]);
    // Garbage in a stored state is dropped, not trusted.
    expect(migrateState({ ...a.state, photoValues: { x: 1 } })?.photoValues).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/conversation/engine.ts';
import { PAGE_SIZE } from '../../src/conversation/question.ts';
import { Applicant, eventsOf, type Script } from './fixtures/driver.ts';
import { miniDeps } from './fixtures/mini-catalog.ts';

const engine = createEngine(miniDeps);

const enterprise: Script = {
  answers: {
    'sponsor.province': { choice: '310000' },
    'sponsor.nature': { choice: 'enterprise' },
    'sponsor.documentType': { choice: 'business_license' },
    'sponsor.investor': { text: '张三' },
    'sponsor.name': { text: '上海某某科技有限公司' },
    'sponsor.remarks': { text: '' },
    'websites.*.name': { text: '某某官网' },
    'websites.0.domains': { text: 'example.cn' },
    'websites.1.domains': { text: 'example.com.cn；shop.example.cn' },
    'websites.*.services': { ticks: ['organization_portal', 'online_shopping'] },
    'websites.0.principal': { choice: 'same_as_sponsor_principal' },
    'websites.1.principal': { choice: 'own' },
    'websites.1.principal.name': { text: '李四' },
  },
  websites: 2,
  uploadAll: true,
};

/** Answers up to (not including) the question at `path`. */
function answerUntil(a: Applicant, script: Script, path: string): void {
  if (!a.state) a.send({ type: 'command', command: 'start' });
  for (let i = 0; i < 50 && a.question.path !== path; i++) {
    const q = a.question;
    if (q.fieldId === '@add_website' || q.fieldId === '@confirm') {
      a.choose(q, q.fieldId === '@confirm' ? 'add_website' : 'yes');
      continue;
    }
    const answer = script.answers[q.path] ?? script.answers[q.fieldId];
    if (!answer) throw new Error(`no answer for ${q.path}`);
    a.answer(q, answer);
  }
  expect(a.question.path).toBe(path);
}

describe('conversation engine (mini catalog)', () => {
  it('starts with a welcome and the first question, with options paged', () => {
    const a = new Applicant(engine);
    a.send({ type: 'command', command: 'start' });
    expect(a.last.messages[0]).toEqual({ type: 'info', text: { key: 'conversation:welcome' } });
    const q = a.question;
    expect(q).toMatchObject({
      fieldId: 'sponsor.province',
      kind: 'division',
      section: 'sponsor',
      skippable: false,
    });
    expect(q.title).toEqual({
      key: 'filing:fields.sponsor.province.label',
      params: { website: 1, count: 1 },
    });
    expect(q.options).toHaveLength(PAGE_SIZE);
    expect(q.page).toEqual({ index: 0, count: 2 });
    a.send({ type: 'page', token: q.token, page: 1 });
    expect(a.question.options?.map((o) => o.value)).toEqual(['310000', '320000', '330000']);
    expect(a.question.token).toBe(q.token);
  });

  it('completes a filing with two websites and submits it', () => {
    const a = new Applicant(engine, 'en');
    a.run(enterprise);
    expect(a.state?.phase).toBe('submitted');
    const submitted = a.last.messages.find((m) => m.type === 'submitted');
    expect(submitted?.type === 'submitted' && submitted.filing).toMatchObject({
      sponsor: { province: '310000', nature: 'enterprise', name: '上海某某科技有限公司' },
      websites: [
        { domains: ['example.cn'], principal: 'same_as_sponsor_principal' },
        { domains: ['example.com.cn', 'shop.example.cn'], principal: { name: '李四' } },
      ],
    });
    expect(eventsOf(a.log, 'submitted')).toHaveLength(1);
    // The log says which field was answered, never what.
    for (const e of eventsOf(a.log, 'answer_accepted')) expect(Object.keys(e.data ?? {})).toEqual(['path']);
  });

  it('accepts a typed name or a page number for a division', () => {
    const a = new Applicant(engine);
    a.send({ type: 'command', command: 'start' });
    a.send({ type: 'text', text: 'Shanghai' });
    expect(a.state?.filing).toMatchObject({ sponsor: { province: '310000' } });
    a.send({ type: 'command', command: 'back' });
    a.send({ type: 'text', text: '2' });
    expect(a.state?.filing).toMatchObject({ sponsor: { province: '320000' } });
  });

  it('refuses an invalid answer with its code and the field help, and asks again', () => {
    const a = new Applicant(engine);
    answerUntil(a, enterprise, 'sponsor.name');
    const token = a.question.token;
    a.send({ type: 'text', text: 'x' });
    const error = a.last.messages.find((m) => m.type === 'error');
    expect(error).toEqual({
      type: 'error',
      problems: [
        {
          path: 'sponsor.name',
          field: { key: 'filing:fields.sponsor.name.label', params: { website: 1 } },
          text: { key: 'errors:name.too_short' },
        },
      ],
      hint: { key: 'filing:fields.sponsor.name.help', params: { website: 1, count: 1 } },
    });
    expect(a.question).toMatchObject({ path: 'sponsor.name', token });
    expect(eventsOf(a.log, 'answer_rejected').at(-1)?.data).toEqual({
      path: 'sponsor.name',
      codes: ['name.too_short'],
    });
  });

  it('rejects an answer the draft rules refuse (problem under the answered path)', () => {
    const a = new Applicant(engine);
    answerUntil(a, enterprise, 'websites.1.domains');
    a.send({ type: 'text', text: 'example.cn' });
    expect(a.last.messages[0]).toMatchObject({
      type: 'error',
      problems: [{ path: 'websites.1.domains.0', text: { key: 'errors:domain.duplicate' } }],
    });
    expect(a.question.path).toBe('websites.1.domains');
  });

  it('skips optional fields only', () => {
    const a = new Applicant(engine);
    answerUntil(a, enterprise, 'sponsor.name');
    a.send({ type: 'command', command: 'skip' });
    expect(a.last.messages[0]).toEqual({
      type: 'error',
      problems: [{ text: { key: 'conversation:skip.required' } }],
    });
    expect(a.question.path).toBe('sponsor.name');
    a.send({ type: 'text', text: '上海某某科技有限公司' });
    expect(a.question).toMatchObject({ path: 'sponsor.remarks', skippable: true });
    a.send({ type: 'command', command: 'skip' });
    expect(a.question.path).toBe('websites.0.name');
    expect(a.state?.filing).not.toHaveProperty('sponsor.remarks');
    expect(eventsOf(a.log, 'field_skipped').at(-1)?.data).toEqual({ path: 'sponsor.remarks' });
  });

  it('goes back to the previous question with its current answer, then forward again', () => {
    const a = new Applicant(engine);
    answerUntil(a, enterprise, 'sponsor.documentType');
    a.send({ type: 'command', command: 'back' });
    const q = a.question;
    expect(q.path).toBe('sponsor.nature');
    expect(q.current).toEqual({ key: 'filing:enums.nature.enterprise' });
    expect(q.options?.find((o) => o.selected)?.value).toBe('enterprise');
    a.choose(q, 'enterprise');
    expect(a.question.path).toBe('sponsor.documentType');
  });

  it('detects a stale button and asks the current question again', () => {
    const a = new Applicant(engine);
    a.send({ type: 'command', command: 'start' });
    const old = a.question;
    a.choose(old, '310000');
    const now = a.question;
    a.send({ type: 'choice', token: old.token, value: 'enterprise' });
    expect(a.last.messages[0]).toEqual({ type: 'info', text: { key: 'conversation:stale' } });
    expect(a.question).toMatchObject({ path: now.path, token: now.token });
    expect(a.state?.filing).not.toHaveProperty('sponsor.nature');
  });

  it('switches language and re-asks the same question', () => {
    const a = new Applicant(engine, 'zh');
    answerUntil(a, enterprise, 'sponsor.nature');
    const q = a.question;
    a.send({ type: 'command', command: 'lang', arg: 'en' });
    expect(a.state?.lang).toBe('en');
    expect(a.question).toMatchObject({ path: 'sponsor.nature', token: q.token });
    expect(eventsOf(a.log, 'language_changed')).toEqual([
      { type: 'language_changed', data: { from: 'zh', to: 'en' } },
    ]);
  });

  it('changing the nature removes inapplicable answers and re-asks the document type', () => {
    const a = new Applicant(engine);
    answerUntil(a, enterprise, 'websites.0.name');
    a.send({ type: 'command', command: 'edit', arg: 'sponsor.nature' });
    a.choose(a.question, 'individual');
    const cleared = a.last.messages.find((m) => m.type === 'cleared');
    expect(cleared?.type === 'cleared' && cleared.fields.map((f) => [f.path, f.reason])).toEqual([
      ['sponsor.investor', 'not_applicable'],
      ['sponsor.documentType', 'invalid'],
    ]);
    expect(a.state?.filing).not.toHaveProperty('sponsor.investor');
    const q = a.question;
    expect(q.path).toBe('sponsor.documentType');
    expect(q.options?.map((o) => o.value)).toEqual(['resident_id', 'passport']);
  });

  it('edits a field from the summary by row number and returns to the summary', () => {
    const a = new Applicant(engine);
    a.run({ ...enterprise, uploadAll: false, websites: 1 });
    expect(a.question.fieldId).toBe('@submit');
    a.send({ type: 'command', command: 'summary' });
    const summary = a.last.messages.find((m) => m.type === 'summary');
    if (summary?.type !== 'summary') throw new Error('no summary');
    const row = summary.sections.flatMap((s) => s.rows).find((r) => r.path === 'sponsor.name');
    expect(summary.sections.map((s) => s.title.key)).toEqual([
      'conversation:sections.sponsor',
      'conversation:sections.website',
    ]);
    a.send({ type: 'command', command: 'edit', arg: String(row?.number) });
    expect(a.question.path).toBe('sponsor.name');
    a.send({ type: 'text', text: '上海另一家公司' });
    expect(a.state?.phase).toBe('confirm');
    expect(a.question.fieldId).toBe('@confirm');
    expect(a.state?.filing).toMatchObject({ sponsor: { name: '上海另一家公司' } });
  });

  it('adds and removes websites', () => {
    const a = new Applicant(engine);
    answerUntil(a, enterprise, 'websites.0.name');
    a.send({ type: 'command', command: 'remove_website', arg: '1' });
    expect(a.last.messages[0]).toMatchObject({
      type: 'error',
      problems: [{ text: { key: 'conversation:websites.removeLast' } }],
    });
    a.send({ type: 'command', command: 'add_website' });
    expect(a.state?.websiteCount).toBe(2);
    a.send({ type: 'text', text: '第一个网站' });
    a.send({ type: 'text', text: 'one.cn' });
    a.send({ type: 'command', command: 'remove_website', arg: '1' });
    expect(a.state?.websiteCount).toBe(1);
    expect(a.state?.filing).toMatchObject({ websites: [] });
    expect(a.question.path).toBe('websites.0.name');
    expect(eventsOf(a.log, 'website_removed')).toEqual([{ type: 'website_removed', data: { index: 0 } }]);
  });

  it('multi-choice: ticks toggle, done commits, a stale toggle is refused', () => {
    const a = new Applicant(engine);
    answerUntil(a, enterprise, 'websites.0.services');
    const q = a.question;
    expect(q.multi).toBe(true);
    a.choose(q, 'portal');
    a.choose(a.question, 'news');
    a.choose(a.question, 'portal');
    expect(a.question.options?.filter((o) => o.selected).map((o) => o.value)).toEqual(['news']);
    a.send({ type: 'done', token: q.token });
    expect(a.state?.filing).toMatchObject({ websites: [{ services: ['news'] }] });
    a.send({ type: 'toggle', token: q.token, value: 'blog' });
    expect(a.last.messages[0]).toEqual({ type: 'info', text: { key: 'conversation:stale' } });
  });

  it('refuses submission while documents are missing, listing them', () => {
    const a = new Applicant(engine);
    a.run({ ...enterprise, websites: 1, uploadAll: false });
    expect(a.state?.phase).toBe('documents');
    const refused = a.last.messages.find((m) => m.type === 'error');
    expect(refused).toMatchObject({
      problems: [
        { field: { key: 'documents:kinds.sponsor_certificate' } },
        { field: { key: 'documents:kinds.domain_certificate' } },
      ],
      hint: { key: 'conversation:submit.refused' },
    });
    expect(eventsOf(a.log, 'submission_refused').at(-1)?.data).toEqual({
      codes: [],
      missingDocuments: ['sponsor_certificate', 'domain_certificate'],
    });
    a.uploadMissing();
    a.choose(a.question, 'submit');
    expect(a.state?.phase).toBe('submitted');
  });

  it('answers an upload in the documents phase with one list (the new one ticked) and the question', () => {
    const a = new Applicant(engine);
    a.run({ ...enterprise, websites: 1, uploadAll: false });
    expect(a.state?.phase).toBe('documents');
    a.send({ type: 'document', kind: 'sponsor_certificate', documentId: 'doc-1' });
    expect(a.last.messages.map((m) => m.type)).toEqual(['info', 'documents', 'question']);
    const list = a.last.messages.find((m) => m.type === 'documents');
    expect(list?.required.find((d) => d.kind === 'sponsor_certificate')?.uploaded).toBe(true);
  });

  it('refuses submission when the whole-document check fails, with field labels', () => {
    const broken = createEngine({
      ...miniDeps,
      validateFiling: () => ({
        valid: false,
        errors: [{ path: 'websites.0.domains.0', code: 'domain.not_registered' }],
      }),
    });
    const a = new Applicant(broken);
    a.run({ ...enterprise, websites: 1, uploadAll: true });
    expect(a.state?.phase).toBe('documents');
    expect(a.last.messages.find((m) => m.type === 'error')).toMatchObject({
      problems: [
        {
          path: 'websites.0.domains.0',
          field: { key: 'filing:fields.websites.*.domains.label', params: { website: 1 } },
          text: { key: 'errors:domain.not_registered' },
        },
      ],
    });
  });

  it('cancel keeps the answers; start resumes; restart discards them', () => {
    const a = new Applicant(engine);
    answerUntil(a, enterprise, 'sponsor.name');
    a.send({ type: 'command', command: 'cancel' });
    expect(a.state?.phase).toBe('cancelled');
    a.send({ type: 'text', text: 'hello' });
    expect(a.last.messages).toEqual([{ type: 'info', text: { key: 'conversation:cancelled.hint' } }]);
    a.send({ type: 'command', command: 'start' });
    expect(a.question.path).toBe('sponsor.name');
    a.send({ type: 'command', command: 'restart' });
    expect(a.question.path).toBe('sponsor.province');
    expect(a.state?.filing).toEqual({});
  });
});

describe('prompt (where the applicant stands, shown again after a lost reply)', () => {
  it('asks the current question again, same token, and changes nothing', () => {
    const a = new Applicant(engine, 'en');
    answerUntil(a, enterprise, 'sponsor.name');
    const state = structuredClone(a.state!);
    const shown = engine.prompt(a.state!, { now: new Date('2026-03-02T10:00:00+08:00') });
    const question = shown.find((m) => m.type === 'question');
    expect(question).toMatchObject({ path: 'sponsor.name', token: a.question.token });
    expect(a.state).toEqual(state);
  });

  it('in the submitted phase, says the filing is with the review', () => {
    const submitted = {
      ...structuredClone(new Applicant(engine, 'zh').send({ type: 'command', command: 'start' }).state),
      phase: 'submitted' as const,
    };
    expect(engine.prompt(submitted, { now: new Date() })).toEqual([
      { type: 'info', text: { key: 'conversation:submitted.already' } },
    ]);
  });
});

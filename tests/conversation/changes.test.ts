/**
 * Corrections after review (phase 'changes') with the real catalog, rules and materials: staff ask
 * for some fields and documents, the applicant is asked exactly those again, and the corrected
 * filing goes back with every untouched answer as it was.
 */
import { describe, expect, it } from 'vitest';
import { changesRequestedInput, parseRequestedDocument } from '../../src/conversation/changes.ts';
import { createEngine } from '../../src/conversation/engine.ts';
import type {
  ConversationState,
  EngineDeps,
  EngineInput,
  Outgoing,
  StepResult,
} from '../../src/conversation/types.ts';
import { catalog } from '../../src/filing/catalog.ts';
import { requiredMaterials } from '../../src/filing/materials.ts';
import { getAt } from '../../src/filing/paths.ts';
import { validateDraft, validateFiling } from '../../src/filing/validate-filing.ts';
import { hasText, type Lang } from '../../src/i18n/index.ts';
import { Applicant, eventsOf, NOW, type Script } from './fixtures/driver.ts';
import { enterprise, individual } from './fixtures/real-scripts.ts';

const deps: EngineDeps = { catalog, validateDraft, validateFiling, requiredMaterials };
const engine = createEngine(deps);

const REASON = '网站名称与备案内容不符；邮箱无法接收邮件 / name does not match, mailbox bounces';

const request: EngineInput = {
  type: 'changes_requested',
  fields: ['websites.0.name', 'sponsorPrincipal.emails'],
  documents: [{ kind: 'domain_certificate', websiteIndex: 0 }],
  reason: REASON,
};

function submitted(script: Script, lang: Lang): Applicant {
  const a = new Applicant(engine, lang);
  a.run(script);
  expect(a.state?.phase).toBe('submitted');
  return a;
}

function ofType<T extends Outgoing['type']>(result: StepResult, type: T) {
  return result.messages.filter((m): m is Extract<Outgoing, { type: T }> => m.type === type);
}

function infoKeys(result: StepResult): string[] {
  return ofType(result, 'info').map((m) => m.text.key);
}

/** Every field path of a filing (leaves), to compare untouched answers. */
function leaves(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    leaves(v, prefix ? `${prefix}.${k}` : k),
  );
}

function upload(a: Applicant, kind: string, websiteIndex?: number, documentId = `new-${kind}`) {
  return a.send({
    type: 'document',
    kind,
    ...(websiteIndex === undefined ? {} : { websiteIndex }),
    documentId,
  });
}

describe('changes requested after submission', () => {
  for (const lang of ['zh', 'en'] as const) {
    it(`asks exactly the requested fields, then the document, then resubmits (${lang})`, () => {
      const a = submitted(enterprise, lang);
      const before = structuredClone(a.state!.filing);
      const documentsBefore = structuredClone(a.state!.documents);

      a.send(request);
      expect(a.state?.phase).toBe('changes');
      expect(a.last.messages[0]).toEqual({
        type: 'info',
        text: { key: 'conversation:changes.requested', params: { reason: REASON } },
      });
      expect(eventsOf([a.last], 'changes_requested')[0]?.data).toEqual({
        fields: ['sponsorPrincipal.emails', 'websites.0.name'],
        documents: ['domain_certificate'],
        unknownFields: [],
        unknownDocuments: [],
      });
      // What is to be fixed is listed with the current answers.
      const listed = ofType(a.last, 'summary')[0]?.sections.flatMap((s) => s.rows.map((r) => r.path));
      expect(listed).toEqual(['sponsorPrincipal.emails', 'websites.0.name']);

      // In the form's order, with the current answer shown and the round's progress.
      expect(a.question).toMatchObject({
        path: 'sponsorPrincipal.emails',
        current: 'zhangsan@example.cn',
        progress: { answered: 0, total: 2 },
      });

      a.send({ type: 'text', text: 'zhangsan-at-example' });
      expect(a.last.messages[0]).toMatchObject({
        type: 'error',
        problems: [{ path: 'sponsorPrincipal.emails' }],
      });
      expect(a.question.path).toBe('sponsorPrincipal.emails');
      expect(getAt(a.state!.filing, 'sponsorPrincipal.emails')).toEqual(['zhangsan@example.cn']);

      a.send({ type: 'text', text: 'zs@example.com.cn' });
      expect(a.question).toMatchObject({
        path: 'websites.0.name',
        current: '某某科技官网',
        progress: { answered: 1, total: 2 },
      });
      a.send({ type: 'text', text: '某某科技有限公司官方网站' });

      // Then only the requested document.
      const docs = ofType(a.last, 'documents')[0];
      expect(docs?.required).toEqual([
        {
          kind: 'domain_certificate',
          websiteIndex: 0,
          reason: { key: 'conversation:changes.documentReason' },
          uploaded: false,
        },
      ]);
      expect(a.question.fieldId).toBe('@reupload');
      a.send({ type: 'text', text: 'done' });
      expect(infoKeys(a.last)).toContain('conversation:changes.uploadPlease');
      expect(a.question.fieldId).toBe('@reupload');

      upload(a, 'sponsor_certificate');
      expect(a.last.messages[0]).toMatchObject({
        type: 'error',
        problems: [{ text: { key: 'conversation:changes.documentNotRequested' } }],
      });
      expect(a.state?.documents).toEqual(documentsBefore);

      upload(a, 'domain_certificate', 0, 'doc-fixed');
      // The changed items only, then the confirmation.
      const review = ofType(a.last, 'summary')[0]?.sections.flatMap((s) => s.rows.map((r) => r.path));
      expect(review).toEqual(['sponsorPrincipal.emails', 'websites.0.name']);
      expect(ofType(a.last, 'documents')[0]?.required).toMatchObject([
        { kind: 'domain_certificate', websiteIndex: 0, uploaded: true },
      ]);
      expect(a.question.fieldId).toBe('@resubmit');
      expect(a.question.options?.map((o) => o.value)).toEqual(['resubmit', 'edit']);

      a.choose(a.question, 'resubmit');
      const out = ofType(a.last, 'resubmitted')[0];
      expect(out).toBeDefined();
      expect(validateFiling(out!.filing, { now: NOW })).toEqual({ valid: true, errors: [] });
      expect(getAt(out!.filing, 'sponsorPrincipal.emails')).toEqual(['zs@example.com.cn']);
      expect(getAt(out!.filing, 'websites.0.name')).toBe('某某科技有限公司官方网站');
      const changed = new Set(['sponsorPrincipal.emails.0', 'websites.0.name']);
      for (const path of leaves(before).filter((p) => !changed.has(p))) {
        expect(getAt(out!.filing, path), path).toEqual(getAt(before, path));
      }
      expect(leaves(out!.filing).sort()).toEqual(leaves(before).sort());
      expect(out!.documents).toContainEqual({
        kind: 'domain_certificate',
        websiteIndex: 0,
        documentId: 'doc-fixed',
      });
      expect(out!.documents.filter((d) => d.kind === 'domain_certificate')).toHaveLength(2);
      expect(eventsOf([a.last], 'resubmitted')[0]?.data).toEqual({
        fields: ['sponsorPrincipal.emails', 'websites.0.name'],
        documents: ['domain_certificate'],
      });
      expect(a.state?.phase).toBe('submitted');
      expect(a.state?.changes).toBeUndefined();
      expect(a.state?.lang).toBe(lang);

      // Back with the review: other input is answered as before.
      a.send({ type: 'text', text: 'hello' });
      expect(infoKeys(a.last)).toEqual(['conversation:submitted.already']);
    });
  }

  it('re-asks the current question in the new language when the language switches mid-round', () => {
    const a = submitted(individual, 'zh');
    a.send(request);
    const asked = a.question;
    a.send({ type: 'command', command: 'lang', arg: 'en' });
    expect(a.state?.lang).toBe('en');
    expect(infoKeys(a.last)).toEqual(['conversation:lang.changed']);
    expect(a.question).toMatchObject({ path: asked.path, token: asked.token });
    a.send({ type: 'text', text: 'notes@zhangsan-notes.cn' });
    a.send({ type: 'text', text: '张三的读书与写作笔记' });
    upload(a, 'domain_certificate', 0);
    a.send({ type: 'text', text: 'yes' });
    expect(ofType(a.last, 'resubmitted')).toHaveLength(1);
    expect(a.state).toMatchObject({ phase: 'submitted', lang: 'en' });
  });

  it('skips a path that is not a field of this filing and asks the valid one', () => {
    const a = submitted(individual, 'en');
    a.send({
      type: 'changes_requested',
      fields: ['sponsor.nmae', 'websites.3.name', 'sponsor.investor.foo', 'sponsor.mailingAddress'],
      documents: [{ kind: 'no_such_kind' }, { kind: 'domain_certificate', websiteIndex: 5 }],
      reason: 'address incomplete',
    });
    expect(ofType(a.last, 'info').filter((m) => m.text.key === 'conversation:changes.unknownField')).toEqual([
      { type: 'info', text: { key: 'conversation:changes.unknownField', params: { path: 'sponsor.nmae' } } },
      {
        type: 'info',
        text: { key: 'conversation:changes.unknownField', params: { path: 'websites.3.name' } },
      },
    ]);
    expect(eventsOf([a.last], 'changes_requested')[0]?.data).toMatchObject({
      // A path under a field names that field (here sponsor.investor).
      fields: ['sponsor.mailingAddress', 'sponsor.investor'],
      documents: [],
      unknownFields: ['sponsor.nmae', 'websites.3.name'],
      unknownDocuments: ['no_such_kind', 'domain_certificate'],
    });
    expect(a.question.path).toBe('sponsor.mailingAddress');
    a.send({ type: 'text', text: '上海市浦东新区某某路100弄2号301室' });
    expect(a.question.path).toBe('sponsor.investor');
    a.send({ type: 'text', text: '张三' });
    // No document asked: straight to the confirmation.
    expect(a.question.fieldId).toBe('@resubmit');
    a.send({ type: 'command', command: 'submit' });
    expect(ofType(a.last, 'resubmitted')).toHaveLength(1);
  });

  it('asks every field of a group path, and nothing when nothing matches', () => {
    const a = submitted(enterprise, 'en');
    a.send({ type: 'changes_requested', fields: ['websites.1.access'], documents: [], reason: 'IP' });
    expect(eventsOf([a.last], 'changes_requested')[0]?.data).toMatchObject({
      fields: ['websites.1.access.ips', 'websites.1.access.method', 'websites.1.access.serverProvince'],
    });
    expect(a.question.path).toBe('websites.1.access.ips');

    const b = submitted(individual, 'en');
    b.send({ type: 'changes_requested', fields: ['nothing.here'], documents: [], reason: 'see note' });
    expect(infoKeys(b.last)).toContain('conversation:changes.nothingMatched');
    expect(b.question.fieldId).toBe('@resubmit');
    expect(infoKeys(b.last)).toContain('conversation:changes.noChanges');
  });

  it('a kind without a website asks it for every website that needs it', () => {
    const a = submitted(enterprise, 'en');
    a.send({
      type: 'changes_requested',
      fields: [],
      documents: [{ kind: 'domain_certificate' }],
      reason: 'blurry',
    });
    expect(a.question.fieldId).toBe('@reupload');
    expect(ofType(a.last, 'documents')[0]?.required.map((d) => [d.kind, d.websiteIndex, d.uploaded])).toEqual(
      [
        ['domain_certificate', 0, false],
        ['domain_certificate', 1, false],
      ],
    );
    upload(a, 'domain_certificate', 1);
    expect(a.question.fieldId).toBe('@reupload');
    expect(ofType(a.last, 'documents')[0]?.required.map((d) => d.uploaded)).toEqual([false, true]);
    upload(a, 'domain_certificate', 0);
    expect(a.question.fieldId).toBe('@resubmit');
  });

  it('is ignored, with an event, outside the submitted phase', () => {
    const a = new Applicant(engine, 'zh');
    a.send({ type: 'command', command: 'start' });
    a.answer(a.question, enterprise.answers.filingType!);
    const state = structuredClone(a.state);
    a.send(request);
    expect(a.last.messages).toEqual([]);
    expect(a.last.events).toEqual([{ type: 'changes_request_ignored', data: { phase: 'asking' } }]);
    expect(a.state).toEqual(state);
    // The applicant carries on as if nothing happened.
    a.send({ type: 'text', text: '福建' });
    expect(a.question.path).toBe('sponsor.city');

    // Nor does it start a conversation that does not exist.
    const none = engine.step(undefined, request, { now: NOW });
    expect(none.messages).toEqual([]);
    expect(none.events).toEqual([{ type: 'changes_request_ignored', data: { phase: null } }]);

    // A second request during a round does not restart it either.
    const b = submitted(individual, 'en');
    b.send(request);
    b.send({ type: 'text', text: 'zs@example.com.cn' });
    const inRound = structuredClone(b.state);
    b.send({ ...request, fields: ['sponsor.name'] });
    expect(b.last.events).toEqual([{ type: 'changes_request_ignored', data: { phase: 'changes' } }]);
    expect(b.state).toEqual(inRound);
  });

  it('back, skip, edit and refused commands during the round', () => {
    const a = submitted(enterprise, 'en');
    a.send({
      type: 'changes_requested',
      fields: ['sponsor.remarks', 'sponsorPrincipal.emails', 'websites.0.name'],
      documents: [],
      reason: 'details',
    });
    expect(a.question.path).toBe('sponsor.remarks');
    a.send({ type: 'command', command: 'back' });
    expect(infoKeys(a.last)).toContain('conversation:back.nothing');
    a.send({ type: 'text', text: '补充说明' });
    expect(a.question.path).toBe('sponsorPrincipal.emails');
    // Required: cannot be skipped.
    a.send({ type: 'command', command: 'skip' });
    expect(a.last.messages[0]).toMatchObject({
      type: 'error',
      problems: [{ text: { key: 'conversation:skip.required' } }],
    });
    a.send({ type: 'command', command: 'back' });
    expect(a.question).toMatchObject({ path: 'sponsor.remarks', current: '补充说明' });
    // Optional: may be skipped (the note removed again).
    a.send({ type: 'command', command: 'skip' });
    expect(a.question.path).toBe('sponsorPrincipal.emails');
    expect(getAt(a.state!.filing, 'sponsor.remarks')).toBeUndefined();

    for (const command of ['restart', 'cancel', 'add_website', 'remove_website'] as const) {
      a.send({ type: 'command', command, arg: '2' });
      expect(a.state).toMatchObject({ phase: 'changes', websiteCount: 2 });
      expect(a.question.path).toBe('sponsorPrincipal.emails');
    }
    a.send({ type: 'command', command: 'submit' });
    expect(a.last.messages[0]).toMatchObject({
      type: 'error',
      problems: [{ text: { key: 'conversation:changes.unfinished' } }],
    });

    // Any field may be edited; the round then goes on where it was.
    a.send({ type: 'command', command: 'edit', arg: 'sponsorPrincipal.mobiles' });
    expect(a.state?.phase).toBe('changes');
    expect(a.question.path).toBe('sponsorPrincipal.mobiles');
    a.send({ type: 'text', text: '13800138001' });
    expect(a.question.path).toBe('sponsorPrincipal.emails');
    a.send({ type: 'text', text: 'zs@example.cn' });
    a.send({ type: 'text', text: '某某科技官网' });
    expect(a.question.fieldId).toBe('@resubmit');
    // Unchanged but requested rows show too; the edited one as well; untouched ones not.
    const review = ofType(a.last, 'summary')[0]?.sections.flatMap((s) => s.rows.map((r) => r.path));
    expect(review).toEqual([
      'sponsor.remarks',
      'sponsorPrincipal.mobiles',
      'sponsorPrincipal.emails',
      'websites.0.name',
    ]);
    a.send({ type: 'text', text: 'confirm' });
    expect(eventsOf([a.last], 'resubmitted')[0]?.data).toMatchObject({
      fields: ['sponsorPrincipal.mobiles', 'sponsorPrincipal.emails'],
    });
  });

  it('a fix that changes a condition asks the fields and documents it brings', () => {
    const a = submitted(enterprise, 'en');
    a.send({
      type: 'changes_requested',
      fields: ['websites.0.principal'],
      documents: [],
      reason: 'own principal',
    });
    a.choose(a.question, 'own');
    // The principal's details now apply and are asked in the same round.
    expect(a.question.path).toBe('websites.0.principal.name');
    const own = enterprise.answers;
    for (let i = 0; i < 12 && !a.question.fieldId.startsWith('@'); i++) {
      const path = a.question.path.replace('websites.0.', 'websites.1.');
      a.answer(a.question, path === 'websites.1.principal.name' ? { text: '王五' } : own[path]!);
    }
    expect(getAt(a.state!.filing, 'websites.0.principal.name')).toBe('王五');
    // Their ID images are now needed: the upload step asks for them though staff did not list them.
    expect(a.question.fieldId).toBe('@reupload');
    const needed = ofType(a.last, 'documents')[0]?.required.map((d) => [d.kind, d.websiteIndex]);
    expect(needed).toEqual([
      ['website_principal_id_front', 0],
      ['website_principal_id_back', 0],
    ]);
    upload(a, 'website_principal_id_front', 0);
    upload(a, 'website_principal_id_back', 0);
    a.choose(a.question, 'resubmit');
    const out = ofType(a.last, 'resubmitted')[0];
    expect(validateFiling(out!.filing, { now: NOW })).toEqual({ valid: true, errors: [] });
  });

  it('answers become invalid later: cleared and asked again; resubmission refused while the whole check fails', () => {
    // Eleven years on, the principal's ID (valid until 2035-06-30) has expired.
    const later = new Date('2036-03-02T10:00:00+08:00');
    const a = submitted(individual, 'en');
    let state = a.state!;
    const send = (input: EngineInput) => {
      const r = engine.step(state, input, { now: later });
      state = JSON.parse(JSON.stringify(r.state)) as ConversationState;
      return r;
    };
    send({ type: 'changes_requested', fields: ['websites.0.name'], documents: [], reason: 'name' });
    let r = send({ type: 'text', text: '张三的笔记' });
    const cleared = ofType(r, 'cleared')[0]?.fields.map((f) => [f.path, f.reason]);
    expect(cleared).toContainEqual(['sponsorPrincipal.idValidUntil', 'invalid']);
    expect(ofType(r, 'question')[0]?.path).toBe('sponsorPrincipal.idValidUntil');
    r = send({ type: 'text', text: '2046-01-01' });
    expect(state.phase).toBe('changes');

    // The whole-document check is the last word: a failing one refuses and keeps the round open.
    const strict = createEngine({
      ...deps,
      validateFiling: () => ({
        valid: false,
        errors: [{ path: 'websites.0.name', code: 'website.name_forbidden' }],
      }),
    });
    const refused = strict.step(state, { type: 'command', command: 'submit' }, { now: later });
    expect(refused.state.phase).toBe('changes');
    expect(refused.events.map((e) => e.type)).toContain('resubmission_refused');
    expect(refused.messages[0]).toMatchObject({
      type: 'error',
      problems: [{ path: 'websites.0.name', text: { key: 'errors:website.name_forbidden' } }],
      hint: { key: 'conversation:changes.resubmitRefused' },
    });
    const ok = engine.step(state, { type: 'command', command: 'submit' }, { now: later });
    expect(ok.state.phase).toBe('submitted');
    expect(ok.messages.map((m) => m.type)).toEqual(['resubmitted']);
  });

  it('every text of a round exists in zh and en', () => {
    const a = submitted(enterprise, 'zh');
    a.send({
      ...request,
      fields: [...request.fields, 'bad.path'],
      documents: [{ kind: 'nope' }, ...request.documents],
    });
    for (const command of [
      'status',
      'summary',
      'documents',
      'help',
      'restart',
      'add_website',
      'back',
    ] as const) {
      a.send({ type: 'command', command });
    }
    a.send({ type: 'text', text: 'zs@example.cn' });
    a.send({ type: 'text', text: '某某科技官网' });
    a.send({ type: 'text', text: 'x' });
    upload(a, 'other');
    upload(a, 'domain_certificate', 0);
    a.send({ type: 'choice', token: a.question.token, value: 'edit' });
    a.send({ type: 'text', text: '重新提交' });
    expect(a.state?.phase).toBe('submitted');
    const keys = new Set<string>();
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v !== null && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (typeof o.key === 'string') keys.add(o.key);
        for (const [k, x] of Object.entries(o)) if (k !== 'filing') walk(x);
      }
    };
    walk(a.log.map((r) => r.messages));
    expect([...keys].filter((k) => k.includes('changes') || k.includes('resubmit'))).not.toEqual([]);
    expect([...keys].filter((k) => !hasText('zh', k) || !hasText('en', k))).toEqual([]);
  });
});

describe('parseRequestedDocument (the review stores kinds as strings)', () => {
  it('reads a kind, or a kind with a website index', () => {
    expect(parseRequestedDocument('domain_certificate')).toEqual({ kind: 'domain_certificate' });
    expect(parseRequestedDocument(' domain_certificate:1 ')).toEqual({
      kind: 'domain_certificate',
      websiteIndex: 1,
    });
    // Anything else stays one (unknown) kind, reported to the applicant as such.
    expect(parseRequestedDocument('domain_certificate:x')).toEqual({ kind: 'domain_certificate:x' });
  });

  it('builds the engine input from the review request', () => {
    expect(
      changesRequestedInput({
        fields: ['sponsor.name'],
        documents: ['sponsor_certificate', 'domain_certificate:1'],
        reason: '执照模糊',
      }),
    ).toEqual({
      type: 'changes_requested',
      fields: ['sponsor.name'],
      documents: [{ kind: 'sponsor_certificate' }, { kind: 'domain_certificate', websiteIndex: 1 }],
      reason: '执照模糊',
    });
  });
});

/**
 * Issue 15, the chat side: the order question (first filing one tap away, the others behind "I
 * already have an ICP number"), reuse of a filing approved here, one order in progress per sponsor,
 * and refusals judged against an earlier answer offering to change either.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/conversation/engine.ts';
import { catalog } from '../../src/filing/catalog.ts';
import type { DraftFiling } from '../../src/filing/catalog-types.ts';
import { requiredMaterials } from '../../src/filing/materials.ts';
import { validateDraft, validateFiling } from '../../src/filing/validate-filing.ts';
import { render } from '../../src/i18n/index.ts';
import { Applicant, NOW } from './fixtures/driver.ts';
import { enterprise, type Script, shopWebsiteAnswers } from './fixtures/real-scripts.ts';

const engine = createEngine({ catalog, validateDraft, validateFiling, requiredMaterials });
const LANGS = ['zh', 'en'] as const;
const ICP = '闽ICP备2026001234号';

/** The enterprise of the real scripts, filed here and approved (one website). */
function approvedEnterprise(): DraftFiling {
  const a = new Applicant(engine, 'zh');
  a.run({ ...enterprise, websites: 1 });
  const done = a.last.messages.find((m) => m.type === 'submitted');
  if (done?.type !== 'submitted') throw new Error('not submitted');
  return done.filing;
}
const APPROVED = approvedEnterprise();

function askedPaths(a: Applicant): string[] {
  return a.log.flatMap((r) => r.messages).flatMap((m) => (m.type === 'question' ? [m.path] : []));
}

function texts(a: Applicant, lang: 'zh' | 'en'): string[] {
  return a.last.messages.flatMap((m) =>
    m.type === 'error'
      ? m.problems.map((p) => render(lang, p.text))
      : m.type === 'info'
        ? [render(lang, m.text)]
        : [],
  );
}

const newWebsite: Script = {
  uploadAll: true,
  answers: {
    filingType: { choice: 'new_website' },
    ...shopWebsiteAnswers,
  },
};

describe('the order question', () => {
  for (const lang of LANGS) {
    it(`shows a first filing and "I already have an ICP number", which opens the other orders (${lang})`, () => {
      const a = new Applicant(engine, lang);
      a.send({ type: 'command', command: 'start' });
      const first = a.question;
      expect(first.fieldId).toBe('filingType');
      expect(first.options?.map((o) => o.value)).toEqual(['first_filing', '@group:existing_number']);
      expect(render(lang, first.options![1]!.label as { key: string })).toBe(
        lang === 'zh' ? '我已有备案号' : 'I already have an ICP number',
      );
      a.send({ type: 'choice', token: first.token, value: '@group:existing_number' });
      expect(a.question.token).toBe(first.token);
      expect(a.question.options?.map((o) => o.value)).toEqual([
        'new_website',
        'new_access',
        'change',
        'cancel_website',
        'cancel_sponsor',
        'remove_access',
        '@group:',
      ]);
      a.send({ type: 'choice', token: first.token, value: 'new_access' });
      expect(a.state?.filing.filingType).toBe('new_access');
      expect(a.question.fieldId).toBe('icpNumber');
    });

    it(`takes an order typed by its name without opening the group (${lang})`, () => {
      const a = new Applicant(engine, lang);
      a.send({ type: 'command', command: 'start' });
      a.send({ type: 'text', text: lang === 'zh' ? '变更备案' : 'Change' });
      expect(a.state?.filing.filingType).toBe('change');
    });
  }
});

describe('a filing approved here is reused', () => {
  for (const lang of LANGS) {
    it(`a new website asks no sponsor question and submits a valid order (${lang})`, () => {
      const a = new Applicant(engine, lang);
      a.facts = { approved: [{ icpNumber: ICP, filing: APPROVED }] };
      a.run(newWebsite);
      const asked = askedPaths(a);
      expect(asked.filter((p) => p.startsWith('sponsor') || p === 'icpNumber')).toEqual([]);
      const done = a.last.messages.find((m) => m.type === 'submitted');
      if (done?.type !== 'submitted') throw new Error('not submitted');
      expect(done.filing).toMatchObject({
        filingType: 'new_website',
        icpNumber: ICP,
        sponsor: { documentNumber: '91350100M000100Y43', name: '福州某某科技有限公司' },
        sponsorPrincipal: { name: '张三' },
      });
      expect(validateFiling(done.filing, { now: NOW })).toEqual({ valid: true, errors: [] });
      const reused = a.log
        .flatMap((r) => r.messages)
        .find((m) => m.type === 'info' && m.text.key === 'conversation:orders.reused');
      expect(reused?.type === 'info' && render(lang, reused.text)).toContain(ICP);
    });

    it(`with several approved filings, the number typed picks the one reused (${lang})`, () => {
      const other = { icpNumber: '闽ICP备2026009999号', filing: { ...APPROVED, sponsor: { name: 'x' } } };
      const a = new Applicant(engine, lang);
      a.facts = { approved: [other, { icpNumber: ICP, filing: APPROVED }] };
      a.run({ ...newWebsite, answers: { ...newWebsite.answers, icpNumber: { text: ICP } } });
      const asked = askedPaths(a);
      expect(asked).toContain('icpNumber');
      expect(asked.filter((p) => p.startsWith('sponsor'))).toEqual([]);
    });

    it(`a change shows the approved values and asks again only the sections picked (${lang})`, () => {
      const a = new Applicant(engine, lang);
      a.facts = { approved: [{ icpNumber: ICP, filing: APPROVED }] };
      a.send({ type: 'command', command: 'start' });
      a.choose(a.question, 'change');
      expect(a.last.messages.some((m) => m.type === 'summary')).toBe(true);
      expect(a.question.fieldId).toBe('changedSections');
      a.choose(a.question, 'websites.0');
      a.send({ type: 'done', token: a.question.token });
      // The website's fields come again with their approved values; nothing of the sponsor.
      expect(a.question.path).toBe('websites.0.name');
      expect(a.question.current).toBe('某某科技官网');
      expect(a.question.skippable).toBe(true);
      a.send({ type: 'text', text: '某某科技新官网' });
      const asked: string[] = [];
      while (a.question.fieldId !== '@confirm') {
        asked.push(a.question.path);
        a.send({ type: 'command', command: 'skip' });
      }
      expect(asked.every((p) => p.startsWith('websites.0.'))).toBe(true);
      expect(asked).toContain('websites.0.domains');
      expect(a.state?.filing).toMatchObject({
        filingType: 'change',
        changedSections: ['websites.0'],
        sponsor: APPROVED.sponsor as object,
        websites: [{ name: '某某科技新官网', domains: ['example.cn'] }],
      });
      expect(validateFiling(a.state?.filing, { now: NOW })).toEqual({ valid: true, errors: [] });
    });
  }
});

describe('one order in progress per sponsor', () => {
  const busy = { documentNumber: '91350100M000100Y43', filingType: 'new_website', status: 'first_review' };
  for (const lang of LANGS) {
    it(`refuses the sponsor's document number, naming the order and its stage (${lang})`, () => {
      const a = new Applicant(engine, lang);
      a.facts = { ordersInProgress: [busy] };
      expect(() =>
        a.run({
          answers: {
            filingType: { choice: 'new_access' },
            icpNumber: { text: ICP },
            'sponsor.province': { text: '福建' },
            'sponsor.city': { text: '福州' },
            'sponsor.county': { text: '鼓楼' },
            'sponsor.nature': { choice: 'enterprise' },
            'sponsor.documentType': { choice: 'business_license' },
            'sponsor.documentNumber': { text: '91350100m000100y43' },
          },
        }),
      ).toThrow(/refused/);
      expect(a.question.path).toBe('sponsor.documentNumber');
      expect(obj(a.state?.filing.sponsor)?.documentNumber).toBeUndefined();
      const [line] = texts(a, lang);
      expect(line).toContain(lang === 'zh' ? '新增网站' : 'Add a website');
      expect(line).toContain(lang === 'zh' ? '初审' : 'First review');
      expect(line).not.toMatch(/\{\{|\$t\(/);
    });

    it(`refuses an order whose approved sponsor already has one in progress (${lang})`, () => {
      const a = new Applicant(engine, lang);
      a.facts = { approved: [{ icpNumber: ICP, filing: APPROVED }], ordersInProgress: [busy] };
      a.send({ type: 'command', command: 'start' });
      a.choose(a.question, 'cancel_sponsor');
      expect(a.state?.filing.filingType).toBeUndefined();
      expect(a.question.fieldId).toBe('filingType');
      expect(texts(a, lang)[0]).toContain(lang === 'zh' ? '初审' : 'First review');
    });
  }
});

describe('one order per sponsor, checked again at submission', () => {
  for (const lang of LANGS) {
    it(`refuses to submit when another chat sent an order for the sponsor meanwhile (${lang})`, () => {
      const a = new Applicant(engine, lang);
      const busy = { documentNumber: '91350100M000100Y43', filingType: 'change', status: 'interview' };
      // The other order arrives while this applicant is at the documents step.
      a.facts = {
        get ordersInProgress() {
          return a.state?.phase === 'documents' ? [busy] : [];
        },
      };
      a.run({
        uploadAll: true,
        answers: {
          filingType: { choice: 'cancel_sponsor' },
          icpNumber: { text: ICP },
          'sponsor.province': { text: '福建' },
          'sponsor.city': { text: '福州' },
          'sponsor.county': { text: '鼓楼' },
          'sponsor.nature': { choice: 'enterprise' },
          'sponsor.documentType': { choice: 'business_license' },
          'sponsor.documentNumber': { text: '91350100M000100Y43' },
          'sponsor.name': { text: '福州某某科技有限公司' },
          reason: { choice: 'no_longer_operated' },
        },
      });
      expect(a.state?.phase).toBe('documents');
      const [line] = texts(a, lang);
      expect(line).toContain(lang === 'zh' ? '变更备案' : 'Change');
      expect(line).toContain(lang === 'zh' ? '核验面谈' : 'nterview');
    });
  }
});

function obj(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
}

describe('a refusal judged against an earlier answer', () => {
  for (const lang of LANGS) {
    it(`a homepage outside the domains names both and offers to change the domains (${lang})`, () => {
      const a = new Applicant(engine, lang);
      expect(() =>
        a.run({
          ...enterprise,
          answers: { ...enterprise.answers, 'websites.0.domains': { text: 'exmaple.cn' } },
        }),
      ).toThrow(/homepage_url\.host_not_listed/);
      const q = a.question;
      expect(q.path).toBe('websites.0.homepageUrl');
      const lines = texts(a, lang);
      expect(lines.some((l) => l.includes('exmaple.cn'))).toBe(true);
      expect(lines.join('\n')).not.toMatch(/\{\{|\$t\(/);
      expect(q.options?.map((o) => o.value)).toEqual(['@conflict:earlier', '@conflict:current']);
      expect(render(lang, q.options![0]!.label as { key: string })).toContain(
        lang === 'zh' ? '域名' : 'omain',
      );
      a.send({ type: 'choice', token: q.token, value: '@conflict:earlier' });
      expect(a.question.path).toBe('websites.0.domains');
      a.send({ type: 'text', text: 'example.cn' });
      // The refused homepage is asked next, without the offer; the same answer now passes.
      expect(a.question.path).toBe('websites.0.homepageUrl');
      expect(a.question.options ?? []).toEqual([]);
      a.send({ type: 'text', text: 'www.example.cn' });
      expect(a.state?.filing.websites).toMatchObject([{ homepageUrl: 'www.example.cn' }]);
    });

    it(`a principal's ID valid too briefly offers to change the ID number (${lang})`, () => {
      const a = new Applicant(engine, lang);
      expect(() =>
        a.run({
          ...enterprise,
          answers: { ...enterprise.answers, 'sponsorPrincipal.idValidUntil': { text: '2026-04-01' } },
        }),
      ).toThrow(/id_validity\.too_soon/);
      const q = a.question;
      expect(q.options?.map((o) => o.value)).toEqual(['@conflict:earlier', '@conflict:current']);
      expect(texts(a, lang).some((l) => l.includes('350102198001011233'))).toBe(true);
      a.send({ type: 'choice', token: q.token, value: '@conflict:current' });
      expect(a.question.path).toBe('sponsorPrincipal.idValidUntil');
      expect(a.question.options ?? []).toEqual([]);
      a.send({ type: 'choice', token: q.token, value: '@conflict:earlier' });
      expect(a.last.messages.some((m) => m.type === 'info' && m.text.key === 'conversation:stale')).toBe(
        true,
      );
    });
  }
});

/**
 * A refused upload (issue 17 item 9): one line says what failed, and the question stays, without
 * the whole document checklist printed again.
 */
import { describe, expect, it } from 'vitest';
import { renderConsole } from '../../src/channels/console/render-console.ts';
import { createEngine } from '../../src/conversation/engine.ts';
import { Applicant, type Script } from './fixtures/driver.ts';
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
    'websites.*.services': { ticks: ['organization_portal'] },
    'websites.0.principal': { choice: 'same_as_sponsor_principal' },
  },
  websites: 1,
  uploadAll: false,
};

describe('a refused upload', () => {
  for (const lang of ['en', 'zh'] as const) {
    it(`says what failed in one line and keeps the question, without the checklist (${lang})`, () => {
      const a = new Applicant(engine, lang);
      a.run(enterprise);
      expect(a.state?.phase).toBe('documents');
      const asked = a.question;
      a.send({
        type: 'document_rejected',
        problems: [{ code: 'upload.grayscale', params: { maxMb: 10 } }],
      });
      expect(a.last.messages.map((m) => m.type)).toEqual(['error', 'question']);
      expect(a.question.fieldId).toBe(asked.fieldId);
      const [refusal] = a.last.messages;
      const text = renderConsole(lang, [refusal!]);
      expect(text.split('\n')).toHaveLength(1);
      expect(text).toContain('PDF');
    });
  }
});

import { describe, expect, it } from 'vitest';
import { decodeCallbackData } from '../../../src/channels/telegram/callback-data.ts';
import { renderAll, renderOutgoing } from '../../../src/channels/telegram/render.ts';
import { t } from '../../../src/i18n/index.ts';
import { question } from './helpers.ts';

function buttons(rendered: ReturnType<typeof renderOutgoing>[number]) {
  return (rendered.keyboard ?? []).flat() as Array<{ text: string; callback_data: string }>;
}

describe('renderOutgoing', () => {
  it('renders a multi-choice page with ticks, paging and Done, every payload within 64 bytes', () => {
    const [m] = renderOutgoing(
      'en',
      question({
        token: 'k12',
        kind: 'multi_choice',
        multi: true,
        skippable: true,
        options: [
          { value: 'blog', label: { zh: '博客', en: 'Blog' }, selected: true },
          { value: 'portal', label: { zh: '门户', en: 'Portal' } },
        ],
        page: { index: 1, count: 3 },
      }),
    );
    const b = buttons(m!);
    expect(b.map((x) => x.text)).toEqual([
      '✅ Blog',
      '▫️ Portal',
      '‹ Previous',
      '2/3',
      'Next ›',
      'Done ✓',
      'Skip',
    ]);
    expect(b.map((x) => decodeCallbackData(x.callback_data))).toEqual([
      { token: 'k12', action: 'x', value: 'blog' },
      { token: 'k12', action: 'x', value: 'portal' },
      { token: 'k12', action: 'p', value: '0' },
      { token: 'k12', action: 'p', value: '1' },
      { token: 'k12', action: 'p', value: '2' },
      { token: 'k12', action: 'd', value: '' },
      { token: 'k12', action: 's', value: '' },
    ]);
    expect(m!.text).toContain('Page 2/3');
    expect(m!.question).toEqual({ path: 'sponsor.nature', token: 'k12' });
  });

  it('says "editing" for an answered question asked again, not a count (zh and en)', () => {
    for (const lang of ['zh', 'en'] as const) {
      const [counted] = renderOutgoing(lang, question({ progress: { answered: 3, total: 10 } }));
      expect(counted!.text).toContain(t(lang, 'telegram:question.progress', { answered: 4, total: 10 }));
      const [editing] = renderOutgoing(
        lang,
        question({ progress: { answered: 3, total: 10, editing: true } }),
      );
      expect(editing!.text).toContain(t(lang, 'telegram:question.editing'));
      expect(editing!.text).not.toContain('10');
    }
  });

  it('escapes applicant values and locale texts for HTML', () => {
    const [m] = renderOutgoing('en', question({ current: 'A & B <Ltd>' }));
    expect(m!.text).toContain('Current answer: A &amp; B &lt;Ltd&gt;');
    expect(m!.text.startsWith('<b>')).toBe(true);
  });

  it('lists documents with one button per kind, ticking the uploaded ones', () => {
    const [m] = renderOutgoing('zh', {
      type: 'documents',
      required: [
        { kind: 'sponsor_certificate', reason: { key: 'telegram:documents.pick' }, uploaded: true },
        {
          kind: 'domain_certificate',
          websiteIndex: 1,
          reason: { key: 'telegram:documents.pick' },
          uploaded: false,
        },
      ],
    });
    expect(m!.text).toContain(`✅ ${t('zh', 'documents:kinds.sponsor_certificate')}`);
    expect(m!.text).toContain(`▫️ ${t('zh', 'documents:kinds.domain_certificate')}（网站 2）`);
    expect(buttons(m!).map((b) => b.callback_data)).toEqual([
      't:doc:k:sponsor_certificate',
      't:doc:k:domain_certificate.1',
    ]);
  });

  it('shows upload refusals from the documents texts', () => {
    const [m] = renderOutgoing('en', {
      type: 'error',
      problems: [
        { text: { key: 'documents:problems.upload.grayscale', params: { maxMb: 10, minSidePx: 600 } } },
      ],
    });
    expect(m!.text).toBe(`⚠️ ${t('en', 'documents:problems.upload.grayscale', { maxMb: 10 })}`);
  });
});

describe('renderAll', () => {
  // The engine's hint carries the website number even where the help text does not use it.
  const refusal = (
    hint: { key: string; params?: Record<string, number> } = {
      key: 'telegram:question.typeAnswer',
      params: { website: 1 },
    },
  ) => ({
    type: 'error' as const,
    problems: [{ text: { key: 'errors:resident_id.checksum', params: { expected: 'X' } } }],
    hint,
  });

  it('sends a refusal and its question again as one message, reason first, buttons kept, help once', () => {
    const q = question({
      options: [{ value: 'enterprise', label: { zh: '企业', en: 'Enterprise' } }],
    });
    const messages = renderAll('en', [refusal(), q]);
    const [alone] = renderOutgoing('en', q);
    expect(messages).toHaveLength(1);
    const [m] = messages;
    expect(m!.text.startsWith('⚠️ ')).toBe(true);
    expect(m!.text).toContain(t('en', 'errors:resident_id.checksum', { expected: 'X' }));
    expect(m!.text.endsWith(alone!.text)).toBe(true);
    // The hint is the question's own help: shown once, with the question.
    expect(m!.text.split(t('en', 'telegram:question.typeAnswer')).length).toBe(2);
    expect(m!.keyboard).toEqual(alone!.keyboard);
    expect(m!.question).toEqual(alone!.question);
  });

  it('keeps a hint that differs from the question help', () => {
    const [m] = renderAll('en', [refusal({ key: 'conversation:submit.refused' }), question()]);
    expect(m!.text).toContain(t('en', 'conversation:submit.refused').slice(0, 20));
  });

  it("keeps them apart when together they would pass Telegram's 4096 characters", () => {
    const long = { ...refusal(), problems: Array.from({ length: 40 }, () => refusal().problems[0]!) };
    const messages = renderAll('en', [long, question()]);
    expect(messages).toHaveLength(2);
    expect(messages[1]!.question).toBeDefined();
  });
});

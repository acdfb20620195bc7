/** Forms of an incomplete or odd draft: printed with blanks, never an exception. */
import { describe, expect, it } from 'vitest';
import { buildForm } from '../../../src/documents/forms/build-form.ts';
import { formPdf } from '../../../src/documents/forms/form-pdf.ts';
import { PRINTABLE_FORMS } from '../../../src/filing/printable-forms.ts';
import { t } from '../../../src/i18n/index.ts';

const now = new Date('2026-12-04T17:00:00Z');
const drafts: Record<string, unknown>[] = [
  {},
  { sponsor: 'not an object', websites: 'nope' },
  { sponsor: { name: 42 }, websites: [null, { domains: [1, 'a.cn'], principal: { name: '赵六' } }] },
];

describe('forms of drafts', () => {
  it.each(drafts.map((d) => [JSON.stringify(d), d]))('%s', async (_name, draft) => {
    for (const kind of PRINTABLE_FORMS) {
      const layout = buildForm(draft as Record<string, unknown>, kind, {
        lang: 'zh',
        providerName: 'x',
        now,
        translate: t,
      });
      expect(layout.title).not.toBe('');
      if (layout.pages.length > 0) {
        const form = await formPdf(draft as Record<string, unknown>, kind, {
          lang: 'en',
          providerName: 'x',
          now,
        });
        expect(form?.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      }
    }
  });

  it('the sponsor page exists even before any website is answered', () => {
    const layout = buildForm({}, 'verification_form', { lang: 'zh', providerName: 'x', now, translate: t });
    expect(layout.pages).toHaveLength(1);
  });
});

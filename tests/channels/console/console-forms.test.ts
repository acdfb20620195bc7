/** The console writes each printable form under DATA_DIR/forms and prints its path. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deliverConsoleForms } from '../../../src/channels/console/console-forms.ts';
import { renderConsole } from '../../../src/channels/console/render-console.ts';
import type { Outgoing } from '../../../src/conversation/types.ts';
import { createFormMaker } from '../../../src/documents/forms/form-maker.ts';
import { pdfPages, squeeze } from '../../documents/forms/pdf-text.ts';

const filing = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', '..', '..', 'examples', 'individual.json'), 'utf8'),
) as Record<string, unknown>;
const question: Outgoing = { type: 'info', text: { key: 'conversation:documents.received' } };

describe('console forms', () => {
  it('writes the PDF under the forms folder and shows the path; other messages pass through', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'icp-console-forms-')), 'forms');
    const messages: Outgoing[] = [{ type: 'form', document: 'verification_form', filing }, question];
    const out = await deliverConsoleForms('en', messages, {
      make: createFormMaker({ providerName: 'Example Cloud' }),
      dir,
    });
    const path = join(dir, 'verification-form.pdf');
    expect(out[1]).toBe(question);
    const text = renderConsole('en', out);
    expect(text).toContain(path);
    const pages = (await pdfPages(readFileSync(path))).map(squeeze);
    const sponsor = filing.sponsor as { name: string };
    expect(pages[0]).toContain(squeeze(sponsor.name));
    expect(pages[0]).toContain('Example');
  });

  it('a form that cannot be written says to ask again with /documents', async () => {
    const errors: string[] = [];
    const out = await deliverConsoleForms('zh', [{ type: 'form', document: 'commitment_letter', filing }], {
      make: createFormMaker({ providerName: 'x' }),
      // A file where the folder should be: mkdir fails.
      dir: join(import.meta.dirname, 'console-forms.test.ts', 'forms'),
      onError: (_error, document) => errors.push(document),
    });
    expect(renderConsole('zh', out)).toContain('/documents');
    expect(errors).toEqual(['commitment_letter']);
  });
});

/** The channels' way to make a form file: the provider's name and the clock fixed once at start. */
import type { DraftFiling } from '../../filing/catalog-types.ts';
import type { PrintableForm } from '../../filing/printable-forms.ts';
import type { Lang } from '../../i18n/index.ts';
import type { FormFile } from './form-pdf.ts';

export type FormMaker = (
  filing: DraftFiling,
  kind: PrintableForm,
  lang: Lang,
) => Promise<FormFile | undefined>;

export function createFormMaker(options: { providerName: string; now?: () => Date }): FormMaker {
  const now = options.now ?? (() => new Date());
  return async (filing, kind, lang) => {
    // Loaded on the first form asked for: the PDF and font libraries are heavy for a start.
    const { formPdf } = await import('./form-pdf.ts');
    return formPdf(filing, kind, { lang, providerName: options.providerName, now: now() });
  };
}

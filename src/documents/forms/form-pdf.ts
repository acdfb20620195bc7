/** A filing's printable form as a PDF file, in the app's texts: what the CLI and the channels call. */
import type { DraftFiling } from '../../filing/catalog-types.ts';
import type { PrintableForm } from '../../filing/printable-forms.ts';
import { type Lang, t } from '../../i18n/index.ts';
import { buildForm } from './build-form.ts';
import { renderFormPdf } from './pdf-renderer.ts';

export interface FormFile {
  kind: PrintableForm;
  bytes: Buffer;
  pages: number;
  /** Title in the form's language (bilingual in English). */
  title: string;
  /** `<name>.pdf`, with no personal data in it. */
  fileName: string;
}

export interface FormPdfOptions {
  lang: Lang;
  providerName: string;
  now: Date;
}

/** Undefined when the form has no page for this filing (an authorisation letter nobody needs). */
export async function formPdf(
  filing: DraftFiling,
  kind: PrintableForm,
  options: FormPdfOptions,
): Promise<FormFile | undefined> {
  const layout = buildForm(filing, kind, { ...options, translate: t });
  if (layout.pages.length === 0) return undefined;
  const { bytes, pages } = await renderFormPdf(layout, { author: options.providerName });
  return {
    kind,
    bytes,
    pages,
    title: layout.title,
    fileName: `${t(options.lang, `forms:fileNames.${kind}`)}.pdf`,
  };
}

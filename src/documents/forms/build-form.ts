/** A printable form's layout from a filing: the one entry point of the pure part of src/documents/forms. */
import type { DraftFiling } from '../../filing/catalog-types.ts';
import type { PrintableForm } from '../../filing/printable-forms.ts';
import type { Lang } from '../../i18n/index.ts';
import { shanghaiDate } from '../../review/shanghai-time.ts';
import { authorisationLetter } from './authorisation-letter.ts';
import { commitmentLetter } from './commitment-letter.ts';
import { viewFiling } from './filing-view.ts';
import { type FormLayout, FormWords, type Translate } from './form-layout.ts';
import type { FormContext } from './form-rows.ts';
import { verificationForm } from './verification-form.ts';

export interface FormOptions {
  lang: Lang;
  /** The access provider named on the forms (PROVIDER_NAME). */
  providerName: string;
  /** The day printed on the form (its Shanghai date). */
  now: Date;
  translate: Translate;
}

const BUILDERS: Record<PrintableForm, (ctx: FormContext) => FormLayout> = {
  verification_form: verificationForm,
  commitment_letter: commitmentLetter,
  authorisation_letter: authorisationLetter,
};

/** An authorisation letter for a filing without another website principal has no pages. */
export function buildForm(filing: DraftFiling, kind: PrintableForm, options: FormOptions): FormLayout {
  return BUILDERS[kind]({
    words: new FormWords(options.lang, options.translate),
    filing: viewFiling(filing),
    providerName: options.providerName,
    date: shanghaiDate(options.now),
  });
}

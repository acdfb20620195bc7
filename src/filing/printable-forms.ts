import type { DraftFiling } from './catalog-types.ts';
import { requiredMaterials } from './materials.ts';

/**
 * The materials the applicant prints, signs (and stamps) from a template the app fills in: the
 * verification form (网站备案信息真实性核验单), the commitment letter (承诺书) and the authorisation
 * letter (授权书). The other materials are photos of existing papers.
 */
export const PRINTABLE_FORMS = ['verification_form', 'commitment_letter', 'authorisation_letter'] as const;

export type PrintableForm = (typeof PRINTABLE_FORMS)[number];

export function isPrintableForm(value: unknown): value is PrintableForm {
  return typeof value === 'string' && (PRINTABLE_FORMS as readonly string[]).includes(value);
}

/**
 * The forms this filing needs, in PRINTABLE_FORMS order: the same rule as the materials list
 * (requiredMaterials), so the chat never sends a letter the documents step does not ask for.
 */
export function formsFor(filing: DraftFiling): PrintableForm[] {
  const needed = new Set(requiredMaterials(filing).map((m) => m.kind));
  return PRINTABLE_FORMS.filter((kind) => needed.has(kind));
}

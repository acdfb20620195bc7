/**
 * 负责人: the same questions for the sponsor principal and for a website's own principal
 * (icp-domain.md §1.2 / §1.4).
 */
import type { FieldContext, PhotoField, PhotoSource, SectionId } from '../catalog-types.ts';
import { DOCUMENT_TYPES, enumLabelKey, PERSONAL_ID_TYPES } from '../enums.ts';
import { checkEmail, checkMobile, checkOfficePhone, checkPersonalId } from '../validators/index.ts';
import { natureOf, type Obj, str, strings } from './draft.ts';
import { type CatalogField, choiceField, dateField, listField, textField } from './field-kinds.ts';
import { checkAnyPhone, checkValidUntil } from './values.ts';

const PERSONAL = new Set<string>(PERSONAL_ID_TYPES);
const idTypeOptions = PERSONAL_ID_TYPES.map((k) => ({ value: k, labelKey: enumLabelKey('documentType', k) }));

/**
 * `prefix` is `sponsorPrincipal` or `websites.*.principal`; `principalOf` finds that object in the
 * draft and `when` says whether these questions apply at all.
 */
/** Answers of one principal that are known (derive) or likely (suggest), per question key. */
export interface PrincipalDefaults {
  derive?: Partial<Record<'name' | 'idType' | 'idNumber', (ctx: FieldContext) => unknown>>;
  suggestEmail?: (ctx: FieldContext) => string[];
}

export function principalFields(
  prefix: string,
  section: SectionId,
  principalOf: (ctx: FieldContext) => Obj | undefined,
  when?: (ctx: FieldContext) => boolean,
  defaults: PrincipalDefaults = {},
): CatalogField[] {
  const base = (key: string, required = true) => ({ id: `${prefix}.${key}`, section, required, when });
  const derived = (key: 'name' | 'idType' | 'idNumber') => {
    const derive = defaults.derive?.[key];
    return derive ? { ...base(key), derive } : base(key);
  };
  const idFront = prefix === 'sponsorPrincipal' ? 'sponsor_principal_id_front' : 'website_principal_id_front';
  // Only the resident ID card's front is read; the name comes before the type, so an unanswered type counts.
  const fromIdFront =
    (reads: PhotoField) =>
    (ctx: FieldContext): PhotoSource | undefined => {
      const type = str(principalOf(ctx)?.idType);
      return type === undefined || type === 'resident_id' ? { kind: idFront, reads } : undefined;
    };
  return [
    textField({ ...derived('name'), photo: fromIdFront('name') }, undefined, 50),
    choiceField(derived('idType'), {
      enumName: 'documentType',
      all: DOCUMENT_TYPES,
      unavailableCode: 'id_type.not_personal',
      options: () => idTypeOptions,
    }),
    textField({ ...derived('idNumber'), photo: fromIdFront('idNumber') }, (value, ctx) => {
      // Without a personal ID type the number cannot be judged; the type itself is reported instead.
      const type = str(principalOf(ctx)?.idType);
      return type && PERSONAL.has(type)
        ? checkPersonalId(type, value, { now: ctx.now })
        : { ok: true, value };
    }),
    dateField(base('idValidUntil'), (value, ctx) => checkValidUntil(value, ctx.now)),
    // Mobiles before the office phone, so an individual's "same as mobile" is one tap.
    listField(base('mobiles'), (value) => checkMobile(value)),
    // Individuals often have no landline; providers accept their mobile here (icp-domain.md §1.2).
    textField(
      {
        ...base('officePhone'),
        // An individual has no office: the mobile stands in (accepted for individuals), not asked.
        derive: (ctx) =>
          natureOf(ctx.filing) === 'individual' ? strings(principalOf(ctx)?.mobiles)[0] : undefined,
      },
      (value, ctx) =>
        natureOf(ctx.filing) === 'individual' ? checkAnyPhone(value) : checkOfficePhone(value),
    ),
    textField(base('emergencyPhone'), (value) => checkAnyPhone(value)),
    listField(
      defaults.suggestEmail ? { ...base('emails'), suggest: defaults.suggestEmail } : base('emails'),
      (value) => checkEmail(value),
    ),
    textField({ ...base('remarks', false), onRequest: true }, undefined, 500),
  ];
}

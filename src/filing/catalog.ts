/**
 * The field catalog: every question of the ICP form in asking order, with its kind, whether it is
 * required, when it applies and how an answer becomes the canonical value (filing-format.md).
 * Labels and help: `filing:fields.<id>.label` / `.help`.
 */

import { natureOf, obj, websitesOf } from './catalog/draft.ts';
import type { CatalogField } from './catalog/field-kinds.ts';
import { principalFields } from './catalog/principal-fields.ts';
import { filingFields, sponsorFields } from './catalog/sponsor-fields.ts';
import { websiteFields } from './catalog/website-fields.ts';
import type { DraftFiling, FieldContext, SectionId } from './catalog-types.ts';
import { concretePath } from './catalog-types.ts';
import { FILING_TYPES, type FilingType } from './enums.ts';
import { orderOf } from './orders/descriptions.ts';
import { type FieldMode, fieldMode } from './orders/field-modes.ts';
import { cancellationFields, sponsorNumberFields, websiteNumberField } from './orders/order-fields.ts';
import { getAt } from './paths.ts';

export type { CatalogField } from './catalog/field-kinds.ts';
export { preApprovalTypesOf } from './catalog/website-fields.ts';

export const sectionOrder: readonly SectionId[] = [
  'filing',
  'sponsor',
  'sponsorPrincipal',
  'website',
  'websitePrincipal',
  'access',
];

export const catalog: readonly CatalogField[] = [
  ...filingFields,
  ...sponsorNumberFields,
  ...sponsorFields,
  ...principalFields(
    'sponsorPrincipal',
    'sponsorPrincipal',
    (ctx) => obj(ctx.filing.sponsorPrincipal),
    undefined,
    {
      // An individual is the principal (icp-domain.md §1.2): the name and ID given as the sponsor.
      derive: {
        name: (ctx) => individualSponsor(ctx, 'name'),
        idType: (ctx) => individualSponsor(ctx, 'documentType'),
        idNumber: (ctx) => individualSponsor(ctx, 'documentNumber'),
      },
      suggestEmail: (ctx) => (ctx.accountEmail ? [ctx.accountEmail] : []),
    },
  ),
  websiteNumberField,
  ...websiteFields,
  ...cancellationFields,
].map(forEveryOrder);

/**
 * Adds the order's say to a field's own `when`: a field the order does not take never applies, and
 * one it takes only when given (a cancellation's sponsor address) applies when present, so it is
 * checked but never asked.
 */
function forEveryOrder(field: CatalogField): CatalogField {
  const own = field.when;
  // Decided once per filing type here, not on every call (every validation asks every field).
  const modes = Object.fromEntries(FILING_TYPES.map((type) => [type, fieldMode(type, field.id)])) as Record<
    FilingType,
    FieldMode
  >;
  const when = (ctx: FieldContext): boolean => {
    const mode = modes[orderOf(ctx.filing).type];
    if (mode === 'absent') return false;
    if (mode === 'given') {
      const value = getAt(ctx.filing, concretePath(field.id, ctx.websiteIndex ?? 0));
      if (value === undefined || value === '') return false;
    }
    return own ? own(ctx) : true;
  };
  return { ...field, when };
}

function individualSponsor(ctx: FieldContext, key: string): string | undefined {
  if (natureOf(ctx.filing) !== 'individual') return undefined;
  const value = obj(ctx.filing.sponsor)?.[key];
  return typeof value === 'string' ? value : undefined;
}

const byId = new Map(catalog.map((f) => [f.id, f]));

export function fieldById(id: string): CatalogField | undefined {
  return byId.get(id);
}

export interface ApplicableField {
  field: CatalogField;
  /** Concrete document path (`websites.1.domains`). */
  path: string;
  websiteIndex?: number;
  /** The context the field's condition was judged in (shared by the fields of one website). */
  ctx: FieldContext;
}

const globalFields = catalog.filter((f) => !f.id.includes('*'));
const perWebsiteFields = catalog.filter((f) => f.id.includes('*'));
/** Concrete paths of the website fields, per website index (built once per index, not per call). */
const websitePaths: string[][] = [];

function websitePathsOf(index: number): string[] {
  let paths = websitePaths[index];
  if (!paths) {
    paths = perWebsiteFields.map((f) => concretePath(f.id, index));
    websitePaths[index] = paths;
  }
  return paths;
}

/**
 * The fields that apply to this draft, in asking order, with concrete paths: the filing-wide fields
 * once, then the website fields for every website (at least one, so the first website is asked).
 */
export function applicableFields(filing: DraftFiling, now: Date): ApplicableField[] {
  const out: ApplicableField[] = [];
  const websites = Math.max(1, websitesOf(filing).length);
  const ctx: FieldContext = { filing, now };
  for (const field of globalFields) {
    if (!field.when || field.when(ctx)) out.push({ field, path: field.id, ctx });
  }
  for (let i = 0; i < websites; i++) {
    const websiteCtx: FieldContext = { filing, now, websiteIndex: i };
    // Documents with absurdly many websites are still answered, without growing the path table.
    const paths = i < 64 ? websitePathsOf(i) : undefined;
    for (let f = 0; f < perWebsiteFields.length; f++) {
      const field = perWebsiteFields[f]!;
      if (!field.when || field.when(websiteCtx)) {
        const path = paths ? paths[f]! : concretePath(field.id, i);
        out.push({ field, path, websiteIndex: i, ctx: websiteCtx });
      }
    }
  }
  return out;
}

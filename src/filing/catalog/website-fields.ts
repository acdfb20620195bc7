/** 网站 and 网站接入: the questions asked once per website (icp-domain.md §1.3–§1.5). */
import type { FieldContext, FieldProblem, FieldResult } from '../catalog-types.ts';
import {
  ACCESS_METHODS,
  enumLabelKey,
  INDIVIDUAL_SERVICES,
  LANGUAGES,
  PRE_APPROVAL_TYPES,
  requiredPreApprovals,
  SAME_AS_SPONSOR_PRINCIPAL,
  SERVICES,
} from '../enums.ts';
import {
  checkDomain,
  checkHomepageUrl,
  checkIpEntry,
  displayHomepageUrl,
  splitList,
  toDisplayHost,
} from '../validators/index.ts';
import { natureOf, obj, strings, websiteOf } from './draft.ts';
import {
  type CatalogField,
  choiceField,
  divisionField,
  listField,
  multiChoiceField,
  textField,
} from './field-kinds.ts';
import { principalFields } from './principal-fields.ts';
import { serverProvinceChoices } from './server-provinces.ts';
import { checkLicenceNumber } from './values.ts';

const W = 'websites.*';

const serviceOptions = SERVICES.map((s) => ({
  value: s.key,
  labelKey: enumLabelKey('service', s.key),
  miitCode: s.miit,
}));
const individualServiceOptions = serviceOptions.filter((o) => INDIVIDUAL_SERVICES.includes(o.value));
const languageOptions = LANGUAGES.map((l) => ({
  value: l.key,
  labelKey: enumLabelKey('language', l.key),
  miitCode: l.miit,
}));
const accessOptions = ACCESS_METHODS.map((a) => ({
  value: a.key,
  labelKey: enumLabelKey('accessMethod', a.key),
  miitCode: a.miit,
}));
const preApprovalMiit = new Map(PRE_APPROVAL_TYPES.map((p) => [p.key, p.miit]));
const principalChoices = [SAME_AS_SPONSOR_PRINCIPAL, 'own'];

/** The pre-approval types this website's services demand, in enumeration order. */
export function preApprovalTypesOf(ctx: FieldContext): string[] {
  return requiredPreApprovals(strings(websiteOf(ctx)?.services));
}

const hasOwnPrincipal = (ctx: FieldContext) => {
  const principal = websiteOf(ctx)?.principal;
  return principal !== undefined && principal !== SAME_AS_SPONSOR_PRINCIPAL;
};

/**
 * Pre-approvals are asked as ONE question per website, only when a chosen service needs a licence:
 * the options list the required types (news, culture...), and the applicant types one licence
 * number per listed type, in that order (usually just one). The answer is stored in canonical form,
 * `[{ type, licenceNumber }]`, so the field id is the document path like every other field.
 */
const preApprovalsField: CatalogField = {
  ...listField(
    { id: `${W}.preApprovals`, section: 'website', when: (ctx) => preApprovalTypesOf(ctx).length > 0 },
    (v) => checkLicenceNumber(v),
  ),
  itemKey: 'licenceNumber',
  options: (ctx) =>
    preApprovalTypesOf(ctx).map((type) => ({
      value: type,
      labelKey: enumLabelKey('preApprovalType', type),
      miitCode: preApprovalMiit.get(type as never),
    })),
  parse(input, ctx): FieldResult {
    const types = preApprovalTypesOf(ctx);
    const numbers = Array.isArray(input) ? input.map((v) => v.trim()).filter(Boolean) : splitList(input);
    if (numbers.length === 0) return { ok: false, problems: [{ code: 'required' }] };
    if (numbers.length !== types.length) {
      return {
        ok: false,
        problems: [{ code: 'pre_approval.count', params: { expected: types.length, given: numbers.length } }],
      };
    }
    const problems: FieldProblem[] = [];
    const value = types.map((type, i) => {
      const checked = checkLicenceNumber(numbers[i]!);
      if (!checked.ok)
        problems.push(...checked.problems.map((p) => ({ ...p, params: { item: numbers[i]! } })));
      return { type, licenceNumber: checked.ok ? checked.value : numbers[i]! };
    });
    return problems.length > 0 ? { ok: false, problems } : { ok: true, value };
  },
};

export const websiteFields: CatalogField[] = [
  textField({ id: `${W}.name`, section: 'website' }, undefined, 50),
  { ...listField({ id: `${W}.domains`, section: 'website' }, (v) => checkDomain(v)), display: toDisplayHost },
  // Domains are asked first; without a valid one the host cannot be judged (the domains are reported).
  {
    ...textField({ id: `${W}.homepageUrl`, section: 'website' }, (v, ctx) => {
      const domains = strings(websiteOf(ctx)?.domains).filter((d) => checkDomain(d).ok);
      return domains.length > 0 ? checkHomepageUrl(v, domains) : { ok: true, value: v };
    }),
    display: displayHomepageUrl,
  },
  multiChoiceField(
    {
      id: `${W}.services`,
      section: 'website',
      // "Individuals normally pick 其他" (icp-domain.md §1.3): ticked for them when first asked.
      suggest: (ctx) => (natureOf(ctx.filing) === 'individual' ? ['other'] : []),
    },
    {
      enumName: 'service',
      all: serviceOptions.map((o) => o.value),
      unavailableCode: 'individual.service_not_personal',
      options: (ctx) => (natureOf(ctx.filing) === 'individual' ? individualServiceOptions : serviceOptions),
    },
  ),
  preApprovalsField,
  multiChoiceField(
    // Nearly every site is in Simplified Chinese: ticked when first asked, one tap on "done".
    { id: `${W}.languages`, section: 'website', suggest: () => ['zh_hans'] },
    { enumName: 'language', all: languageOptions.map((o) => o.value), options: () => languageOptions },
  ),
  // "own" is stored as the (so far empty) principal object, which the next questions fill in;
  // choosing "own" again keeps what was already answered.
  choiceField(
    {
      id: `${W}.principal`,
      section: 'website',
      // An individual's site is run by the individual, the sponsor principal (icp-domain.md §1.2).
      derive: (ctx) => (natureOf(ctx.filing) === 'individual' ? SAME_AS_SPONSOR_PRINCIPAL : undefined),
    },
    {
      enumName: 'principalChoice',
      all: principalChoices,
      options: () =>
        principalChoices.map((k) => ({ value: k, labelKey: enumLabelKey('principalChoice', k) })),
    },
    (value, ctx) => (value === 'own' ? (obj(websiteOf(ctx)?.principal) ?? {}) : value),
  ),
  ...principalFields(
    `${W}.principal`,
    'websitePrincipal',
    (ctx) => obj(websiteOf(ctx)?.principal),
    hasOwnPrincipal,
  ),
  listField({ id: `${W}.access.ips`, section: 'access' }, (v) => checkIpEntry(v)),
  choiceField(
    { id: `${W}.access.method`, section: 'access' },
    { enumName: 'accessMethod', all: accessOptions.map((o) => o.value), options: () => accessOptions },
  ),
  divisionField({ id: `${W}.access.serverProvince`, section: 'access' }, () => serverProvinceChoices()),
  textField({ id: `${W}.remarks`, section: 'website', required: false, onRequest: true }, undefined, 500),
];

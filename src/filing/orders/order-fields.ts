/**
 * The questions only orders on an existing number have: the sponsor's and each website's ICP
 * number, the sections a change corrects, and why a cancellation is asked for. Which order asks
 * which is decided by ./field-modes.ts, not here.
 */
import { obj, str, websitesOf } from '../catalog/draft.ts';
import { type CatalogField, choiceField, multiChoiceField, textField } from '../catalog/field-kinds.ts';
import type { ChoiceOption, FieldContext, FieldProblem } from '../catalog-types.ts';
import { CANCEL_REASONS, enumLabelKey } from '../enums.ts';
import { splitList } from '../validators/index.ts';
import { checkSponsorIcpNumber, checkWebsiteIcpNumber } from './icp-numbers.ts';

/** The sections a change may correct: `sponsor`, `sponsorPrincipal` and each website as `websites.N`. */
export function changeableSections(ctx: FieldContext): ChoiceOption[] {
  const options: ChoiceOption[] = [
    { value: 'sponsor', labelKey: 'filing:sections.sponsor' },
    { value: 'sponsorPrincipal', labelKey: 'filing:sections.sponsorPrincipal' },
  ];
  websitesOf(ctx.filing).forEach((raw, i) => {
    const website = obj(raw);
    // The website's own name and number are data, so they label the option in both languages.
    const name = [str(website?.name), str(website?.icpNumber)].filter(Boolean).join(' · ') || `#${i + 1}`;
    options.push({ value: `websites.${i}`, label: { zh: name, en: name } });
  });
  return options;
}

const reasonOptions = CANCEL_REASONS.map((k) => ({ value: k, labelKey: enumLabelKey('cancelReason', k) }));

export const sponsorNumberFields: CatalogField[] = [
  textField({ id: 'icpNumber', section: 'filing' }, (v) => checkSponsorIcpNumber(v), 40),
  changedSectionsField(),
];

/**
 * Buttons or typed keys (`sponsor; websites.0`). The keys are camelCase, so the answer is matched
 * case-insensitively but stored as the option's own value (the generic multi-choice lower-cases).
 */
function changedSectionsField(): CatalogField {
  const field = multiChoiceField(
    { id: 'changedSections', section: 'filing' },
    { enumName: 'changedSection', all: [], options: changeableSections },
  );
  return {
    ...field,
    parse(input, ctx) {
      const options = changeableSections(ctx);
      const picked = (Array.isArray(input) ? input : splitList(input)).map((v) => v.trim()).filter(Boolean);
      if (picked.length === 0) return { ok: false, problems: [{ code: 'required' }] };
      const chosen = new Set<string>();
      const problems: FieldProblem[] = [];
      for (const value of picked) {
        const option = options.find((o) => o.value.toLowerCase() === value.toLowerCase());
        if (option) chosen.add(option.value);
        else problems.push({ code: 'changed_sections.unknown', params: { value } });
      }
      if (problems.length > 0) return { ok: false, problems };
      return { ok: true, value: options.map((o) => o.value).filter((v) => chosen.has(v)) };
    },
  };
}

export const websiteNumberField: CatalogField = textField(
  { id: 'websites.*.icpNumber', section: 'website' },
  (v) => checkWebsiteIcpNumber(v),
  40,
);

export const cancellationFields: CatalogField[] = [
  choiceField(
    { id: 'reason', section: 'filing' },
    { enumName: 'cancelReason', all: CANCEL_REASONS, options: () => reasonOptions },
  ),
  textField(
    { id: 'reasonText', section: 'filing', when: (ctx) => ctx.filing.reason === 'other' },
    undefined,
    500,
  ),
];

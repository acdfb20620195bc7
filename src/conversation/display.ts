/**
 * How answers and option labels are shown. `labelOf`/`displayValue` build Labels for outgoing
 * messages; `renderLabel`/`renderValue` turn them into strings for a channel, given its translator.
 */
import type { ChoiceOption, FieldContext, FieldDef } from '../filing/catalog-types.ts';
import type { Lang, Text } from '../i18n/index.ts';
import type { Label, SummaryValue } from './types.ts';

export function labelOf(option: ChoiceOption): Label {
  if (option.labelKey)
    return option.labelParams
      ? { key: option.labelKey, params: option.labelParams }
      : { key: option.labelKey };
  if (option.label) return option.label;
  return { zh: option.value, en: option.value };
}

export function isText(label: Label): label is Text {
  return 'key' in label;
}

/** What the applicant sees for a stored answer: option labels for choices, the text otherwise. */
export function displayValue(field: FieldDef, value: unknown, ctx: FieldContext): SummaryValue {
  const options = field.options ? safeOptions(field, ctx) : [];
  const find = (v: unknown) => options.find((o) => o.value === v);
  if (Array.isArray(value)) {
    if (field.kind === 'multi_choice') {
      return value.map((v) => {
        const o = find(v);
        return o ? labelOf(o) : { zh: plain(v), en: plain(v) };
      });
    }
    return value.map((v) => shown(field, v)).join('; ');
  }
  const option = find(value);
  if (option) return labelOf(option);
  if (value !== null && typeof value === 'object') return { key: 'conversation:summary.detailsBelow' };
  if (value === '' || value === undefined) return { key: 'conversation:summary.empty' };
  return shown(field, value);
}

/** A stored value as people read it (IDN domains in Chinese, see FieldDef.display). */
function shown(field: FieldDef, value: unknown): string {
  return field.display && typeof value === 'string' ? field.display(value) : plain(value);
}

function safeOptions(field: FieldDef, ctx: FieldContext): ChoiceOption[] {
  return field.options ? field.options(ctx) : [];
}

function plain(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object') {
    return Object.values(value as Record<string, unknown>)
      .map(plain)
      .join(' ');
  }
  return String(value);
}

/** For adapters: a Label as a string in `lang`, with the channel's translator for Text labels. */
export function renderLabel(label: Label, lang: Lang, translate: (text: Text) => string): string {
  return isText(label) ? translate(label) : label[lang];
}

export function renderValue(value: SummaryValue, lang: Lang, translate: (text: Text) => string): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value))
    return value.map((l) => renderLabel(l, lang, translate)).join(lang === 'zh' ? '、' : ', ');
  return renderLabel(value, lang, translate);
}

/** Labels and summary values as plain text, for every channel that renders engine messages. */
import type { Label, SummaryValue } from '../../conversation/types.ts';
import { type Lang, render } from '../../i18n/index.ts';

export function labelText(lang: Lang, label: Label): string {
  return 'key' in label ? render(lang, label) : label[lang];
}

export function valueText(lang: Lang, value: SummaryValue): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((v) => labelText(lang, v)).join(lang === 'zh' ? '、' : ', ');
  return labelText(lang, value);
}

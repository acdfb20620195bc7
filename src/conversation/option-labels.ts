/**
 * Option labels as the applicant reads them, for typed answers: "企业", "虚拟主机", "博客" or
 * "Virtual hosting" pick the option whose button says so, in either language; and a refusal names
 * an option by its label, never by its internal key. The locale files are read as JSON modules
 * (no file system), so the engine stays pure.
 */
import enConversation from '../../locales/en/conversation.json' with { type: 'json' };
import enFiling from '../../locales/en/filing.json' with { type: 'json' };
import zhConversation from '../../locales/zh/conversation.json' with { type: 'json' };
import zhFiling from '../../locales/zh/filing.json' with { type: 'json' };
import type { ChoiceOption } from '../filing/catalog-types.ts';
import { splitList } from '../filing/validators/index.ts';
import type { Lang } from '../i18n/index.ts';

const RESOURCES: Record<Lang, Record<string, unknown>> = {
  en: { filing: enFiling, conversation: enConversation },
  zh: { filing: zhFiling, conversation: zhConversation },
};

/** `filing:enums.nature.enterprise` in `lang`, or undefined when the key is not a plain string. */
export function labelText(key: string, lang: Lang): string | undefined {
  const [ns, path] = key.split(':', 2);
  if (!ns || !path) return undefined;
  let node: unknown = RESOURCES[lang][ns];
  for (const part of path.split('.')) {
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  }
  return typeof node === 'string' ? node : undefined;
}

function optionLabel(option: ChoiceOption, lang: Lang): string | undefined {
  if (option.labelKey) return labelText(option.labelKey, lang);
  return option.label?.[lang];
}

/** Case, blanks and punctuation do not matter: "虚拟 主机" and "virtual-hosting" still match. */
function normalise(text: string): string {
  return text.toLowerCase().replace(/[\s\p{P}]/gu, '');
}

/** The ways a label can be typed: whole, and each part of "博客/个人空间" or "Blog / personal space". */
function labelForms(option: ChoiceOption): string[] {
  const forms: string[] = [];
  for (const lang of ['zh', 'en'] as const) {
    const label = optionLabel(option, lang);
    if (!label) continue;
    forms.push(normalise(label));
    for (const part of label.split(/[/／]/)) forms.push(normalise(part.replace(/[（(].*?[)）]/g, '')));
  }
  return forms.filter((f) => f !== '');
}

/** The one option whose value or label is `typed`; undefined when none or several. */
export function optionByLabel(typed: string, options: readonly ChoiceOption[]): ChoiceOption | undefined {
  const key = normalise(typed);
  if (key === '') return undefined;
  const byValue = options.find((o) => o.value.toLowerCase() === typed.trim().toLowerCase());
  if (byValue) return byValue;
  const found = options.filter((o) => labelForms(o).includes(key));
  return found.length === 1 ? found[0] : undefined;
}

/**
 * A typed answer to a choice question, with labels turned into option values: one value, or for
 * a multi-choice the list ("博客，网络新闻"). Items that match no label stay as typed, so the
 * field's own check explains them.
 */
export function valuesFromLabels(
  typed: string,
  options: readonly ChoiceOption[],
  multi: boolean,
): string | string[] {
  if (!multi) return optionByLabel(typed, options)?.value ?? typed;
  return splitList(typed).map((item) => optionByLabel(item, options)?.value ?? item);
}

/** A label to show for an option value in `lang` (the value itself when it has none). */
export function labelForValue(value: string, options: readonly ChoiceOption[], lang: Lang): string {
  const option = options.find((o) => o.value === value);
  return (option && optionLabel(option, lang)) ?? value;
}

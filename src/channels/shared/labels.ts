/** Labels and summary values as plain text in `lang`: the engine's renderers with the app's translator. */

import { renderLabel, renderValue } from '../../conversation/display.ts';
import type { Label, SummaryValue } from '../../conversation/types.ts';
import { type Lang, render } from '../../i18n/index.ts';

export function labelText(lang: Lang, label: Label): string {
  return renderLabel(label, lang, (text) => render(lang, text));
}

export function valueText(lang: Lang, value: SummaryValue): string {
  return renderValue(value, lang, (text) => render(lang, text));
}

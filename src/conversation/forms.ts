/** The printable forms a filing needs, as outgoing 'form' messages (the channels make the files). */
import { PRINTABLE_FORMS } from '../filing/printable-forms.ts';
import type { Turn } from './turn.ts';

/** Same rule as the documents list (the injected requiredMaterials): no form nobody asks for. */
export function pushForms(turn: Turn): void {
  const needed = new Set(turn.deps.requiredMaterials(turn.state.filing).map((m) => m.kind));
  for (const document of PRINTABLE_FORMS) {
    if (needed.has(document)) turn.messages.push({ type: 'form', document, filing: turn.state.filing });
  }
}

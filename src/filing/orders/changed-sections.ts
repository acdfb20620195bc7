/**
 * The sections a change order (变更备案) declares in `changedSections`: `sponsor`,
 * `sponsorPrincipal`, `websites.N`. The chat asks their questions again, and staff see which
 * corrected fields lie outside them; both decide membership here.
 */
import { strings } from '../catalog/draft.ts';

/** The declared sections of a change document (none when absent or malformed). */
export function declaredSections(document: Record<string, unknown>): string[] {
  return strings(document.changedSections);
}

/** Whether a field's path lies in one of the sections (`websites.1` holds `websites.1.name`, not `websites.10.name`). */
export function inSections(path: string, sections: readonly string[]): boolean {
  return sections.some((section) => path === section || path.startsWith(`${section}.`));
}

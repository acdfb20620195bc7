/**
 * The staff view of a change order (变更备案): the pure diff (src/review/change-diff.ts) against the
 * filing approved here, with each field's label and both values shown as the details show them
 * (choices labelled, ID numbers masked unless a staff member opened the filing).
 */

import { declaredSections, inSections } from '../filing/orders/changed-sections.ts';
import { diffFilings } from '../review/change-diff.ts';
import type { ChangeLine, ChangeView, DetailLine } from './staff-types.ts';
import { detailLines, shownText } from './staff-view.ts';

const WEBSITE_PATH = /^websites\.(\d+)(\.|$)/;

/** A value the catalog has no line for (a website principal that became a person): plain text. */
function plainValue(path: string, value: unknown, unmask: boolean): DetailLine['value'] {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return shownText(path, value, unmask);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join('; ');
  return { key: 'staff:change.structured_value' };
}

function websiteIndexOf(path: string): number | undefined {
  const match = WEBSITE_PATH.exec(path);
  return match ? Number(match[1]) : undefined;
}

/**
 * `previous`: the approved document with its filing id, or null when the filing is not held here;
 * then the declared sections' new values are listed, with nothing beside them.
 */
export function changeView(
  previous: { id: string; document: Record<string, unknown> } | null,
  doc: Record<string, unknown>,
  now: Date,
  unmask: boolean,
): ChangeView {
  const after = new Map(detailLines(doc, now, unmask).map((line) => [line.path, line]));
  if (!previous) {
    const sections = declaredSections(doc);
    const lines = [...after.values()]
      .filter((line) => inSections(line.path, sections))
      .map((line): ChangeLine => {
        const out: ChangeLine = {
          path: line.path,
          label: line.label,
          before: '',
          after: line.value,
          declared: true,
        };
        if (line.websiteIndex !== undefined) out.websiteIndex = line.websiteIndex;
        return out;
      });
    return { previousFilingId: null, lines };
  }
  const before = new Map(detailLines(previous.document, now, unmask).map((line) => [line.path, line]));
  const lines = diffFilings(previous.document, doc).map((change): ChangeLine => {
    const known = after.get(change.path) ?? before.get(change.path);
    const out: ChangeLine = {
      path: change.path,
      label: known?.label ?? { key: 'staff:change.field', params: { path: change.path } },
      before: before.get(change.path)?.value ?? plainValue(change.path, change.before, unmask),
      after: after.get(change.path)?.value ?? plainValue(change.path, change.after, unmask),
      declared: change.declared,
    };
    const websiteIndex = websiteIndexOf(change.path);
    if (websiteIndex !== undefined) out.websiteIndex = websiteIndex;
    return out;
  });
  return { previousFilingId: previous.id, lines };
}

/** The summary per section (websites numbered), with row numbers the applicant can give to `edit`. */

import type { SectionId } from '../filing/catalog-types.ts';
import { getAt } from '../filing/paths.ts';
import { displayValue } from './display.ts';
import {
  applicableSlots,
  derivedValue,
  fieldContext,
  fieldOf,
  fieldTextKeys,
  isSkipped,
  slotPath,
} from './slots.ts';
import type { ConversationState, EngineDeps, Slot, SummaryRow, SummarySection } from './types.ts';

interface SummaryMessageRow {
  slot: Slot;
  section: SectionId;
  row: SummaryRow;
}

export function summaryRows(state: ConversationState, deps: EngineDeps, now: Date): SummaryMessageRow[] {
  const rows: SummaryMessageRow[] = [];
  for (const slot of applicableSlots(state, deps, now)) {
    const field = fieldOf(deps, slot.fieldId);
    if (!field) continue;
    const path = slotPath(slot);
    const value = getAt(state.filing, path);
    // An on-request field (remarks) has a row even when empty, so its number can be given to /edit.
    if (value === undefined && !isSkipped(state, slot) && !field.onRequest) continue;
    const ctx = fieldContext(state, slot, now);
    rows.push({
      slot,
      section: field.section,
      row: {
        number: rows.length + 1,
        path,
        label: { key: fieldTextKeys(field.id).label, params: { website: (slot.websiteIndex ?? 0) + 1 } },
        value:
          value === undefined
            ? {
                key: isSkipped(state, slot)
                  ? 'conversation:summary.skipped'
                  : 'conversation:summary.onRequest',
              }
            : displayValue(field, value, ctx),
        editable: derivedValue(field, ctx) === undefined,
      },
    });
  }
  return rows;
}

/** `include` keeps only some rows (the corrections' summaries); row numbers stay those of the full summary. */
export function buildSummary(
  state: ConversationState,
  deps: EngineDeps,
  now: Date,
  include?: (slot: Slot, path: string) => boolean,
): SummarySection[] {
  const sections: SummarySection[] = [];
  for (const { slot, section, row } of summaryRows(state, deps, now)) {
    if (include && !include(slot, row.path)) continue;
    let last = sections[sections.length - 1];
    if (!last || last.section !== section || last.websiteIndex !== slot.websiteIndex) {
      last = {
        section,
        ...(slot.websiteIndex === undefined ? {} : { websiteIndex: slot.websiteIndex }),
        title: { key: `conversation:sections.${section}`, params: { website: (slot.websiteIndex ?? 0) + 1 } },
        rows: [],
      };
      sections.push(last);
    }
    last.rows.push(row);
  }
  return sections;
}

/** `edit` argument → slot: a row number from the summary or a document path. */
export function resolveEditTarget(
  state: ConversationState,
  deps: EngineDeps,
  now: Date,
  arg: string,
): Slot | undefined {
  const trimmed = arg.trim();
  if (/^\d+$/.test(trimmed)) return summaryRows(state, deps, now)[Number(trimmed) - 1]?.slot;
  return applicableSlots(state, deps, now).find((s) => slotPath(s) === trimmed);
}

/**
 * Which catalog fields an order asks (filing-format.md, "Other filing types"), derived from its
 * description. The catalog wraps every field's `when` with this, so the chat asks, the summary
 * shows and `icp check` requires exactly what the order needs.
 */
import type { FilingType } from '../enums.ts';
import { ORDERS, type OrderDescription, type Presence, SPONSOR_IDENTITY_KEYS } from './descriptions.ts';

/** `asked`: asked and required as the field says; `given`: checked when present, never asked; `absent`: not part of the order. */
export type FieldMode = 'asked' | 'given' | 'absent';

const IDENTITY = new Set<string>(SPONSOR_IDENTITY_KEYS.map((k) => `sponsor.${k}`));

function ofPresence(presence: Presence): FieldMode {
  return presence === 'required' ? 'asked' : presence === 'optional' ? 'given' : 'absent';
}

function modeIn(order: OrderDescription, fieldId: string): FieldMode {
  if (fieldId === 'filingType') return 'asked';
  if (fieldId === 'icpNumber') return ofPresence(order.icpNumber);
  if (fieldId === 'changedSections') return order.changedSections ? 'asked' : 'absent';
  if (fieldId === 'reason' || fieldId === 'reasonText') return order.reason ? 'asked' : 'absent';
  if (fieldId.startsWith('sponsor.')) {
    return order.sponsor === 'full' || IDENTITY.has(fieldId) ? 'asked' : 'given';
  }
  if (fieldId.startsWith('sponsorPrincipal.')) return order.sponsorPrincipal ? 'asked' : 'absent';
  if (fieldId === 'websites.*.icpNumber') {
    return order.websites === 'none' ? 'absent' : ofPresence(order.websiteNumber);
  }
  if (fieldId.startsWith('websites.*.')) return order.websites === 'full' ? 'asked' : 'absent';
  return 'asked';
}

/** The mode of a catalog field (`websites.*.domains`) in an order; the catalog asks once per field and order. */
export function fieldMode(type: FilingType, fieldId: string): FieldMode {
  return modeIn(ORDERS[type], fieldId);
}

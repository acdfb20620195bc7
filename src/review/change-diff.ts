/**
 * A change order (变更备案) carries the whole document as it should now read. Staff need to see
 * what it changes against the filing approved here: this lists, field by field, the old and new
 * values. Lists of plain values (domains, mobiles, IPs) compare as one field, because staff judge
 * "the domains" rather than "the second domain"; lists of objects (websites) compare per item.
 */
import { declaredSections, inSections } from '../filing/orders/changed-sections.ts';

/** One differing field: its dotted path (`websites.0.domains`) and both values (undefined = absent). */
export interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
  /** Whether the path lies in a section the applicant declared in `changedSections`. */
  declared: boolean;
}

/** Keys that say what the document is, not what it records: never a "change". */
const ORDER_KEYS: ReadonlySet<string> = new Set(['filingType', 'icpNumber', 'changedSections']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A leaf: anything that is not an object or a list of objects. */
function isLeaf(value: unknown): boolean {
  if (isRecord(value)) return false;
  return !(Array.isArray(value) && value.some(isRecord));
}

/** An empty string or list and an absent optional field (remarks, pre-approvals) read the same to staff. */
function blank(value: unknown): boolean {
  return (
    value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)
  );
}

function sameLeaf(a: unknown, b: unknown): boolean {
  if (blank(a) || blank(b)) return blank(a) && blank(b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}

function walk(before: unknown, after: unknown, path: string, out: Omit<FieldChange, 'declared'>[]): void {
  if (isLeaf(before) || isLeaf(after)) {
    // A value that turned from a plain one into an object (a website principal "same as sponsor"
    // that is now a person) is one change at that path, shown as a whole.
    if (isLeaf(before) && isLeaf(after)) {
      if (!sameLeaf(before, after)) out.push({ path, before, after });
      return;
    }
    if (before !== undefined && after !== undefined) {
      out.push({ path, before, after });
      return;
    }
  }
  const keys = new Set<string>();
  if (Array.isArray(before) || Array.isArray(after)) {
    const length = Math.max(
      Array.isArray(before) ? before.length : 0,
      Array.isArray(after) ? after.length : 0,
    );
    for (let i = 0; i < length; i++) keys.add(String(i));
  } else {
    for (const key of Object.keys(isRecord(before) ? before : {})) keys.add(key);
    for (const key of Object.keys(isRecord(after) ? after : {})) keys.add(key);
  }
  const child = (value: unknown, key: string) =>
    isRecord(value) || Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
  for (const key of keys) {
    if (ORDER_KEYS.has(key)) continue;
    walk(child(before, key), child(after, key), path ? `${path}.${key}` : key, out);
  }
}

/**
 * The fields whose values differ between the approved document and the change's, in document
 * order. A field only on one side has `undefined` on the other (a website added or dropped).
 */
export function diffFilings(
  approved: Record<string, unknown>,
  changed: Record<string, unknown>,
): FieldChange[] {
  const sections = declaredSections(changed);
  const out: Omit<FieldChange, 'declared'>[] = [];
  walk(approved, changed, '', out);
  return out.map((change) => ({ ...change, declared: inSections(change.path, sections) }));
}

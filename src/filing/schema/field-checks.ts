/**
 * Re-runs every applicable catalog field's single-value check on a stored document, so the chat,
 * `icp check` and the database judge a value by the same code. A stored value must already be in
 * canonical form: a value the check would rewrite (upper-case domain, full-width digits) is reported.
 */

import { obj } from '../catalog/draft.ts';
import { type ApplicableField, applicableFields } from '../catalog.ts';
import type { FieldContext } from '../catalog-types.ts';
import type { Report } from '../rules/report.ts';

function valueAt(doc: Record<string, unknown>, af: ApplicableField): unknown {
  let node: unknown = doc;
  for (const key of af.field.segments) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key === '*' ? af.websiteIndex! : key];
  }
  return node;
}

function checkOne(value: string, path: string, af: ApplicableField, ctx: FieldContext, report: Report): void {
  const result = af.field.check!(value, ctx);
  if (!result.ok) {
    for (const p of result.problems) report(path, p.code, p.params);
  } else if (result.value !== value && af.field.display?.(result.value) !== value) {
    // A value in its display form (an IDN domain typed in Chinese) is the same value, not a mistake.
    report(path, 'value.not_canonical', { expected: result.value });
  }
}

/** `complete`: a finished document, where a missing required answer is a problem; a draft is not. */
export function checkFieldValues(
  doc: Record<string, unknown>,
  now: Date,
  complete: boolean,
  report: Report,
): void {
  for (const af of applicableFields(doc, now)) {
    const { field, path } = af;
    const value = valueAt(doc, af);
    if (value === undefined || value === null || value === '') {
      if (complete && field.required) report(path, 'required');
      continue;
    }
    if (!field.check) continue;
    const ctx = af.ctx;
    if (typeof value === 'string') {
      checkOne(value, path, af, ctx, report);
    } else if (Array.isArray(value)) {
      if (value.length === 0 && complete && field.required) report(path, 'required');
      const seen = value.length > 1 ? new Set<string>() : undefined;
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        const itemPath = field.itemKey ? `${path}.${i}.${field.itemKey}` : `${path}.${i}`;
        const text = field.itemKey ? obj(item)?.[field.itemKey] : item;
        if (typeof text !== 'string') continue;
        if (seen) {
          if (seen.has(text)) report(itemPath, 'list.duplicate', { item: text });
          seen.add(text);
        }
        checkOne(text, itemPath, af, ctx, report);
      }
    }
  }
}

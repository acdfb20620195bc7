/**
 * Validation entry points: a finished document (`icp check`, submit, Slack) and a draft (the
 * conversation, after every answer). Both run the same field checks and rules.
 */
import type { z } from 'zod';
import { applicableFields } from './catalog.ts';
import type { DocumentProblem, DraftFiling } from './catalog-types.ts';
import { FILING_TYPES } from './enums.ts';
import { DEFAULT_ORDER } from './orders/descriptions.ts';
import { orderStructureOf } from './orders/order-structure.ts';
import { compileShapeCheck } from './schema/shape-check.ts';
import { createFilingSchema, documentProblems, filingStructure } from './schema.ts';

let clock = new Date(0);
/** Parsing is synchronous, so one schema whose clock is set just before each parse is safe and cheap. */
const schema = createFilingSchema(() => clock);
/**
 * Most documents have the right shape; for them zod would only add the field checks and rules we
 * can run directly, so zod is asked only to explain a wrong shape (same problems either way).
 */
const shapeIsValid = compileShapeCheck(filingStructure);

function problemOf(issue: z.core.$ZodIssue): DocumentProblem[] {
  const path = issue.path.join('.');
  switch (issue.code) {
    case 'custom': {
      const carried = issue.params as { code: string; params?: DocumentProblem['params'] } | undefined;
      if (!carried) return [{ path, code: 'type.invalid' }];
      return [
        carried.params ? { path, code: carried.code, params: carried.params } : { path, code: carried.code },
      ];
    }
    case 'invalid_type':
      return [
        issue.input === undefined
          ? { path, code: 'required' }
          : { path, code: 'type.invalid', params: { expected: issue.expected } },
      ];
    case 'too_small':
      return [{ path, code: 'required' }];
    case 'too_big':
      return [{ path, code: 'list.too_long', params: { max: Number(issue.maximum) } }];
    case 'invalid_value':
      return [
        {
          path,
          code: 'choice.invalid',
          params: { value: String(issue.input), example: String(issue.values[0] ?? '') },
        },
      ];
    case 'invalid_union':
      // Only the order's discriminator fails a whole union: the other issues come from the chosen order.
      if (isDiscriminatorIssue(issue)) {
        const given = (issue.input as Record<string, unknown> | undefined)?.filingType;
        return [
          given === undefined
            ? { path, code: 'required' }
            : { path, code: 'choice.invalid', params: { value: String(given), example: FILING_TYPES[0] } },
        ];
      }
      return [{ path, code: 'type.invalid' }];
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({ path: path ? `${path}.${key}` : key, code: 'unknown_field' }));
    default:
      return [{ path, code: 'type.invalid' }];
  }
}

/**
 * Keeps one problem per path and code; a shape problem (wrong type, unknown choice) is dropped when
 * a more specific problem names the same place or a place inside it.
 */
function tidy(problems: DocumentProblem[], shapeCount: number): DocumentProblem[] {
  if (problems.length === 0) return problems;
  const seen = new Set<string>();
  const specific = problems.slice(shapeCount);
  const out: DocumentProblem[] = [];
  problems.forEach((p, i) => {
    const key = `${p.path}\u0000${p.code}`;
    if (seen.has(key)) return;
    if (i < shapeCount && p.code !== 'required' && p.code !== 'unknown_field') {
      if (specific.some((s) => s.path === p.path || s.path.startsWith(`${p.path}.`))) return;
    }
    seen.add(key);
    out.push(p);
  });
  // "required" says nothing more when the same place has a specific problem (e.g. a missing pre-approval).
  return out.filter(
    (p) => p.code !== 'required' || !out.some((o) => o.path === p.path && o.code !== 'required'),
  );
}

/** Problems in the order the form asks the fields (then anything outside the catalog). */
function inDocumentOrder(problems: DocumentProblem[], doc: unknown): DocumentProblem[] {
  if (problems.length < 2) return problems;
  const draft = doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? (doc as DraftFiling) : {};
  const order = new Map(applicableFields(draft, clock).map((af, i) => [af.path, i]));
  return problems
    .map((p, i) => ({ p, i, r: rankIn(order, p.path) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.p);
}

/** The asking rank of the field at `path` or the nearest field above it; past every field when none. */
function rankIn(order: Map<string, number>, path: string): number {
  for (let p = path; p !== ''; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
    const found = order.get(p);
    if (found !== undefined) return found;
  }
  return order.size;
}

export type FilingValidation = { valid: boolean; errors: DocumentProblem[] };

export function validateFiling(doc: unknown, opts: { now: Date }): FilingValidation {
  clock = opts.now;
  if (shapeIsValid?.(doc)) {
    const errors = inDocumentOrder(tidy(documentProblems(doc, clock, true), 0), doc);
    return { valid: errors.length === 0, errors };
  }
  return throughZod(doc);
}

/**
 * The reference route: every document through the zod schema, shape problems included. The fast
 * route above must give the same answer (tests compare them on generated documents).
 */
export function validateFilingThroughZod(doc: unknown, opts: { now: Date }): FilingValidation {
  clock = opts.now;
  return throughZod(doc);
}

const isDiscriminatorIssue = (issue: z.core.$ZodIssue) =>
  issue.code === 'invalid_union' && 'note' in issue && issue.note === 'No matching discriminator';

/**
 * Without a known `filingType` zod cannot pick an order's shape; the rest of the document is then
 * judged as the default order's (a first filing), so one run still names every problem.
 */
function defaultOrderShapeIssues(doc: unknown): z.core.$ZodIssue[] {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return [];
  const { filingType: _, ...rest } = doc as Record<string, unknown>;
  const type = DEFAULT_ORDER;
  const result = orderStructureOf(type).safeParse({ ...rest, filingType: type }, { reportInput: true });
  return result.success ? [] : result.error.issues;
}

function throughZod(doc: unknown): FilingValidation {
  const result = schema.safeParse(doc, { reportInput: true });
  if (result.success) return { valid: true, errors: [] };
  const shape: DocumentProblem[] = [];
  const specific: DocumentProblem[] = [];
  const issues = result.error.issues.some(isDiscriminatorIssue)
    ? [...result.error.issues, ...defaultOrderShapeIssues(doc)]
    : result.error.issues;
  for (const issue of issues) (issue.code === 'custom' ? specific : shape).push(...problemOf(issue));
  const errors = inDocumentOrder(tidy([...shape, ...specific], shape.length), doc);
  return { valid: errors.length === 0, errors };
}

/**
 * The same checks on an incomplete draft: missing answers are not problems, and a rule runs only
 * when its inputs are present. The conversation rejects an answer when a problem names the field
 * just answered, and re-asks fields that a later change made invalid.
 */
export function validateDraft(draft: DraftFiling, opts: { now: Date }): DocumentProblem[] {
  return documentProblems(draft, opts.now, false);
}

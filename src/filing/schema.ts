/**
 * One schema for every surface: the document's shape (./schema/structure.ts), every field's
 * single-value check (the catalog's, i.e. the validators) and every cross-field rule, as one zod
 * schema. Each problem is a zod issue whose `params` carry the stable `{ code, params }`.
 */
import { obj } from './catalog/draft.ts';
import type { DocumentProblem } from './catalog-types.ts';
import { orderStructure } from './orders/order-structure.ts';
import { rules } from './rules/index.ts';
import type { Report } from './rules/report.ts';
import { checkFieldValues } from './schema/field-checks.ts';

export type { Filing, Principal, Website } from './schema/structure.ts';
/** The shape of every order's document (each filing type has its own sections, see ./orders). */
export const filingStructure = orderStructure;
export {
  preApprovalSchema,
  principalSchema,
  sponsorSchema,
  websiteSchema,
} from './schema/structure.ts';

/** Field checks and rules over a document or a draft; `complete` adds "required" for missing answers. */
export function documentProblems(doc: unknown, now: Date, complete: boolean): DocumentProblem[] {
  const root = obj(doc);
  if (!root) return [];
  const problems: DocumentProblem[] = [];
  const report = reportInto(problems);
  checkFieldValues(root, now, complete, report);
  for (const rule of rules) rule(root, now, report);
  return problems;
}

/**
 * A report that collects into `problems`, returned unnamed: tsx (esbuild's keepNames) gives a
 * closure assigned to a variable its name with an `Object.defineProperty` each time it is made
 * (such closures in checkDivisionChain and here took ~6% of a validation's time).
 */
function reportInto(problems: DocumentProblem[]): Report {
  return (path, code, params) => problems.push(params ? { path, code, params } : { path, code });
}

function pathArray(path: string): (string | number)[] {
  return path.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k));
}

/**
 * The whole canonical document. `now` is read once per parse (ID validity, age), so tests and
 * servers inject their clock. The refinement runs even when the shape is partly wrong, so every
 * problem is found in one pass.
 */
export function createFilingSchema(now: () => Date) {
  return filingStructure.superRefine(
    (doc, ctx) => {
      for (const p of documentProblems(doc, now(), true)) {
        ctx.addIssue({
          code: 'custom',
          path: pathArray(p.path),
          message: p.code,
          params: { code: p.code, params: p.params },
          continue: true,
        });
      }
    },
    { when: () => true },
  );
}

/** The document schema on the real clock (for surfaces that have no clock of their own to inject). */
export const filingSchema = createFilingSchema(() => new Date());

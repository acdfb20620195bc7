/**
 * Builders for catalog fields: each kind knows how to turn what the applicant gave into the
 * canonical value, and which single-value check the whole-document validation re-runs.
 */
import type {
  ChoiceOption,
  FieldContext,
  FieldDef,
  FieldKind,
  FieldProblem,
  FieldResult,
  SectionId,
} from '../catalog-types.ts';
import { type Division, matchDivision } from '../divisions/index.ts';
import { splitList } from '../validators/index.ts';

/** A single-value check: the canonical (normalised) value or the problems. */
export type ValueCheck = (value: string, ctx: FieldContext) => FieldResult<string>;

/** A catalog field plus what the document validation needs to re-check a stored value. */
export interface CatalogField extends FieldDef {
  /** Checks one value (each item of a list); absent for choice and division fields (zod and rules judge them). */
  check?: ValueCheck;
  /** For list fields of objects (pre-approvals): the property of each item that `check` judges. */
  itemKey?: string;
  /** Name in `filing:enums.<name>` of the enumeration a choice field draws from. */
  enumName?: string;
  /** `id` split on dots, computed once; `*` marks the website index. */
  segments: readonly string[];
}

interface Base {
  id: string;
  section: SectionId;
  required?: boolean;
  when?: (ctx: FieldContext) => boolean;
  derive?: FieldDef['derive'];
  suggest?: FieldDef['suggest'];
  help?: FieldDef['help'];
  onRequest?: boolean;
  photo?: FieldDef['photo'];
}

const ok = <T>(value: T): FieldResult<T> => ({ ok: true, value });
const fail = (problems: FieldProblem[]): FieldResult => ({ ok: false, problems });
const REQUIRED: FieldProblem[] = [{ code: 'required' }];

function first(input: string | string[]): string {
  return (Array.isArray(input) ? input.join('\n') : input).trim();
}

function finish(
  base: Base,
  kind: FieldKind,
  rest: Partial<CatalogField> & Pick<FieldDef, 'parse'>,
): CatalogField {
  return { required: true, ...base, kind, segments: base.id.split('.'), ...rest } as CatalogField;
}

/** Free text, optionally judged by a validator; `maxLength` guards against pasted essays. */
export function textField(base: Base, check?: ValueCheck, maxLength = 200): CatalogField {
  const lengthChecked: ValueCheck = (value, ctx) => {
    if (value.length > maxLength)
      return fail([{ code: 'text.too_long', params: { max: maxLength } }]) as never;
    return check ? check(value, ctx) : ok(value);
  };
  return finish(base, 'text', {
    check: lengthChecked,
    parse(input, ctx) {
      const value = first(input);
      if (value === '') return base.required === false ? ok('') : fail(REQUIRED);
      return lengthChecked(value, ctx);
    },
  });
}

/** A date or the long-term marker (ID validity). */
export function dateField(base: Base, check: ValueCheck): CatalogField {
  return finish(base, 'date', {
    check,
    parse(input, ctx) {
      const value = first(input);
      return value === '' ? fail(REQUIRED) : check(value, ctx);
    },
  });
}

function optionProblem(
  value: string,
  options: ChoiceOption[],
  allValues: ReadonlySet<string>,
  unavailable: string,
): FieldProblem | undefined {
  if (options.some((o) => o.value === value)) return undefined;
  if (allValues.has(value)) return { code: unavailable, params: { value } };
  // The example is one this question accepts, not a fixed word that may belong to another field.
  const example = options[0]?.value ?? [...allValues][0] ?? '';
  return { code: 'choice.invalid', params: { value, example } };
}

interface ChoiceSpec {
  enumName: string;
  all: readonly string[];
  options: (ctx: FieldContext) => ChoiceOption[];
  /** Code when the value exists in the enumeration but is not offered here (e.g. a document type not for this nature). */
  unavailableCode?: string;
}

/** Picks one option; the answer is the option value (buttons), matched case-insensitively when typed. */
export function choiceField(
  base: Base,
  spec: ChoiceSpec,
  store?: (value: string, ctx: FieldContext) => unknown,
) {
  const allValues = new Set(spec.all);
  return finish(base, 'choice', {
    enumName: spec.enumName,
    options: spec.options,
    parse(input, ctx) {
      const value = first(input).toLowerCase();
      if (value === '') return fail(REQUIRED);
      const problem = optionProblem(
        value,
        spec.options(ctx),
        allValues,
        spec.unavailableCode ?? 'choice.invalid',
      );
      if (problem) return fail([problem]);
      return ok(store ? store(value, ctx) : value);
    },
  });
}

/** Picks one or more options; stored as an array in option order, without duplicates. */
export function multiChoiceField(base: Base, spec: ChoiceSpec): CatalogField {
  const allValues = new Set(spec.all);
  return finish(base, 'multi_choice', {
    enumName: spec.enumName,
    options: spec.options,
    parse(input, ctx) {
      const picked = new Set(
        (Array.isArray(input) ? input : splitList(input)).map((v) => v.trim().toLowerCase()),
      );
      picked.delete('');
      if (picked.size === 0) return base.required === false ? ok([]) : fail(REQUIRED);
      const options = spec.options(ctx);
      const problems: FieldProblem[] = [];
      for (const value of picked) {
        const problem = optionProblem(value, options, allValues, spec.unavailableCode ?? 'choice.invalid');
        if (problem) problems.push(problem);
      }
      if (problems.length > 0) return fail(problems);
      return ok(options.map((o) => o.value).filter((v) => picked.has(v)));
    },
  });
}

/** Several values typed in one message (`;` `；` `,` `，` or new lines), each judged by `check`. */
export function listField(base: Base, check: ValueCheck): CatalogField {
  return finish(base, 'list', {
    check,
    parse(input, ctx) {
      const items = Array.isArray(input)
        ? input.map((v) => v.trim()).filter((v) => v !== '')
        : splitList(input);
      if (items.length === 0) return base.required === false ? ok([]) : fail(REQUIRED);
      const values: string[] = [];
      const problems: FieldProblem[] = [];
      for (const item of items) {
        const result = check(item, ctx);
        if (!result.ok) {
          for (const p of result.problems) problems.push({ ...p, params: { ...p.params, item } });
        } else if (values.includes(result.value)) {
          problems.push({ code: 'list.duplicate', params: { item } });
        } else values.push(result.value);
      }
      return problems.length > 0 ? fail(problems) : ok(values);
    },
  });
}

const optionCache = new WeakMap<readonly Division[], ChoiceOption[]>();

/** Division names come from data, not locales: zh name plus the English/pinyin form. */
export function divisionOptions(divisions: readonly Division[]): ChoiceOption[] {
  let options = optionCache.get(divisions);
  if (!options) {
    options = divisions.map((d) => ({ value: d.code, label: { zh: d.nameZh, en: d.nameEn } }));
    optionCache.set(divisions, options);
  }
  return options;
}

/** A GB/T 2260 division chosen among `candidates` by code or by name (中文, pinyin, prefix). */
export function divisionField(
  base: Base,
  candidates: (ctx: FieldContext) => readonly Division[],
): CatalogField {
  return finish(base, 'division', {
    // A level with one choice (上海 → 市辖区) is that choice: nothing to ask.
    derive: (ctx) => {
      const list = candidates(ctx);
      return list.length === 1 ? list[0]!.code : undefined;
    },
    options: (ctx) => divisionOptions(candidates(ctx)),
    parse(input, ctx) {
      const value = first(input);
      if (value === '') return fail(REQUIRED);
      const list = candidates(ctx);
      const exact = list.find((d) => d.code === value);
      if (exact) return ok(exact.code);
      const found = matchDivision(value, [...list]);
      if (found.length === 1) return ok(found[0]!.code);
      if (found.length === 0) return fail([{ code: 'division.not_found', params: { value } }]);
      return fail([
        {
          code: 'division.ambiguous',
          params: { value, choices: found.map((d) => `${d.nameZh} (${d.code})`).join(', ') },
        },
      ]);
    },
  });
}

import type { FieldProblem, FieldResult } from '../catalog-types.ts';

export function ok<T>(value: T): FieldResult<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: string, params?: FieldProblem['params']): FieldResult<T> {
  return { ok: false, problems: [params ? { code, params } : { code }] };
}

/** Full-width letters/digits (ＡＢ１２) become ASCII, blanks go: what applicants paste from Word or a phone IME. */
export function compact(value: string): string {
  return value
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]+/g, '');
}

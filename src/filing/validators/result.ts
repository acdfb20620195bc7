import type { FieldProblem, FieldResult } from '../catalog-types.ts';

export function ok<T>(value: T): FieldResult<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: string, params?: FieldProblem['params']): FieldResult<T> {
  return { ok: false, problems: [params ? { code, params } : { code }] };
}

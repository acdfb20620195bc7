/**
 * A yes/no answer to "does zod accept this document's shape?", compiled once from the zod schema
 * itself (./structure.ts stays the only description of the shape). Asking zod costs tens of
 * microseconds per document because it builds a parsed copy and issue lists; a valid document
 * needs neither, so validation asks this predicate first and lets zod explain only a wrong shape.
 *
 * Only the schema kinds the filing structure uses are compiled, with zod's own semantics
 * (`for…in` for unknown keys, `in` for presence, optional = absent or undefined); anything else
 * makes `compileShapeCheck` answer `undefined`, and callers then use zod for every document.
 */
import type { z } from 'zod';

export type ShapeCheck = (value: unknown) => boolean;

type Def = {
  type: string;
  checks?: readonly { _zod: { def: { check: string; minimum?: number; maximum?: number } } }[];
  coerce?: boolean;
  shape?: Record<string, z.core.$ZodType>;
  catchall?: z.core.$ZodType;
  innerType?: z.core.$ZodType;
  element?: z.core.$ZodType;
  options?: readonly z.core.$ZodType[];
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function compileObject(def: Def): ShapeCheck | undefined {
  const strict = def.catchall !== undefined;
  if (strict && (def.catchall!._zod.def as Def).type !== 'never') return undefined;
  const entries: [string, ShapeCheck, boolean][] = [];
  for (const [key, schema] of Object.entries(def.shape ?? {})) {
    const check = compile(schema);
    if (!check) return undefined;
    const optional = (schema._zod.def as Def).type === 'optional';
    entries.push([key, check, optional]);
  }
  const known = new Set(entries.map(([key]) => key));
  return (value) => {
    if (!isObject(value)) return false;
    for (const [key, check, optional] of entries) {
      if (optional) {
        if (!check(value[key])) return false;
      } else if (!(key in value) || !check(value[key])) return false;
    }
    if (strict) for (const key in value) if (!known.has(key)) return false;
    return true;
  };
}

function compileArray(def: Def): ShapeCheck | undefined {
  let min = 0;
  let max = Number.POSITIVE_INFINITY;
  for (const c of def.checks ?? []) {
    const { check, minimum, maximum } = c._zod.def;
    if (check === 'min_length' && minimum !== undefined) min = Math.max(min, minimum);
    else if (check === 'max_length' && maximum !== undefined) max = Math.min(max, maximum);
    else return undefined;
  }
  const element = def.element && compile(def.element);
  if (!element) return undefined;
  return (value) => {
    if (!Array.isArray(value) || value.length < min || value.length > max) return false;
    for (let i = 0; i < value.length; i++) if (!element(value[i])) return false;
    return true;
  };
}

function compile(schema: z.core.$ZodType): ShapeCheck | undefined {
  const def = schema._zod.def as Def;
  if (def.type !== 'array' && def.checks !== undefined && def.checks.length > 0) return undefined;
  switch (def.type) {
    case 'string':
      return def.coerce ? undefined : (v) => typeof v === 'string';
    case 'enum':
    case 'literal': {
      const values = schema._zod.values;
      return values ? (v) => values.has(v as never) : undefined;
    }
    case 'optional': {
      const inner = def.innerType && compile(def.innerType);
      if (!inner || def.innerType!._zod.optin === 'defaulted') return undefined;
      return (v) => v === undefined || inner(v);
    }
    case 'array':
      return compileArray(def);
    case 'object':
      return compileObject(def);
    case 'union': {
      const options = (def.options ?? []).map(compile);
      if (options.length === 0 || options.some((o) => o === undefined)) return undefined;
      const checks = options as ShapeCheck[];
      return (v) => checks.some((check) => check(v));
    }
    default:
      return undefined;
  }
}

/** The predicate "zod's parse of `schema` succeeds", or undefined when the schema uses kinds not compiled here. */
export function compileShapeCheck(schema: z.core.$ZodType): ShapeCheck | undefined {
  return compile(schema);
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileShapeCheck } from '../../../src/filing/schema/shape-check.ts';
import { filingStructure } from '../../../src/filing/schema.ts';
import { validateFiling, validateFilingThroughZod } from '../../../src/filing/validate-filing.ts';
import { type Doc, example, NOW } from '../helpers.ts';

type Key = string | number;

/** Every place in a document (the root too), as key paths. */
function places(node: unknown, at: Key[] = [], out: Key[][] = []): Key[][] {
  out.push(at);
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) places(node[i], [...at, i], out);
  } else if (node !== null && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) places(v, [...at, k], out);
  return out;
}

function nodeAt(doc: Doc, path: Key[]): Doc {
  return path.reduce((n, k) => n?.[k], doc);
}

const strings = [
  '',
  'x',
  'EXAMPLE.cn',
  '10.0.0.1',
  '42.159.10.20',
  '2400:da00::6666',
  '350102198801010002',
  'same_as_sponsor_principal',
  'enterprise',
  'individual',
  'resident_id',
  'business_license',
  'cloud',
  'blog',
  'online_video',
  'zh_hans',
  'long_term',
  '2020-01-01',
  '310000',
  '999999',
];
const others = [
  1,
  null,
  undefined,
  true,
  [],
  {},
  ['x'],
  [1],
  { name: 'x' },
  { type: 'news', licenceNumber: '1' },
];
const replacement = fc.oneof(fc.constantFrom(...strings), fc.constantFrom(...others));

const edit = fc.record({ pick: fc.nat(), op: fc.integer({ min: 0, max: 4 }), value: replacement });

/** Applies random edits: delete, replace, replace a string by a string, add an unknown key, empty. */
function mutate(doc: Doc, edits: { pick: number; op: number; value: unknown }[]): Doc {
  for (const { pick, op, value } of edits) {
    const all = places(doc);
    const path = all[pick % all.length]!;
    const parent = path.length > 0 ? nodeAt(doc, path.slice(0, -1)) : undefined;
    const key = path[path.length - 1];
    const node = nodeAt(doc, path);
    const copy = structuredClone(value);
    if (op === 0 && parent !== undefined) {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key!];
    } else if (op === 1 && parent !== undefined) parent[key!] = copy;
    else if (op === 2 && parent !== undefined && typeof node === 'string')
      parent[key!] = typeof value === 'string' ? value : `${node}x`;
    else if (op === 3 && node !== null && typeof node === 'object') {
      if (Array.isArray(node)) node.push(copy);
      else node.extra = copy;
    } else if (op === 4 && node !== null && typeof node === 'object') {
      if (Array.isArray(node)) node.length = 0;
      else for (const k of Object.keys(node)) delete node[k];
    }
  }
  return doc;
}

const documents = fc
  .tuple(
    fc.constantFrom('enterprise-two-websites', 'individual') as fc.Arbitrary<'individual'>,
    fc.array(edit, { maxLength: 3 }),
  )
  .map(([name, edits]) => mutate(example(name), edits));

describe('compileShapeCheck', () => {
  const shapeIsValid = compileShapeCheck(filingStructure)!;

  it('compiles the filing structure', () => {
    expect(shapeIsValid).toBeTypeOf('function');
    expect(shapeIsValid(example('individual'))).toBe(true);
    expect(shapeIsValid(example('enterprise-two-websites'))).toBe(true);
  });

  it('answers undefined for schema kinds it does not know, so zod decides', () => {
    expect(compileShapeCheck(z.number())).toBeUndefined();
    expect(compileShapeCheck(z.object({ a: z.string().min(2) }))).toBeUndefined();
    expect(compileShapeCheck(z.looseObject({ a: z.string() }))).toBeUndefined();
  });

  it('agrees with zod on generated broken documents', () => {
    fc.assert(
      fc.property(documents, (doc) => {
        expect(shapeIsValid(doc)).toBe(filingStructure.safeParse(doc).success);
      }),
      { numRuns: 1500 },
    );
  });

  it('follows zod on the edge cases of presence and unknown keys', () => {
    const schema = z.strictObject({ a: z.string(), b: z.string().optional(), c: z.array(z.string()).min(2) });
    const check = compileShapeCheck(schema)!;
    const inherited = Object.assign(Object.create({ x: 'inherited' }), { a: 'a', c: ['1', '2'] });
    const withoutA = Object.assign(Object.create({ a: 'from prototype' }), { c: ['1', '2'] });
    for (const value of [
      { a: 'a', c: ['1', '2'] },
      { a: 'a', b: undefined, c: ['1', '2'] },
      { a: undefined, c: ['1', '2'] },
      { c: ['1', '2'] },
      { a: 'a', c: ['1'] },
      { a: 'a', c: ['1', 2] },
      // biome-ignore lint/suspicious/noSparseArray: a hole is read as undefined
      { a: 'a', c: ['1', , '3'] },
      inherited,
      withoutA,
      null,
      [],
      'a',
    ]) {
      expect(check(value)).toBe(schema.safeParse(value).success);
    }
  });
});

describe('validateFiling', () => {
  it('gives the same problems as the zod route on generated documents', () => {
    fc.assert(
      fc.property(documents, (doc) => {
        expect(validateFiling(doc, { now: NOW })).toEqual(validateFilingThroughZod(doc, { now: NOW }));
      }),
      { numRuns: 600 },
    );
  });
});

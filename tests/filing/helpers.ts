import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DraftFiling } from '../../src/filing/catalog-types.ts';

/** The clock every filing test runs on: IDs in the examples are valid until 2036+. */
export const NOW = new Date('2026-11-28T04:00:00Z');

export const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples');

export function example(name: 'individual' | 'enterprise-two-websites'): DraftFiling {
  return JSON.parse(readFileSync(join(EXAMPLES, `${name}.json`), 'utf8')) as DraftFiling;
}

/** A mutable deep view for editing test documents. */
// biome-ignore lint/suspicious/noExplicitAny: test documents are edited freely to break them
export type Doc = any;

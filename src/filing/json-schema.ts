/**
 * JSON Schema of the filing document, generated from the same zod schema `icp check` uses. Only the
 * shape exports (keys, types, enumerations); checksums and cross-field rules stay in the code.
 */
import { z } from 'zod';
import { filingSchema } from './schema.ts';

export function filingJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(filingSchema),
    title: 'ICP filing document',
    description: 'Canonical ICP filing (filing-format.md). Checksums and cross-field rules: run `icp check`.',
  };
}

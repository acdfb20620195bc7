/** `icp schema`: prints the JSON Schema of the filing document (generated from the zod schema). */
import { filingJsonSchema } from '../filing/json-schema.ts';

export async function run(_args: string[]): Promise<number> {
  process.stdout.write(`${JSON.stringify(filingJsonSchema(), null, 2)}\n`);
  return 0;
}

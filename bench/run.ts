/**
 * `npm run bench`: runs every `bench/*.bench.ts` (or the ones named on the command line) one after
 * the other and lets each print its own figures. Benchmarks print; they never assert.
 */
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();

for (const file of files) {
  console.log(`\n## ${file}`);
  const mod = (await import(pathToFileURL(`${here}/${file}`).href)) as { default: () => Promise<void> };
  await mod.default();
}

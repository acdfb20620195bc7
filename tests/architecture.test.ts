import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles } from './support/import-cycles.ts';

/**
 * The rule of the house (DESIGN.md): the filing model, the conversation engine and the review
 * workflow decide; they import no channel, database, storage, mail or file-system code, so they
 * run and are tested with nothing around them.
 */
const SRC = resolve(import.meta.dirname, '../src');
const CORE = ['filing', 'conversation', 'review'];
/** Pure parts of newer folders (DESIGN.md): they may import the core and each other, nothing else. */
const PURE_PARTS = ['privacy/rules'];
const FORBIDDEN_PACKAGES =
  /^(telegraf|@slack\/|@prisma\/|prisma|@aws-sdk\/|pg$|@electric-sql\/|sharp|file-type|nodemailer|pino|node:(fs|http|https|net|child_process|fs\/promises))/;

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(source: string): { spec: string; typeOnly: boolean }[] {
  const found: { spec: string; typeOnly: boolean }[] = [];
  for (const match of source.matchAll(/^(import|export)\s+(type\s+)?[^;]*?from\s+'([^']+)'/gms)) {
    found.push({ spec: match[3]!, typeOnly: Boolean(match[2]) });
  }
  return found;
}

describe('pure core', () => {
  const files = CORE.flatMap((folder) => tsFiles(join(SRC, folder)));

  it('finds the core files', () => {
    expect(files.length).toBeGreaterThan(40);
  });

  it.each(files.map((f) => [relative(SRC, f), f]))('%s imports nothing with side effects', (_name, file) => {
    const problems: string[] = [];
    for (const { spec, typeOnly } of importsOf(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) {
        if (FORBIDDEN_PACKAGES.test(spec)) problems.push(spec);
        continue;
      }
      const target = relative(SRC, resolve(dirname(file), spec));
      if (target.startsWith('..')) continue; // locale data (JSON) outside src
      const folder = target.split('/')[0]!;
      // src/i18n/index.ts reads the locale files: the core may use its types only.
      if (target === 'i18n/index.ts' && typeOnly) continue;
      if (!CORE.includes(folder)) problems.push(spec);
    }
    expect(problems).toEqual([]);
  });
});

describe('pure parts of newer folders', () => {
  const files = PURE_PARTS.flatMap((folder) => tsFiles(join(SRC, folder)));

  it('finds them', () => {
    expect(files.length).toBeGreaterThan(3);
  });

  it.each(files.map((f) => [relative(SRC, f), f]))('%s imports nothing with side effects', (_name, file) => {
    const problems: string[] = [];
    for (const { spec, typeOnly } of importsOf(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) {
        if (FORBIDDEN_PACKAGES.test(spec)) problems.push(spec);
        continue;
      }
      const target = relative(SRC, resolve(dirname(file), spec));
      if (target === 'i18n/index.ts' && typeOnly) continue;
      const pure =
        CORE.includes(target.split('/')[0]!) || PURE_PARTS.some((part) => target.startsWith(`${part}/`));
      if (!pure) problems.push(spec);
    }
    expect(problems).toEqual([]);
  });
});

describe('import graph', () => {
  // A cycle (even through `import type`) ties modules that should layer: one cannot be read,
  // tested or moved without the other, and a runtime cycle can see the other half uninitialised.
  it('has no cycle among the files of src (the generated Prisma client aside)', () => {
    expect(importCycles(SRC, ['db/generated'])).toEqual([]);
  });

  it('would see one: the finder does find the cycle inside the generated client', () => {
    expect(importCycles(SRC).some((cycle) => cycle.every((file) => file.startsWith('db/generated/')))).toBe(
      true,
    );
  });
});

/**
 * Import cycles among the TypeScript files of a folder, over relative static imports (type-only
 * imports included: a type cycle still ties two modules together and tends to become a runtime
 * one with the next edit). Dynamic `import()` is left out on purpose: it is how the CLI loads its
 * commands lazily. Generated code (the Prisma client under db/generated) is not ours to reshape,
 * so callers skip it.
 *
 *   npx tsx tests/support/import-cycles.ts src db/generated
 *     prints each cycle under src (db/generated left out), exits 1 if there is one
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

function tsFiles(dir: string, skip: ReadonlySet<string>): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (skip.has(path)) return [];
    if (statSync(path).isDirectory()) return tsFiles(path, skip);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** `import … from '…'`, `import type …`, `export … from '…'` and bare `import '…'`. */
const STATIC_IMPORT = /^\s*(?:import|export)\s+(?:[^;'"]*?\s+from\s+)?['"]([^'"]+)['"]/gm;

function relativeImports(file: string): string[] {
  const targets: string[] = [];
  for (const match of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
    const spec = match[1]!;
    if (!spec.startsWith('.')) continue;
    const target = resolveSpecifier(resolve(dirname(file), spec));
    if (target) targets.push(target);
  }
  return targets;
}

/** The project imports `.ts` paths; `.js` spellings and folder imports are accepted too. */
function resolveSpecifier(path: string): string | undefined {
  const candidates = [path, path.replace(/\.js$/, '.ts'), `${path}.ts`, join(path, 'index.ts')];
  return candidates.find((candidate) => candidate.endsWith('.ts') && existsSync(candidate));
}

/**
 * Tarjan's strongly connected components; every component with more than one file (or a file
 * importing itself) is a cycle. Each is returned as paths relative to `root`, sorted. `skip`: folders
 * (relative to `root`) left out, with the imports into them.
 */
export function importCycles(root: string, skip: readonly string[] = []): string[][] {
  const files = tsFiles(root, new Set(skip.map((folder) => join(root, folder))));
  const known = new Set(files);
  const edges = new Map(files.map((file) => [file, relativeImports(file).filter((t) => known.has(t))]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;

  const visit = (file: string): void => {
    index.set(file, next);
    low.set(file, next);
    next += 1;
    stack.push(file);
    onStack.add(file);
    for (const target of edges.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file)!, index.get(target)!));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || edges.get(file)?.includes(file)) {
      cycles.push(component.map((path) => relative(root, path)).sort());
    }
  };

  for (const file of files) if (!index.has(file)) visit(file);
  return cycles;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const root = resolve(process.argv[2] ?? 'src');
  const cycles = importCycles(root, process.argv.slice(3));
  for (const cycle of cycles) console.log(cycle.join(' <-> '));
  console.log(`${cycles.length} import cycle(s) under ${relative(process.cwd(), root) || '.'}`);
  process.exitCode = cycles.length > 0 ? 1 : 0;
}

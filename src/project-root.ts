/**
 * The checkout's root folder: the nearest folder above this module holding package.json. Found
 * by looking rather than by a fixed `..`, because this module runs from the sources (src/) and
 * from the prebuilt bundle (dist/app/, see scripts/build.ts) alike, at different depths; a path
 * relative to a module's own `import.meta.url` breaks when bundling moves the module.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The nearest folder at or above `from` holding a package.json (a package's root). */
export function findRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

/** A path inside the checkout, e.g. `projectPath('prisma', 'migrations')`. */
export function projectPath(...parts: string[]): string {
  return join(PROJECT_ROOT, ...parts);
}

/** A TypeScript source as a URL, for a worker thread (workers run the sources, see worker-client.ts). */
export function sourceUrl(pathInSrc: string): URL {
  return pathToFileURL(join(PROJECT_ROOT, 'src', pathInSrc));
}

/**
 * What the app imports must be installed by `npm ci --omit=dev` (the container, any production
 * install): a package the lock marks as dev-only is missing there, and the import fails only when
 * that code first runs (it happened: unpdf, needed to read every upload, was dev-only).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

function sourceFiles(folder: string): string[] {
  return readdirSync(join(REPO, folder), { recursive: true })
    .map(String)
    .filter((name) => /\.(ts|js)$/.test(name))
    .map((name) => join(REPO, folder, name));
}

/** The packages a file loads at run time: value imports and dynamic imports, not `import type`. */
function packagesImported(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [
    ...text.matchAll(/^import (?!type )[^;]*?from '([^']+)'/gms),
    ...text.matchAll(/^export (?!type )[^;]*?from '([^']+)'/gms),
    ...text.matchAll(/import\('([^']+)'\)/g),
  ].map((match) => match[1]!);
  return specifiers
    .filter((spec) => !spec.startsWith('.') && !spec.startsWith('node:'))
    .map((spec) =>
      spec
        .split('/')
        .slice(0, spec.startsWith('@') ? 2 : 1)
        .join('/'),
    );
}

describe('production dependencies', () => {
  const lock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean }>;
  };

  it('cover every package the app loads (src/, bin/)', () => {
    const files = [...sourceFiles('src'), ...sourceFiles('bin')].filter(
      (file) => !file.includes('/generated/'),
    );
    const missing = new Set<string>();
    for (const file of files) {
      for (const name of packagesImported(file)) {
        const entry = lock.packages[`node_modules/${name}`];
        if (!entry || entry.dev) missing.add(`${name} (${file.slice(REPO.length)})`);
      }
    }
    expect([...missing]).toEqual([]);
  });

  it('sees the imports it checks (a scan that finds nothing would pass anything)', () => {
    const seen = new Set(sourceFiles('src').flatMap(packagesImported));
    for (const name of ['unpdf', 'zod', '@electric-sql/pglite', 'telegraf', '@slack/bolt']) {
      expect(seen).toContain(name);
    }
    expect(packagesImported(join(REPO, 'bin', 'icp.js'))).toContain('tsx');
  });
});

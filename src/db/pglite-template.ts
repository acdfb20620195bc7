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
import {
  chmodSync,
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { findRoot, projectPath } from '../project-root.ts';
import { defaultMigrationsDir } from './migrations-folder.ts';

export const PGLITE_TEMPLATE_DIR = projectPath('dist', 'pglite-template');

/** What a template was made from: PGlite's version and every migration's name and SQL. */
function templateStamp(migrationsDir: string = defaultMigrationsDir): string {
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
  const dir = findRoot(dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')));
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

const stampFile = (templateDir: string) => `${templateDir}.stamp`;

/**
 * Fills `pgliteDir` (not there yet) from the template when it matches this checkout; false when
 * there is none to use, or when it cannot be copied (another user's files, a full disk): the
 * caller then creates the cluster itself, so a bad template costs time, never the start. The copy
 * goes to a sibling first and is renamed into place, so a start killed mid-copy leaves no half
 * cluster that a later start would take for a database.
 */
export function seedFromTemplate(
  pgliteDir: string,
  migrationsDir: string = defaultMigrationsDir,
  templateDir: string = PGLITE_TEMPLATE_DIR,
): boolean {
  if (existsSync(pgliteDir) || !existsSync(stampFile(templateDir))) return false;
  if (readFileSync(stampFile(templateDir), 'utf8').trim() !== templateStamp(migrationsDir)) return false;
  const partial = `${pgliteDir}.seeding`;
  try {
    // Left by a start killed mid-copy (the data-folder lock is held, so no one else is copying).
    rmSync(partial, { recursive: true, force: true });
    cpSync(templateDir, partial, { recursive: true });
    // The template is readable by all (any user may start from it); the copy holds personal
    // data from now on, so it becomes its owner's alone, as a cluster PGlite creates is.
    setModes(partial, 0o700, 0o600);
    renameSync(partial, pgliteDir);
    return true;
  } catch {
    rmSync(partial, { recursive: true, force: true });
    return false;
  }
}

/** chmod of a whole tree: `dirMode` on folders, `fileMode` on files. */
function setModes(root: string, dirMode: number, fileMode: number): void {
  chmodSync(root, dirMode);
  for (const name of readdirSync(root, { recursive: true })) {
    const path = join(root, String(name));
    chmodSync(path, statSync(path).isDirectory() ? dirMode : fileMode);
  }
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
  // PGlite leaves some files owner-only; the template holds no data, and whoever starts the app
  // (another user than the one who installed it, `node` in the container) must be able to copy it.
  setModes(templateDir, 0o755, 0o644);
  // The stamp last: a template without one is never used.
  writeFileSync(stampFile(templateDir), `${templateStamp(migrationsDir)}\n`);
}

import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MigrationList } from '@prisma/schema-engine-wasm/schema_engine_bg';
import { projectPath } from '../project-root.ts';

/** prisma/migrations of this checkout, wherever the process was started from. */
export const defaultMigrationsDir = projectPath('prisma', 'migrations');

export const schemaPath = projectPath('prisma', 'schema.prisma');

const lockfileName = 'migration_lock.toml';

/** The migrations folder in the shape the schema engine expects (the CLI's own layout). */
export function readMigrationsList(dir: string = defaultMigrationsDir): MigrationList {
  mkdirSync(dir, { recursive: true });
  const lockPath = join(dir, lockfileName);
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return {
    baseDir: dir,
    lockfile: { path: lockfileName, content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: names.map((name) => {
      const file = join(dir, name, 'migration.sql');
      return {
        path: name,
        migrationFile: {
          path: 'migration.sql',
          content: existsSync(file)
            ? { tag: 'ok', value: readFileSync(file, 'utf8') }
            : { tag: 'error', value: `${name}/migration.sql is missing` },
        },
      };
    }),
  };
}

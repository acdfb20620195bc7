import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { defaultMigrationsDir, readMigrationsList } from './migrations-folder.ts';
import { openSchemaEngine } from './schema-engine.ts';

/**
 * Applies the migrations not yet recorded in `_prisma_migrations`, the way `prisma migrate
 * deploy` does (same engine, same table), on PGlite and PostgreSQL alike. Returns their names.
 */
export async function applyMigrations(
  factory: SqlMigrationAwareDriverAdapterFactory,
  migrationsDir: string = defaultMigrationsDir,
): Promise<string[]> {
  const engine = await openSchemaEngine(factory);
  try {
    const result = await engine.applyMigrations({
      migrationsList: readMigrationsList(migrationsDir),
      filters: { externalTables: [], externalEnums: [] },
    });
    return result.appliedMigrationNames;
  } finally {
    engine.free();
  }
}

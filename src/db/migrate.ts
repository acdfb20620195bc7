import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { type MigrationSession, migrateDirectly } from './direct-migrations.ts';
import { defaultMigrationsDir, readMigrationsList } from './migrations-folder.ts';

/**
 * Applies the migrations not yet recorded in `_prisma_migrations`, the way `prisma migrate
 * deploy` does (same engine, same table), on PGlite and PostgreSQL alike. Returns their names.
 */
export async function applyMigrations(
  factory: SqlMigrationAwareDriverAdapterFactory,
  migrationsDir: string = defaultMigrationsDir,
  /** The same database as plain SQL: up to date or fresh is then settled without the engine. */
  direct?: MigrationSession,
): Promise<string[]> {
  if (direct) {
    const result = await migrateDirectly(direct, migrationsDir);
    if (result.done) return result.applied;
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await applyOnce(factory, migrationsDir);
    } catch (error) {
      // Instances (or test files) starting together queue on Prisma's migration advisory lock,
      // which the engine gives up on after 10 s; the one holding it finishes, so wait our turn.
      if (attempt >= MAX_LOCK_ATTEMPTS || !isAdvisoryLockTimeout(error)) throw error;
    }
  }
}

const MAX_LOCK_ATTEMPTS = 6;

function isAdvisoryLockTimeout(error: unknown): boolean {
  return error instanceof Error && /advisory lock/i.test(error.message);
}

async function applyOnce(factory: SqlMigrationAwareDriverAdapterFactory, migrationsDir: string) {
  // The engine (WebAssembly) is loaded only when the plain-SQL path cannot settle the migrations.
  const { openSchemaEngine } = await import('./schema-engine.ts');
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

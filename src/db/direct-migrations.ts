/**
 * Fast path around the schema engine. Starting Prisma's WASM schema engine costs seconds (10–20 s
 * on a busy machine) even when there is nothing to do, which made every `npm start` slow. Two cases
 * need no engine at all:
 *   - every migration of this build is already recorded in `_prisma_migrations`: nothing to do;
 *   - a fresh database (no `_prisma_migrations`, no tables in the schema): the migrations' SQL is
 *     run as it stands, in order, in one transaction, and recorded the way the engine records
 *     them (same table definition, sha256 checksum of the file, one applied step each), so
 *     `prisma migrate deploy` and our engine path later see them as applied.
 * Anything else (some pending on a used database, a failed or rolled-back row) goes to the engine,
 * which knows how to report and resume.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import type pg from 'pg';
import { readMigrationsList } from './migrations-folder.ts';

/** Plain SQL on the database being migrated (PGlite or one pg connection). */
export interface MigrationSession {
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Several statements in one go (simple query protocol). */
  exec(script: string): Promise<void>;
  transaction<T>(work: (session: MigrationSession) => Promise<T>): Promise<T>;
}

/** The key Prisma's engine takes (pg_advisory_lock(72707369)): the engine and this path exclude each other. */
const PRISMA_MIGRATION_LOCK = 72707369;

const MIGRATIONS_TABLE = `CREATE TABLE "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

interface Migration {
  name: string;
  script: string;
}

export type DirectResult = { done: true; applied: string[] } | { done: false };

export async function migrateDirectly(
  session: MigrationSession,
  migrationsDir?: string,
): Promise<DirectResult> {
  const migrations = readMigrations(migrationsDir);
  if (!migrations) return { done: false };
  const quick = await alreadyApplied(session, migrations);
  if (quick !== 'fresh') return quick ? { done: true, applied: [] } : { done: false };
  return session.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [PRISMA_MIGRATION_LOCK]);
    // Another instance may have migrated while we waited for the lock.
    const again = await alreadyApplied(tx, migrations);
    if (again !== 'fresh') return again ? { done: true, applied: [] } : { done: false };
    await tx.exec(MIGRATIONS_TABLE);
    for (const migration of migrations) {
      const [{ started } = { started: new Date() }] = await tx.query<{ started: Date }>(
        'SELECT clock_timestamp() AS started',
      );
      await tx.exec(migration.script);
      await tx.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
         VALUES ($1, $2, clock_timestamp(), $3, NULL, NULL, $4, 1)`,
        [randomUUID(), checksum(migration.script), migration.name, started],
      );
    }
    return { done: true, applied: migrations.map((m) => m.name) };
  });
}

/** The engine's checksum: sha256 of the file, hex. */
export function checksum(script: string): string {
  return createHash('sha256').update(script, 'utf8').digest('hex');
}

function readMigrations(dir?: string): Migration[] | undefined {
  const list = readMigrationsList(dir);
  const migrations: Migration[] = [];
  for (const entry of list.migrationDirectories) {
    const content = entry.migrationFile.content;
    if (content.tag !== 'ok') return undefined;
    migrations.push({ name: entry.path, script: content.value });
  }
  return migrations;
}

/** true: all recorded; false: the engine must look; 'fresh': an empty schema. */
async function alreadyApplied(
  session: MigrationSession,
  migrations: Migration[],
): Promise<boolean | 'fresh'> {
  const [table] = await session.query<{ exists: boolean }>(
    `SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS exists`,
  );
  if (!table?.exists) {
    const [tables] = await session.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = current_schema()`,
    );
    return (tables?.n ?? 0) === 0 ? 'fresh' : false;
  }
  const rows = await session.query<{ migration_name: string; checksum: string }>(
    `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  const recorded = new Map(rows.map((row) => [row.migration_name, row.checksum]));
  // An edited migration file is the engine's to report (it warns on a changed checksum).
  return migrations.every((m) => recorded.get(m.name) === checksum(m.script));
}

export function pgliteMigrationSession(db: PGlite | Transaction): MigrationSession {
  return {
    query: async <T>(sql: string, params?: unknown[]) => (await db.query<T>(sql, params)).rows,
    exec: async (script) => {
      await db.exec(script);
    },
    transaction: (work) =>
      'transaction' in db
        ? db.transaction((tx) => work(pgliteMigrationSession(tx)))
        : work(pgliteMigrationSession(db)),
  };
}

export function poolMigrationSession(pool: pg.Pool): MigrationSession {
  const onClient = (client: pg.PoolClient | pg.Pool): MigrationSession => ({
    query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
    exec: async (script) => {
      await client.query(script);
    },
    transaction: async (work) => {
      const conn = await pool.connect();
      try {
        await conn.query('BEGIN');
        const result = await work(onClient(conn));
        await conn.query('COMMIT');
        return result;
      } catch (error) {
        await conn.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        conn.release();
      }
    },
  });
  return onClient(pool);
}

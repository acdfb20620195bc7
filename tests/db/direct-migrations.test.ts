/**
 * The schema engine's fast path: on a fresh database the migrations' SQL is run directly and
 * recorded exactly as the engine records it, so the result is the same schema and the engine
 * (hence `prisma migrate deploy`) finds nothing left to apply; an up-to-date database is seen as
 * such without the engine; anything else is left to the engine.
 */
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { afterAll, describe, expect, it } from 'vitest';
import {
  checksum,
  migrateDirectly,
  pgliteMigrationSession,
  poolMigrationSession,
} from '../../src/db/direct-migrations.ts';
import { applyMigrations } from '../../src/db/migrate.ts';
import { readMigrationsList } from '../../src/db/migrations-folder.ts';

const names = readMigrationsList().migrationDirectories.map((d) => d.path);

const SCHEMA_SQL = `
  SELECT 'column' AS kind, table_name || '.' || column_name || ':' || data_type || ':' || is_nullable || ':' || coalesce(column_default, '') AS item
    FROM information_schema.columns WHERE table_schema = current_schema()
  UNION ALL SELECT 'index', indexname || ':' || indexdef FROM pg_indexes WHERE schemaname = current_schema()
  UNION ALL SELECT 'function', p.proname || ':' || md5(p.prosrc) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = current_schema()
  UNION ALL SELECT 'constraint', conname || ':' || pg_get_constraintdef(c.oid) FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = current_schema()
  ORDER BY 1, 2`;
const ROWS_SQL = `SELECT migration_name, checksum, logs, applied_steps_count, finished_at IS NOT NULL AS finished, rolled_back_at
  FROM _prisma_migrations ORDER BY migration_name`;

describe('on PGlite', () => {
  const direct = new PGlite();
  const engine = new PGlite();
  afterAll(async () => {
    await direct.close();
    await engine.close();
  });

  it('applies a fresh database directly, the same as the engine, and the engine then finds nothing to do', async () => {
    expect(await migrateDirectly(pgliteMigrationSession(direct))).toEqual({ done: true, applied: names });
    expect(await applyMigrations(new PrismaPGlite(engine))).toEqual(names);

    expect((await direct.query(SCHEMA_SQL)).rows).toEqual((await engine.query(SCHEMA_SQL)).rows);
    const rows = (await direct.query(ROWS_SQL)).rows;
    expect(rows).toEqual((await engine.query(ROWS_SQL)).rows);
    expect(rows).toHaveLength(names.length);

    expect(await applyMigrations(new PrismaPGlite(direct))).toEqual([]);
  }, 120_000);

  it('sees an up-to-date database without the engine, and leaves a partial or foreign one to it', async () => {
    const session = pgliteMigrationSession(direct);
    expect(await migrateDirectly(session)).toEqual({ done: true, applied: [] });
    await direct.query(`UPDATE _prisma_migrations SET checksum = $1 WHERE migration_name = $2`, [
      checksum('edited'),
      names.at(-1),
    ]);
    expect(await migrateDirectly(session)).toEqual({ done: false });
    await direct.query(`DELETE FROM _prisma_migrations WHERE migration_name = $1`, [names.at(-1)]);
    expect(await migrateDirectly(session)).toEqual({ done: false });

    const foreign = new PGlite();
    await foreign.exec('CREATE TABLE somebody_elses (id int)');
    expect(await migrateDirectly(pgliteMigrationSession(foreign))).toEqual({ done: false });
    await foreign.close();
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('on PostgreSQL (TEST_DATABASE_URL)', () => {
  const schema = `direct_${randomBytes(4).toString('hex')}`;
  const pool = new pg.Pool({
    connectionString: process.env.TEST_DATABASE_URL,
    options: `-c search_path=${schema}`,
  });
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  it('applies a fresh schema directly, two starters at once apply it once, and the engine finds nothing to do', async () => {
    await pool.query(`CREATE SCHEMA "${schema}"`);
    const [a, b] = await Promise.all([
      migrateDirectly(poolMigrationSession(pool)),
      migrateDirectly(poolMigrationSession(pool)),
    ]);
    expect([a, b]).toContainEqual({ done: true, applied: names });
    expect([a, b]).toContainEqual({ done: true, applied: [] });
    expect((await pool.query(ROWS_SQL)).rows).toHaveLength(names.length);
    expect(await applyMigrations(new PrismaPg(pool, { schema }))).toEqual([]);
  }, 120_000);
});

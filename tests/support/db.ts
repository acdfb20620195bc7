/**
 * Test databases for every part that persists. PGlite always; PostgreSQL too when
 * TEST_DATABASE_URL is set, each open in a schema of its own (dropped on close) so parallel test
 * files never meet. Opening PGlite and migrating is slow (seconds), so a migrated data folder is
 * dumped once per migrations version (under the OS temp folder) and every test database starts
 * from a copy of it.
 *
 *   describeEachBackend('filings', (db) => {
 *     it('...', async () => { const prisma = db().prisma; ... });
 *   });
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import type { Backend, Database } from '../../src/db/database.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { migrationsHash } from '../../src/db/pglite-template.ts';

/** A fixed test key (32 bytes, base64). */
export const TEST_PII_KEY = Buffer.alloc(32, 7).toString('base64');

export interface TestDatabase extends Database {
  /** Where this database keeps its key file and (PGlite on disk) its data. */
  dataDir: string;
  /** Opens the same database again after `close()` (a restart); PGlite needs `onDisk: true`. */
  reopen(): Promise<TestDatabase>;
}

export interface TestDatabaseOptions {
  /** PGlite in a folder instead of memory, so `reopen()` finds the data again. */
  onDisk?: boolean;
  piiKey?: string;
}

/** The backends this run covers: always 'pglite', plus 'postgres' when TEST_DATABASE_URL is set. */
export function testBackends(): Backend[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

let snapshot: Promise<Blob> | undefined;

/** A migrated, empty PGlite data folder as a tarball, built once and shared through the temp folder. */
function migratedSnapshot(): Promise<Blob> {
  snapshot ??= (async () => {
    const file = join(tmpdir(), `icp-test-pglite-${migrationsHash()}.tar`);
    if (!existsSync(file)) {
      const pglite = new PGlite();
      const dir = mkdtempSync(join(tmpdir(), 'icp-snap-'));
      const db = await openDatabase({ dataDir: dir, piiKey: TEST_PII_KEY, pglite });
      const dump = await pglite.dumpDataDir('none');
      await db.close();
      rmSync(dir, { recursive: true, force: true });
      const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
      writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
      renameSync(partial, file);
    }
    return new Blob([readFileSync(file)]);
  })();
  return snapshot;
}

async function openPglite(
  dataDir: string,
  options: TestDatabaseOptions,
  fresh: boolean,
): Promise<TestDatabase> {
  const piiKey = options.piiKey ?? TEST_PII_KEY;
  const dbDir = join(dataDir, 'pglite');
  const pglite = fresh
    ? new PGlite(options.onDisk ? dbDir : undefined, { loadDataDir: await migratedSnapshot() })
    : new PGlite(dbDir);
  const db = await openDatabase({ dataDir, piiKey, pglite });
  const close = db.close;
  return {
    ...db,
    dataDir,
    close: async () => {
      await close();
      if (!options.onDisk) rmSync(dataDir, { recursive: true, force: true });
    },
    reopen: () => openPglite(dataDir, options, false),
  };
}

async function openPostgres(
  dataDir: string,
  schema: string,
  options: TestDatabaseOptions,
): Promise<TestDatabase> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('TEST_DATABASE_URL is not set');
  const url = new URL(base);
  url.searchParams.set('schema', schema);
  const db = await openDatabase({
    databaseUrl: url.toString(),
    dataDir,
    piiKey: options.piiKey ?? TEST_PII_KEY,
  });
  const close = db.close;
  return {
    ...db,
    dataDir,
    // Data outlives close() so reopen() can find it; the schema goes when the test file ends.
    close,
    reopen: () => openPostgres(dataDir, schema, options),
  };
}

const schemasToDrop = new Set<string>();

/**
 * A fresh, migrated database on `backend`. Close it when done, and add `afterAll(dropTestSchemas)`
 * to the file so its PostgreSQL schemas go too (`describeEachBackend` does both).
 */
export async function openTestDatabase(
  backend: Backend,
  options: TestDatabaseOptions = {},
): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'icp-test-db-'));
  if (backend === 'pglite') return openPglite(dataDir, options, true);
  const schema = `test_${randomBytes(6).toString('hex')}`;
  schemasToDrop.add(schema);
  return openPostgres(dataDir, schema, options);
}

/** Drops the PostgreSQL schemas this process created (registered by `describeEachBackend`). */
export async function dropTestSchemas(): Promise<void> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base || schemasToDrop.size === 0) return;
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    for (const schema of schemasToDrop) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    schemasToDrop.clear();
  } finally {
    await client.end();
  }
}

/**
 * `describe` once per backend with one database shared by the block's tests (opened in
 * beforeAll, closed and dropped in afterAll). Tests should use their own chat ids / rows.
 */
export function describeEachBackend(
  name: string,
  fn: (db: () => TestDatabase, backend: Backend) => void,
  options: TestDatabaseOptions = {},
): void {
  for (const backend of testBackends()) {
    describe(`${name} [${backend}]`, () => {
      let db: TestDatabase | undefined;
      beforeAll(async () => {
        db = await openTestDatabase(backend, options);
      });
      afterAll(async () => {
        await db?.close();
        await dropTestSchemas();
      });
      fn(() => {
        if (!db) throw new Error('test database not open yet');
        return db;
      }, backend);
    });
  }
}

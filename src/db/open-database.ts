import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { createAddressKeyer } from '../account/address-key.ts';
import type { Config } from '../config.ts';
import { acquireDataFolderLock } from '../ops/data-folder-lock.ts';
import type { Database } from './database.ts';
import { pgliteMigrationSession, poolMigrationSession } from './direct-migrations.ts';
import { PrismaClient } from './generated/client.ts';
import { applyMigrations } from './migrate.ts';
import { seedFromTemplate } from './pglite-template.ts';
import { createPiiCipher } from './pii-cipher.ts';
import { loadPiiKeyring } from './pii-key.ts';

export interface OpenDatabaseOptions {
  /** PostgreSQL URL; unset = embedded PGlite under `<dataDir>/pglite`. `?schema=name` is honoured. */
  databaseUrl?: string | undefined;
  dataDir: string;
  /** PII_ENCRYPTION_KEY (base64); unset = key file under dataDir. */
  piiKey?: string | undefined;
  /** PII_ENCRYPTION_KEY_PREVIOUS: keys still readable during a rotation. */
  previousPiiKeys?: string | undefined;
  /** An embedded instance to use instead of `<dataDir>/pglite` (tests: in memory or a clone). */
  pglite?: PGlite;
  migrationsDir?: string;
  /** Told about the generated key file and applied migrations (no key material). */
  log?: (message: string, detail?: Record<string, unknown>) => void;
}

/** The settings that choose and unlock the database: every command opens it from these. */
type DatabaseConfig = Pick<
  Config,
  'DATABASE_URL' | 'DATA_DIR' | 'PII_ENCRYPTION_KEY' | 'PII_ENCRYPTION_KEY_PREVIOUS'
>;

/** openDatabase's options from the configuration. */
export function databaseOptions(
  config: DatabaseConfig,
  log?: OpenDatabaseOptions['log'],
): OpenDatabaseOptions {
  return {
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    piiKey: config.PII_ENCRYPTION_KEY,
    previousPiiKeys: config.PII_ENCRYPTION_KEY_PREVIOUS,
    ...(log ? { log } : {}),
  };
}

/** Opens the database, brings its schema up to date, and returns Prisma with the PII cipher. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const log = options.log ?? (() => {});
  const keyring = loadPiiKeyring({
    configuredKey: options.piiKey,
    previousKeys: options.previousPiiKeys,
    dataDir: options.dataDir,
    warn: (message, file) => log(message, { file }),
  });
  const pii = createPiiCipher(keyring);
  // Address counters and locks are short-lived: after a key rotation they simply start again.
  const addressKey = createAddressKeyer(keyring.current.key);
  const db = options.databaseUrl
    ? await openPostgres(options.databaseUrl, options, pii, log)
    : await openPglite(options, pii, log);
  return { ...db, addressKey };
}

async function openPglite(
  options: OpenDatabaseOptions,
  pii: Database['pii'],
  log: NonNullable<OpenDatabaseOptions['log']>,
): Promise<Omit<Database, 'addressKey'>> {
  let pglite = options.pglite;
  // Owner-only: the embedded database holds the (encrypted) personal data, and its key file sits beside it.
  if (!pglite) mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  // One process per data folder: a second one refuses here, before it could write what is lost.
  const lock = pglite ? undefined : acquireDataFolderLock(options.dataDir);
  try {
    if (!pglite) {
      const dir = join(options.dataDir, 'pglite');
      if (seedFromTemplate(dir, options.migrationsDir)) log('database created from the prepared template');
      pglite = new PGlite(dir);
    }
  } catch (error) {
    lock?.release();
    throw error;
  }
  const adapter = new PrismaPGlite(pglite);
  try {
    const applied = await applyMigrations(adapter, options.migrationsDir, pgliteMigrationSession(pglite));
    if (applied.length > 0) log('database migrations applied', { applied });
  } catch (error) {
    if (!options.pglite) await pglite.close();
    lock?.release();
    throw error;
  }
  const prisma = new PrismaClient({ adapter });
  const instance = pglite;
  return {
    prisma,
    backend: 'pglite',
    pii,
    pglite: instance,
    schema: 'public',
    close: async () => {
      await prisma.$disconnect();
      if (!instance.closed) await instance.close();
      lock?.release();
    },
  };
}

async function openPostgres(
  url: string,
  options: OpenDatabaseOptions,
  pii: Database['pii'],
  log: NonNullable<OpenDatabaseOptions['log']>,
): Promise<Omit<Database, 'addressKey'>> {
  // `?schema=` is Prisma's convention, not libpq's: take it out and turn it into a search_path.
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema') ?? 'public';
  parsed.searchParams.delete('schema');
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(schema)) throw new Error(`Invalid schema name in DATABASE_URL`);
  // Loaded only here: an embedded start has no use for the PostgreSQL driver.
  const [{ default: pg }, { PrismaPg }] = await Promise.all([import('pg'), import('@prisma/adapter-pg')]);
  const pool = new pg.Pool({ connectionString: parsed.toString(), options: `-c search_path=${schema}` });
  try {
    if (schema !== 'public') await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const applied = await applyMigrations(
      new PrismaPg(pool, { schema }),
      options.migrationsDir,
      poolMigrationSession(pool),
    );
    if (applied.length > 0) log('database migrations applied', { applied });
  } catch (error) {
    await pool.end();
    throw error;
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { schema }) });
  return {
    prisma,
    backend: 'postgres',
    pii,
    pool,
    schema,
    close: async () => {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

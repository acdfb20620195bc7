/**
 * The prepared embedded database (src/db/pglite-template.ts): a first start copies it instead of
 * running initdb, only when it matches the installed PGlite and this checkout's migrations.
 */
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultMigrationsDir } from '../../src/db/migrations-folder.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { installTemplate, seedFromTemplate } from '../../src/db/pglite-template.ts';
import { TEST_PII_KEY } from '../support/db.ts';

const migrationNames = readdirSync(defaultMigrationsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe('the prepared embedded database', () => {
  let work: string;
  let templateDir: string;
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'icp-template-test-'));
    // A migrated cluster on disk, as `npm run build` makes one.
    const prepared = join(work, 'prepared');
    const db = await openDatabase({ dataDir: prepared, piiKey: TEST_PII_KEY });
    await db.close();
    templateDir = join(work, 'dist', 'pglite-template');
    mkdirSync(join(work, 'dist'));
    installTemplate(join(prepared, 'pglite'), defaultMigrationsDir, templateDir);
  }, 60_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('fills a new data folder with every migration applied and no row of anyone', async () => {
    const dir = join(work, 'new', 'pglite');
    mkdirSync(join(work, 'new'));
    expect(seedFromTemplate(dir, defaultMigrationsDir, templateDir)).toBe(true);
    const pglite = new PGlite(dir);
    try {
      const applied = await pglite.query<{ migration_name: string }>(
        'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY 1',
      );
      expect(applied.rows.map((row) => row.migration_name)).toEqual(migrationNames);
      const people = await pglite.query<{ n: number }>('SELECT count(*)::int AS n FROM applicants');
      expect(people.rows[0]?.n).toBe(0);
    } finally {
      await pglite.close();
    }
    // The data folder's key is its own, made beside the database, never part of the template.
    expect(readdirSync(templateDir)).not.toContain('pii.key');
  });

  it('opens through openDatabase with nothing left to migrate', async () => {
    const dataDir = join(work, 'opened');
    mkdirSync(dataDir);
    expect(seedFromTemplate(join(dataDir, 'pglite'), defaultMigrationsDir, templateDir)).toBe(true);
    const messages: string[] = [];
    const db = await openDatabase({
      dataDir,
      piiKey: TEST_PII_KEY,
      log: (message) => messages.push(message),
    });
    await db.close();
    expect(messages).not.toContain('database migrations applied');
  });

  it('is not used when the migrations have changed since it was made', () => {
    const migrations = join(work, 'migrations-plus-one');
    cpSync(defaultMigrationsDir, migrations, { recursive: true });
    mkdirSync(join(migrations, '29990101000000_later'));
    writeFileSync(
      join(migrations, '29990101000000_later', 'migration.sql'),
      'CREATE TABLE later (id int);\n',
    );
    const dir = join(work, 'stale', 'pglite');
    mkdirSync(join(work, 'stale'));
    expect(seedFromTemplate(dir, migrations, templateDir)).toBe(false);
    expect(existsSync(dir)).toBe(false);
  });

  it('never touches a database that is already there', () => {
    const dir = join(work, 'existing', 'pglite');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'marker'), 'mine');
    expect(seedFromTemplate(dir, defaultMigrationsDir, templateDir)).toBe(false);
    expect(readdirSync(dir)).toEqual(['marker']);
  });

  it('replaces the half copy a killed start left behind', () => {
    const dir = join(work, 'killed', 'pglite');
    mkdirSync(`${dir}.seeding`, { recursive: true });
    writeFileSync(join(`${dir}.seeding`, 'PG_VERSION'), 'half');
    expect(seedFromTemplate(dir, defaultMigrationsDir, templateDir)).toBe(true);
    expect(existsSync(`${dir}.seeding`)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(readdirSync(templateDir).sort());
  });

  it('is readable by any user, while the copy a start makes is for its owner only', () => {
    const modes = (root: string) =>
      new Set(
        [root, ...readdirSync(root, { recursive: true }).map((name) => join(root, String(name)))].map(
          (path) => statSync(path).mode & 0o777,
        ),
      );
    expect(modes(templateDir)).toEqual(new Set([0o755, 0o644]));
    const dir = join(work, 'modes', 'pglite');
    mkdirSync(join(work, 'modes'));
    expect(seedFromTemplate(dir, defaultMigrationsDir, templateDir)).toBe(true);
    expect(modes(dir)).toEqual(new Set([0o700, 0o600]));
  });

  it('is given up, leaving nothing behind, when it cannot be copied (the start then creates the cluster)', () => {
    const broken = join(work, 'broken');
    cpSync(templateDir, broken, { recursive: true });
    cpSync(`${templateDir}.stamp`, `${broken}.stamp`);
    // A FIFO is something cpSync refuses to copy: any copy failure takes the same way out.
    execFileSync('mkfifo', [join(broken, 'base', 'fifo')]);
    const dir = join(work, 'from-broken', 'pglite');
    mkdirSync(join(work, 'from-broken'));
    expect(seedFromTemplate(dir, defaultMigrationsDir, broken)).toBe(false);
    expect(readdirSync(join(work, 'from-broken'))).toEqual([]);
  });

  it('is not used without its stamp (a template whose making was cut off)', () => {
    const unstamped = join(work, 'unstamped');
    cpSync(templateDir, unstamped, { recursive: true });
    const dir = join(work, 'from-unstamped', 'pglite');
    mkdirSync(join(work, 'from-unstamped'));
    expect(seedFromTemplate(dir, defaultMigrationsDir, unstamped)).toBe(false);
  });
});

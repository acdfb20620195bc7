import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { afterAll, describe, expect, it } from 'vitest';
import { readMigrationsList, schemaPath } from '../../src/db/migrations-folder.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { openSchemaEngine } from '../../src/db/schema-engine.ts';
import { dropTestSchemas, openTestDatabase, TEST_PII_KEY, testBackends } from '../support/db.ts';

const migrationNames = readMigrationsList().migrationDirectories.map((m) => m.path);

afterAll(dropTestSchemas);

describe('migrations', () => {
  it('match prisma/schema.prisma (run `npm run db:migration -- <name>` after changing it)', async () => {
    const pglite = new PGlite();
    const engine = await openSchemaEngine(new PrismaPGlite(pglite));
    try {
      const result = await engine.diff({
        from: { tag: 'migrations', ...readMigrationsList() },
        to: {
          tag: 'schemaDatamodel',
          files: [{ path: schemaPath, content: readFileSync(schemaPath, 'utf8') }],
        },
        script: true,
        exitCode: true,
        filters: { externalTables: [], externalEnums: [] },
      });
      // exitCode 2 = the schema has changes no migration covers yet.
      expect(result.exitCode, result.stdout ?? '').toBe(0);
    } finally {
      engine.free();
      await pglite.close();
    }
  }, 180_000);

  it('apply to a brand-new embedded database and record themselves in _prisma_migrations', async () => {
    const pglite = new PGlite();
    const db = await openDatabase({ dataDir: '/nonexistent-not-used', piiKey: TEST_PII_KEY, pglite });
    try {
      const rows = await db.prisma.$queryRaw<{ migration_name: string; finished_at: Date | null }[]>`
        SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY migration_name`;
      expect(rows.map((r) => r.migration_name)).toEqual(migrationNames);
      expect(rows.every((r) => r.finished_at !== null)).toBe(true);
      expect(await db.prisma.applicant.count()).toBe(0);
    } finally {
      await db.close();
    }
    expect(pglite.closed).toBe(true);
  });

  for (const backend of testBackends()) {
    it(`are applied once: reopening the same ${backend} database applies nothing and keeps the data`, async () => {
      const db = await openTestDatabase(backend, { onDisk: true });
      await db.prisma.applicant.create({ data: { lang: 'en' } });
      await db.close();
      const again = await db.reopen();
      try {
        const rows = await again.prisma.$queryRaw<
          { n: bigint }[]
        >`SELECT count(*) AS n FROM _prisma_migrations`;
        expect(Number(rows[0]?.n)).toBe(migrationNames.length);
        expect(await again.prisma.applicant.count()).toBe(1);
      } finally {
        await again.close();
      }
    });
  }
});

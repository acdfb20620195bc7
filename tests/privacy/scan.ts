/**
 * Looks for personal values everywhere they could remain: every table of the test schema (as
 * text, with every `enc:v1:` value decrypted, sealed outbox payloads included) and every file
 * under the local file store.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '../../src/db/database.ts';

const ENCRYPTED = /enc:v[12]:(?:[A-Za-z0-9_-]+:)?[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+/g;

export async function databaseText(
  db: Pick<Database, 'prisma' | 'pii' | 'schema'>,
): Promise<Map<string, string>> {
  const tables = await db.prisma.$queryRaw<{ name: string }[]>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = ${db.schema} AND table_type = 'BASE TABLE'`;
  const out = new Map<string, string>();
  for (const { name } of tables) {
    const rows = await db.prisma.$queryRawUnsafe<{ row: string }[]>(
      `SELECT t::text AS row FROM "${db.schema}"."${name}" t`,
    );
    const text = rows.map((r) => r.row).join('\n');
    // Decrypted values are appended (twice over, for values encrypted inside sealed payloads).
    let all = text;
    for (let depth = 0; depth < 2; depth++) {
      const found = all.match(ENCRYPTED) ?? [];
      all += `\n${found.map((v) => db.pii.decryptValue(v)).join('\n')}`;
    }
    out.set(name, all);
  }
  return out;
}

/** Table names in which any of `values` occurs, with the value. */
export async function findValues(
  db: Pick<Database, 'prisma' | 'pii' | 'schema'>,
  values: readonly string[],
): Promise<string[]> {
  const hits: string[] = [];
  for (const [table, text] of await databaseText(db))
    for (const value of values) if (text.includes(value)) hits.push(`${table}: ${value}`);
  return hits;
}

export function filesUnder(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

export function filesQuoting(dir: string, value: string): string[] {
  return filesUnder(dir).filter((file) => readFileSync(file).includes(value));
}

/**
 * A tiny query interface for the hot path (one answer = one short transaction): the same SQL runs
 * straight on the `pg` pool (PostgreSQL), on the PGlite instance (embedded), or inside a Prisma
 * interactive transaction when a caller needs Prisma's `tx` in the same transaction (the
 * submission hook). Prisma costs about a millisecond per statement here; the drivers do not.
 *
 * Rules for SQL written against it: pass every parameter as a string, number or null and cast
 * it in the SQL (`$1::uuid`, `$2::jsonb`, `$3::timestamptz`); return uuids, bigints and counts
 * cast to text or int, so the three backends hand back the same JavaScript values.
 */
import type { Database, Tx } from './database.ts';

export type SqlParam = string | number | null;

export interface SqlSession {
  query<T>(text: string, params?: readonly SqlParam[]): Promise<T[]>;
}

/** The Prisma transaction as a session (its statements share that transaction). */
export function prismaSession(tx: Tx): SqlSession {
  return {
    query: <T>(text: string, params: readonly SqlParam[] = []) => tx.$queryRawUnsafe<T[]>(text, ...params),
  };
}

/**
 * Runs `fn` in one transaction on the database's own driver (the pool on PostgreSQL, the
 * instance on PGlite), without Prisma; commits when it resolves, rolls back when it throws.
 * A database with neither (a bare Prisma client) gets Prisma's interactive transaction.
 */
export async function runSqlTransaction<T>(
  db: Pick<Database, 'prisma'> & Partial<Pick<Database, 'pool' | 'pglite'>>,
  fn: (sql: SqlSession) => Promise<T>,
): Promise<T> {
  if (db.pool) {
    const client = await db.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const session: SqlSession = {
        query: async <R>(text: string, params: readonly SqlParam[] = []) => {
          const name = statementName(text);
          const values = params as SqlParam[];
          const result = await (name ? client.query({ name, text, values }) : client.query(text, values));
          return result.rows as R[];
        },
      };
      try {
        const result = await fn(session);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: unknown) => {
          // The connection itself failed: do not hand it back to the pool.
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        });
        throw error;
      }
    } finally {
      client.release(broken);
    }
  }
  if (db.pglite) {
    return db.pglite.transaction(async (tx) =>
      fn({
        query: async <R>(text: string, params: readonly SqlParam[] = []) =>
          (await tx.query<R>(text, params as SqlParam[])).rows,
      }),
    );
  }
  return db.prisma.$transaction((tx) => fn(prismaSession(tx)), { maxWait: 30_000, timeout: 30_000 });
}

/** One statement on its own (autocommit), on the same driver as `runSqlTransaction`. */
export async function runSqlStatement<T>(
  db: Pick<Database, 'prisma'> & Partial<Pick<Database, 'pool' | 'pglite'>>,
  text: string,
  params: readonly SqlParam[] = [],
): Promise<T[]> {
  const values = params as SqlParam[];
  if (db.pool) {
    const name = statementName(text);
    return (await (name ? db.pool.query({ name, text, values }) : db.pool.query(text, values))).rows as T[];
  }
  if (db.pglite) return (await db.pglite.query<T>(text, values)).rows;
  return db.prisma.$queryRawUnsafe<T[]>(text, ...values);
}

/**
 * Named (prepared) statements on PostgreSQL: each connection parses and plans a statement once
 * and then only binds (planning the step's CTEs costs more than running them). The hot path has a
 * few dozen distinct texts; past the cap, statements run unnamed.
 */
const MAX_PREPARED = 256;
const statementNames = new Map<string, string>();

function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (name === undefined && statementNames.size < MAX_PREPARED) {
    name = `icp_step_${statementNames.size + 1}`;
    statementNames.set(text, name);
  }
  return name;
}

/** The metrics read from the database at scrape time: a few aggregate queries, no row contents. */
import type { Database } from '../db/database.ts';
import { ACTIVE_STATUSES } from '../review/stages.ts';
import type { DatabaseFigures } from './metrics.ts';

export function databaseFigures(
  db: Pick<Database, 'prisma'>,
  now: () => Date = () => new Date(),
): DatabaseFigures {
  return {
    async outboxByState() {
      const rows = await db.prisma.$queryRaw<{ state: string; n: bigint }[]>`
        SELECT CASE WHEN sent_at IS NOT NULL THEN 'sent' WHEN failed_at IS NOT NULL THEN 'failed' ELSE 'pending' END AS state,
               count(*) AS n
        FROM outbox GROUP BY 1`;
      const counts = { pending: 0, sent: 0, failed: 0 };
      for (const row of rows) counts[row.state as keyof typeof counts] = Number(row.n);
      return counts;
    },
    async oldestPendingAgeSeconds() {
      const [row] = await db.prisma.$queryRaw<{ oldest: Date | null }[]>`
        SELECT min(created_at) AS oldest FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL`;
      const oldest = row?.oldest ? new Date(row.oldest) : undefined;
      return oldest ? Math.max(0, (now().getTime() - oldest.getTime()) / 1000) : 0;
    },
    async filingsByStage() {
      const rows = await db.prisma.$queryRaw<{ status: string; n: bigint }[]>`
        SELECT status, count(*) AS n FROM filings GROUP BY status`;
      return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
    },
    async overdueFilings() {
      const statuses = [...ACTIVE_STATUSES];
      const [row] = await db.prisma.$queryRaw<{ n: bigint }[]>`
        SELECT count(*) AS n FROM filings
        WHERE status = ANY(${statuses}::text[]) AND stage_due_at IS NOT NULL AND stage_due_at < ${now()}`;
      return Number(row?.n ?? 0);
    },
  };
}

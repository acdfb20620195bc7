/**
 * Liveness and readiness. /healthz: the process answers (nothing else is checked, so a slow
 * database never gets a live process restarted). /readyz: the database answers, every migration of
 * this build is applied, and the file store takes a write; a stopping process is not ready, so a
 * load balancer stops sending it work before it closes. Checks run at most every `cacheMs`, so a
 * probe every second does not write to the store every second.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database.ts';
import { readMigrationsList } from '../db/migrations-folder.ts';
import type { BlobStore } from '../storage/blob-store.ts';

export type CheckName = 'database' | 'migrations' | 'storage';

export interface Readiness {
  ready: boolean;
  checks: Record<CheckName | 'accepting', 'ok' | 'failed'>;
}

export type Check = () => Promise<void>;

export interface ReadinessProbe {
  check(): Promise<Readiness>;
  /** From now on the process is stopping: not ready, whatever the checks say. */
  markStopping(): void;
}

export function readinessProbe(
  checks: Record<CheckName, Check>,
  options: { cacheMs?: number; now?: () => number } = {},
): ReadinessProbe {
  const cacheMs = options.cacheMs ?? 2_000;
  const now = options.now ?? Date.now;
  let stopping = false;
  let cached: { at: number; result: Promise<Record<CheckName, 'ok' | 'failed'>> } | undefined;

  const runChecks = async () => {
    const entries = await Promise.all(
      (Object.keys(checks) as CheckName[]).map(async (name) => {
        try {
          await withTimeout(checks[name](), 3_000);
          return [name, 'ok'] as const;
        } catch {
          return [name, 'failed'] as const;
        }
      }),
    );
    return Object.fromEntries(entries) as Record<CheckName, 'ok' | 'failed'>;
  };

  return {
    async check() {
      if (!cached || now() - cached.at >= cacheMs) cached = { at: now(), result: runChecks() };
      const results = await cached.result;
      const accepting = stopping ? 'failed' : 'ok';
      const ready = !stopping && Object.values(results).every((r) => r === 'ok');
      return { ready, checks: { ...results, accepting } };
    },
    markStopping() {
      stopping = true;
    },
  };
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The real checks of a running app. */
export function appChecks(
  db: Pick<Database, 'prisma'>,
  blobs: BlobStore,
  migrationsDir?: string,
): Record<CheckName, Check> {
  const probeKey = `health/${randomUUID()}.probe`;
  return {
    database: async () => {
      await db.prisma.$queryRaw`SELECT 1`;
    },
    migrations: async () => {
      const wanted = readMigrationsList(migrationsDir).migrationDirectories.map((d) => d.path);
      const rows = await db.prisma.$queryRaw<{ migration_name: string }[]>`
        SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
      const applied = new Set(rows.map((r) => r.migration_name));
      const missing = wanted.filter((name) => !applied.has(name));
      if (missing.length > 0) throw new Error(`migrations not applied: ${missing.join(', ')}`);
    },
    storage: async () => {
      await blobs.put(probeKey, Buffer.from('ok'), 'text/plain');
      await blobs.delete(probeKey);
    },
  };
}

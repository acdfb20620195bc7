/**
 * Persistence figures on each backend (embedded PGlite on disk, and PostgreSQL when
 * TEST_DATABASE_URL or DATABASE_URL is set, in a throw-away schema):
 * - single-row commits, on the driver (the floor any answer pays: PostgreSQL's commit waits
 *   for the WAL flush) and through Prisma;
 * - complete filings through engine + applicant service (each answer committed before the reply):
 *   filings per second and per-answer p50/p99 (goal: p99 < 5 ms on PostgreSQL), straight on the
 *   driver (the default) and in a Prisma interactive transaction, one after the other in the same run;
 * - the stored size of one finished conversation row.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createEngine } from '../src/conversation/engine.ts';
import type { ConversationState, Engine, EngineInput } from '../src/conversation/types.ts';
import type { Database } from '../src/db/database.ts';
import { appendEvent } from '../src/db/events.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { runSqlTransaction } from '../src/db/sql-session.ts';
import { catalog } from '../src/filing/catalog.ts';
import { requiredMaterials } from '../src/filing/materials.ts';
import { validateDraft, validateFiling } from '../src/filing/validate-filing.ts';
import { createApplicantService } from '../src/services/applicant-service.ts';
import { Applicant, NOW } from '../tests/conversation/fixtures/driver.ts';
import { enterprise } from '../tests/conversation/fixtures/real-scripts.ts';

const KEY = randomBytes(32).toString('base64');

function percentile(sorted: number[], p: number): string {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(2);
}

/** The inputs of one complete enterprise filing (two websites), recorded from the engine alone. */
function recordInputs(engine: Engine): EngineInput[] {
  const inputs: EngineInput[] = [];
  const recorder: Pick<Engine, 'step'> = {
    step: (state, input, ctx) => {
      inputs.push(input);
      return engine.step(state, input, ctx);
    },
  };
  new Applicant(recorder, 'zh').run(enterprise);
  return inputs;
}

/** Latency spread of `n` runs of `fn` (ms). */
async function timeEach(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const timings: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await fn(i);
    timings.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return timings.sort((a, b) => a - b);
}

const spread = (sorted: number[]) =>
  `p50 ${percentile(sorted, 50)} p99 ${percentile(sorted, 99)} max ${percentile(sorted, 100)}`;

async function measure(name: string, db: Database, engine: Engine, inputs: EngineInput[]): Promise<void> {
  // The floor: the smallest durable transaction (BEGIN, one insert, COMMIT) on the driver.
  const floor = await timeEach(500, (i) =>
    runSqlTransaction(db, (sql) =>
      sql.query(`INSERT INTO events (actor, type, data) VALUES ('bench', 'bench', $1::jsonb)`, [
        JSON.stringify({ i }),
      ]),
    ),
  );
  const viaPrisma = await timeEach(200, (i) =>
    appendEvent(db.prisma, db.pii, { actor: 'bench', type: 'bench', data: { i } }),
  );
  console.log(
    `${name}: one-row commit ms: driver ${spread(floor)} | Prisma ${spread(viaPrisma)} (no transaction of ours is faster than the driver's)`,
  );

  // The same service and SQL, straight on the driver (the default) and in Prisma's interactive
  // transaction (what a database without pool/PGlite handle gets), one after the other, so the
  // garbage of one mode does not land in the other's pauses.
  const modes = [
    { label: 'driver', service: createApplicantService({ db, engine, now: () => NOW }), filings: 21 },
    {
      label: 'prisma tx',
      service: createApplicantService({ db: { prisma: db.prisma, pii: db.pii }, engine, now: () => NOW }),
      filings: 7,
    },
  ];
  let chatId = '';
  for (const mode of modes) {
    const timings: number[] = [];
    // The first contact (applicant, conversation and draft created) and the submission are the
    // two heavy steps of a filing; the other answers are also shown apart.
    const ordinary: number[] = [];
    let seconds = 0;
    for (let f = 0; f < mode.filings; f++) {
      chatId = `bench-${randomBytes(4).toString('hex')}`;
      const start = performance.now();
      for (const [i, input] of inputs.entries()) {
        const t = process.hrtime.bigint();
        await mode.service.handleInput({ channel: 'console', chatId, lang: 'zh' }, input);
        // The first filing warms up the JIT, the prepared statements and the caches: not counted.
        const ms = Number(process.hrtime.bigint() - t) / 1e6;
        if (f > 0) timings.push(ms);
        if (f > 0 && i > 0 && i < inputs.length - 1) ordinary.push(ms);
      }
      if (f > 0) seconds += (performance.now() - start) / 1000;
    }
    console.log(
      `${name} ${mode.label}: ${((mode.filings - 1) / seconds).toFixed(2)} complete filings/s (${inputs.length} answers each); ` +
        `per answer ms ${spread(timings.sort((a, b) => a - b))} (${timings.length} answers); ` +
        `without first contact and submission ${spread(ordinary.sort((a, b) => a - b))}`,
    );
  }

  const size = await db.prisma.$queryRaw<{ stored: number; text: number; phase: string }[]>`
    SELECT pg_column_size(c.state)::int AS stored, octet_length(c.state::text)::int AS text, c.state->>'phase' AS phase
    FROM conversations c JOIN chat_identities i ON i.applicant_id = c.applicant_id
    WHERE i.channel = 'console' AND i.chat_id = ${chatId}`;
  const row = size[0];
  const phase = (row?.phase ?? '?') as ConversationState['phase'];
  console.log(
    `${name}: one finished conversation (${phase}): ${row?.stored} bytes stored, ${row?.text} bytes as JSON text`,
  );
}

export default async function bench(): Promise<void> {
  const engine = createEngine({ catalog, validateDraft, validateFiling, requiredMaterials });
  const inputs = recordInputs(engine);

  const dataDir = mkdtempSync(join(tmpdir(), 'icp-bench-db-'));
  try {
    // PostgreSQL first: a deployment on PostgreSQL never loads the embedded database, whose heap
    // (the WASM instance, its caches) would otherwise sit in this process while PostgreSQL is measured.
    const base = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
    if (base) {
      const schema = `bench_${randomBytes(4).toString('hex')}`;
      const url = new URL(base);
      url.searchParams.set('schema', schema);
      const server = await openDatabase({ databaseUrl: url.toString(), dataDir, piiKey: KEY });
      try {
        await measure('postgres', server, engine, inputs);
      } finally {
        await server.close();
        const client = new pg.Client({ connectionString: base });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await client.end();
      }
    } else {
      console.log('postgres: skipped (set TEST_DATABASE_URL)');
    }

    const embedded = await openDatabase({ dataDir, piiKey: KEY });
    try {
      await measure('pglite', embedded, engine, inputs);
    } finally {
      await embedded.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Persistence figures on each backend (embedded PGlite on disk, and PostgreSQL when
 * TEST_DATABASE_URL or DATABASE_URL is set, in a throw-away schema):
 * - 500 sequential single-row commits (an event append each);
 * - complete filings through engine + applicant service (each answer committed before the reply):
 *   filings per second and per-answer p50/p99 (goal: p99 < 5 ms on PostgreSQL);
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
  const recorder: Engine = {
    step: (state, input, ctx) => {
      inputs.push(input);
      return engine.step(state, input, ctx);
    },
  };
  new Applicant(recorder, 'zh').run(enterprise);
  return inputs;
}

async function measure(name: string, db: Database, engine: Engine, inputs: EngineInput[]): Promise<void> {
  const commits = 500;
  let start = performance.now();
  for (let i = 0; i < commits; i++) {
    await appendEvent(db.prisma, db.pii, { actor: 'bench', type: 'bench', data: { i } });
  }
  const perCommit = (performance.now() - start) / commits;
  console.log(`${name}: ${commits} sequential commits, ${perCommit.toFixed(2)} ms each`);

  const service = createApplicantService({ db, engine, now: () => NOW });
  const timings: number[] = [];
  const filings = 6;
  start = performance.now();
  let chatId = '';
  for (let f = 0; f < filings; f++) {
    chatId = `bench-${randomBytes(4).toString('hex')}`;
    for (const input of inputs) {
      const t = process.hrtime.bigint();
      await service.handleInput({ channel: 'console', chatId, lang: 'zh' }, input);
      timings.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
  const seconds = (performance.now() - start) / 1000;
  // The first filing warms up the JIT and the database's caches: leave it out of the latencies.
  const sorted = timings.slice(inputs.length).sort((a, b) => a - b);
  console.log(
    `${name}: ${(filings / seconds).toFixed(2)} complete filings/s (${inputs.length} answers each); ` +
      `per answer ms p50 ${percentile(sorted, 50)} p99 ${percentile(sorted, 99)} max ${percentile(sorted, 100)}`,
  );

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
    const embedded = await openDatabase({ dataDir, piiKey: KEY });
    try {
      await measure('pglite', embedded, engine, inputs);
    } finally {
      await embedded.close();
    }

    const base = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
    if (!base) {
      console.log('postgres: skipped (set TEST_DATABASE_URL)');
      return;
    }
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
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * `npm run bench -- start`: how long `npm start` takes to its first prompt (the console chat's
 * first question on screen), on a fresh data folder (first start: database created and migrated)
 * and again on the same one (later start), embedded; and the same on PostgreSQL (a fresh schema,
 * then again) when TEST_DATABASE_URL is set. Each figure is the median of a few runs.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.BENCH_START_RUNS ?? 3);

/** Milliseconds from spawning `icp start --console` to the first `trace ready 0`, then closes it. */
async function timeToPrompt(env: Record<string, string>): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [join(REPO, 'bin/icp.js'), 'start', '--console'], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', LANG: 'en_US.UTF-8', ICP_CONSOLE_TRACE: '1', ...env },
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let stderr = '';
  const elapsed = await new Promise<number>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      if (/^trace ready 0\b/m.test(stderr)) resolve(performance.now() - started);
    });
    child.on('exit', () => reject(new Error(`icp start ended before its first prompt:\n${stderr}`)));
  });
  child.stdin.end();
  await new Promise((resolve) => child.once('exit', resolve));
  return elapsed;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const key = Buffer.alloc(32, 5).toString('base64');

async function embedded(): Promise<{ first: number; later: number }> {
  const firsts: number[] = [];
  const laters: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'icp-bench-start-'));
    try {
      firsts.push(await timeToPrompt({ DATA_DIR: dataDir, PII_ENCRYPTION_KEY: key }));
      laters.push(await timeToPrompt({ DATA_DIR: dataDir, PII_ENCRYPTION_KEY: key }));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return { first: median(firsts), later: median(laters) };
}

async function postgres(url: string): Promise<{ first: number; later: number }> {
  const firsts: number[] = [];
  const laters: number[] = [];
  const pool = new pg.Pool({ connectionString: url });
  try {
    for (let run = 0; run < RUNS; run++) {
      const schema = `bench_start_${randomBytes(4).toString('hex')}`;
      const dataDir = mkdtempSync(join(tmpdir(), 'icp-bench-start-'));
      const withSchema = new URL(url);
      withSchema.searchParams.set('schema', schema);
      const env = { DATA_DIR: dataDir, PII_ENCRYPTION_KEY: key, DATABASE_URL: withSchema.toString() };
      try {
        firsts.push(await timeToPrompt(env));
        laters.push(await timeToPrompt(env));
      } finally {
        await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
  } finally {
    await pool.end();
  }
  return { first: median(firsts), later: median(laters) };
}

export default async function bench(): Promise<void> {
  const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const e = await embedded();
  console.log(
    `embedded (PGlite):  first start ${fmt(e.first)}, later start ${fmt(e.later)} (median of ${RUNS})`,
  );
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    console.log('PostgreSQL: skipped (set TEST_DATABASE_URL)');
    return;
  }
  const p = await postgres(url);
  console.log(
    `PostgreSQL:         first start ${fmt(p.first)}, later start ${fmt(p.later)} (median of ${RUNS})`,
  );
}

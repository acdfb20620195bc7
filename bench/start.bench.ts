/**
 * `npm run bench -- start`: how long `npm start` takes to its first prompt (the console chat's
 * first question on screen), on a fresh data folder (first start: database created and migrated)
 * and again on the same one (later start), embedded; and the same on PostgreSQL (a fresh schema,
 * then again) when TEST_DATABASE_URL is set. Each figure is the median of a few runs.
 *
 * `npm start` runs the bundle `npm run build` made (dist/app) while it is newer than every source:
 * run `npm run build` first, or the figures are those of the sources through tsx (said below).
 * Before/after in one run: START_BENCH_BASELINE=<another checkout with its node_modules and build>,
 * e.g. `git worktree add /tmp/base <rev> && ln -s "$PWD/node_modules" /tmp/base/node_modules`
 * (then `npm run build` there if that revision has one); runs alternate between the two trees.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const BASELINE = process.env.START_BENCH_BASELINE;
const RUNS = Number(process.env.BENCH_START_RUNS ?? 3);

/** Milliseconds from spawning `icp start --console` to the first `trace ready 0`, then closes it. */
async function timeToPrompt(env: Record<string, string>, repo = REPO): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [join(repo, 'bin/icp.js'), 'start', '--console'], {
    cwd: repo,
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

interface Figures {
  first: number[];
  later: number[];
}

/** One first start (new data folder) and one later start (the same folder again), embedded. */
async function embeddedRun(repo: string, into: Figures): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'icp-bench-start-'));
  try {
    into.first.push(await timeToPrompt({ DATA_DIR: dataDir, PII_ENCRYPTION_KEY: key }, repo));
    into.later.push(await timeToPrompt({ DATA_DIR: dataDir, PII_ENCRYPTION_KEY: key }, repo));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The same on PostgreSQL: a new schema, then again. */
async function postgresRun(url: string, pool: pg.Pool, repo: string, into: Figures): Promise<void> {
  const schema = `bench_start_${randomBytes(4).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'icp-bench-start-'));
  const withSchema = new URL(url);
  withSchema.searchParams.set('schema', schema);
  const env = { DATA_DIR: dataDir, PII_ENCRYPTION_KEY: key, DATABASE_URL: withSchema.toString() };
  try {
    into.first.push(await timeToPrompt(env, repo));
    into.later.push(await timeToPrompt(env, repo));
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** What bin/icp.js will run in `repo`: the bundle when it is fresh, else the sources. */
function entryOf(repo: string): string {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', BUNDLE_PROBE], {
    cwd: repo,
    encoding: 'utf8',
  });
  return result.stdout.trim() || 'sources (tsx)';
}
/** bin/icp.js's own test, asked without starting anything: does it load dist/app/main.js? */
const BUNDLE_PROBE = `
import { register } from 'node:module';
const says = (what) => ({ format: 'module', shortCircuit: true, source: 'console.log(' + JSON.stringify(what) + ')' });
register('data:text/javascript,' + encodeURIComponent(
  'const says = ' + says.toString() + ';' +
  "export async function load(url, ctx, next) { if (url.includes('/dist/app/main.js')) return says('bundle (dist/app)'); if (url.endsWith('/src/cli/main.ts')) return says('sources (tsx)'); return next(url, ctx); }"));
await import('./bin/icp.js');`;

export default async function bench(): Promise<void> {
  const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const trees = BASELINE ? [REPO, BASELINE] : [REPO];
  for (const repo of trees) console.log(`${repo === REPO ? 'this tree' : 'baseline'} runs ${entryOf(repo)}`);
  const report = (label: string, figures: Figures[]) => {
    const [now, base] = figures.map((f) => ({ first: median(f.first), later: median(f.later) }));
    const ratio = (a: number, b: number) => ` (baseline ${fmt(b)}, ×${(b / a).toFixed(2)} faster)`;
    console.log(
      `${label} first start ${fmt(now!.first)}${base ? ratio(now!.first, base.first) : ''}, ` +
        `later start ${fmt(now!.later)}${base ? ratio(now!.later, base.later) : ''} (median of ${RUNS})`,
    );
  };
  const embedded = trees.map(() => ({ first: [], later: [] }) as Figures);
  for (let run = 0; run < RUNS; run++) {
    for (const [i, repo] of trees.entries()) await embeddedRun(repo, embedded[i]!);
  }
  report('embedded (PGlite):', embedded);
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    console.log('PostgreSQL: skipped (set TEST_DATABASE_URL)');
    return;
  }
  const pool = new pg.Pool({ connectionString: url });
  try {
    const postgres = trees.map(() => ({ first: [], later: [] }) as Figures);
    for (let run = 0; run < RUNS; run++) {
      for (const [i, repo] of trees.entries()) await postgresRun(url, pool, repo, postgres[i]!);
    }
    report('PostgreSQL:        ', postgres);
  } finally {
    await pool.end();
  }
}

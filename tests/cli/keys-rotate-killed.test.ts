/**
 * Issue 13: `icp keys rotate` killed for real (SIGKILL, no cleanup) between batches, then run again,
 * finishes: no row is left under the retired key, and the new key alone opens every value. On
 * PostgreSQL only: an embedded database killed mid-write is a different question (PGlite is one
 * process, and the rotation of its key file has its own test).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { createFiling, getFiling } from '../../src/db/filings.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { piiKeyId } from '../../src/db/pii-cipher.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const BASE = process.env.TEST_DATABASE_URL;
const OLD_KEY = randomBytes(32).toString('base64');
const NEW_KEY = randomBytes(32).toString('base64');
const FILINGS = 120;
const schema = `test_${randomBytes(6).toString('hex')}`;

function schemaUrl(): string {
  const url = new URL(BASE!);
  url.searchParams.set('schema', schema);
  return url.toString();
}

afterAll(async () => {
  if (!BASE) return;
  const client = new pg.Client({ connectionString: BASE });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
});

function rotate(): { child: ChildProcess; stdout: () => string; exit: Promise<number | null> } {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'icp.js'), 'keys', 'rotate', '--batch', '1', '--lang', 'en'],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        DATA_DIR: mkdtempSync(join(tmpdir(), 'icp-keys-killed-')),
        DATABASE_URL: schemaUrl(),
        PII_ENCRYPTION_KEY: NEW_KEY,
        PII_ENCRYPTION_KEY_PREVIOUS: OLD_KEY,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
  });
  child.stderr!.resume();
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, exit };
}

async function rowsUnder(keyId: string): Promise<number> {
  const client = new pg.Client({ connectionString: BASE });
  await client.connect();
  try {
    const result = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM "${schema}".filings WHERE document::text LIKE $1`,
      [`%enc:v2:${keyId}:%`],
    );
    return Number(result.rows[0]!.n);
  } finally {
    await client.end();
  }
}

it.skipIf(!BASE)(
  'SIGKILL between batches, then a second run: every row under the new key, the new key alone reads them',
  async () => {
    const document = { sponsor: { name: '甲公司' }, sponsorPrincipal: { idNumber: '11010519491231002X' } };
    let db = await openDatabase({
      databaseUrl: schemaUrl(),
      dataDir: mkdtempSync(join(tmpdir(), 'icp-k-')),
      piiKey: OLD_KEY,
    });
    const ids: string[] = [];
    try {
      for (let i = 0; i < FILINGS; i++) {
        const applicant = await db.prisma.applicant.create({ data: {} });
        ids.push((await createFiling(db.prisma, db.pii, { applicantId: applicant.id, document })).id);
      }
    } finally {
      await db.close();
    }
    const oldId = piiKeyId(Buffer.from(OLD_KEY, 'base64'));
    const newId = piiKeyId(Buffer.from(NEW_KEY, 'base64'));
    expect(await rowsUnder(oldId)).toBe(FILINGS);

    // Killed as soon as it reports progress (every 20 rows with batches of one): mid-table.
    const first = rotate();
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (first.stdout().includes('rows checked')) {
          clearInterval(timer);
          first.child.kill('SIGKILL');
          resolve();
        }
      }, 5);
      void first.exit.then(() => {
        clearInterval(timer);
        reject(new Error(`the rotation ended before it could be killed:\n${first.stdout()}`));
      });
    });
    await first.exit;
    const movedBeforeKill = await rowsUnder(newId);
    expect(movedBeforeKill).toBeGreaterThan(0);
    expect(await rowsUnder(oldId)).toBeGreaterThan(0);

    const second = rotate();
    expect(await second.exit).toBe(0);
    expect(second.stdout()).toContain('Done');
    expect(await rowsUnder(oldId)).toBe(0);
    expect(await rowsUnder(newId)).toBe(FILINGS);

    // The old key retired: the new one alone opens every filing.
    db = await openDatabase({
      databaseUrl: schemaUrl(),
      dataDir: mkdtempSync(join(tmpdir(), 'icp-k-')),
      piiKey: NEW_KEY,
    });
    try {
      for (const id of ids) expect((await getFiling(db.prisma, db.pii, id))?.document).toEqual(document);
    } finally {
      await db.close();
    }
  },
  180_000,
);

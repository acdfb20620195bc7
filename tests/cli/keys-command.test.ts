/** `icp keys rotate` on the embedded default, run as a real process (issue 13, key rotation). */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { createFiling, getFiling } from '../../src/db/filings.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { piiKeyId } from '../../src/db/pii-cipher.ts';
import { PII_KEY_FILE, PII_PREVIOUS_KEY_FILE } from '../../src/db/pii-key.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);
const keyIdOf = (file: string) => piiKeyId(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'));

it('writes a new key file, re-encrypts the rows under it and deletes the old key', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'icp-keys-'));
  const document = { sponsor: { name: '甲公司' }, sponsorPrincipal: { idNumber: '11010519491231002X' } };
  let db = await openDatabase({ dataDir });
  const { id } = await createFiling(db.prisma, db.pii, {
    applicantId: (await db.prisma.applicant.create({ data: {} })).id,
    document,
  });
  await db.close();
  const keyFile = join(dataDir, PII_KEY_FILE);
  const oldId = keyIdOf(keyFile);

  const outcome = await run(
    process.execPath,
    [join(ROOT, 'bin', 'icp.js'), 'keys', 'rotate', '--lang', 'en'],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir },
    },
  );
  expect(outcome.stdout).toContain('Done');
  const newId = keyIdOf(keyFile);
  expect(newId).not.toBe(oldId);
  expect(existsSync(join(dataDir, PII_PREVIOUS_KEY_FILE))).toBe(false);
  expect(statSync(keyFile).mode & 0o777).toBe(0o600);

  db = await openDatabase({ dataDir });
  try {
    expect(db.pii.keyIds).toEqual([newId]);
    expect((await getFiling(db.prisma, db.pii, id))?.document).toEqual(document);
    const raw = await db.prisma.$queryRaw<{ t: string }[]>`SELECT document::text AS t FROM filings`;
    expect(raw[0]?.t).toContain(`enc:v2:${newId}:`);
  } finally {
    await db.close();
  }
}, 180_000);

it('misuse exits 2 with the usage', async () => {
  const outcome = await run(process.execPath, [join(ROOT, 'bin', 'icp.js'), 'keys', 'spin'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', DATA_DIR: mkdtempSync(join(tmpdir(), 'icp-keys-')) },
  }).then(
    () => ({ code: 0, stderr: '' }),
    (error: { code: number; stderr: string }) => error,
  );
  expect(outcome.code).toBe(2);
  expect(outcome.stderr).toContain('icp keys rotate');
}, 60_000);

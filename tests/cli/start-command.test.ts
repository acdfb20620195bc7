/** `icp start` run as a real process: a bad setting stops it with one line and a failing exit code. */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);

it('exits 2 with one line naming the setting when a setting is bad', async () => {
  const outcome = await run(process.execPath, [join(ROOT, 'bin', 'icp.js'), 'start'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'icp-start-')),
      DATABASE_URL: 'not a url',
    },
  }).then(
    () => ({ code: 0, stderr: '' }),
    (error: { code: number; stderr: string }) => error,
  );
  expect(outcome.code).toBe(2);
  expect(outcome.stderr.trim().split('\n')).toHaveLength(1);
  expect(outcome.stderr).toContain('DATABASE_URL');
}, 60_000);

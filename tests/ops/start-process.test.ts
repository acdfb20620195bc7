/**
 * `icp start` as operators run it: without a terminal (stdin closed at once, as under a service
 * manager) it keeps serving; it holds the data folder, so `icp staff` refuses in one line naming
 * its pid instead of reporting a change that would be lost; SIGTERM stops it with exit 0.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runIcp, spawnIcp } from '../support/app-process.ts';

it('serves without a terminal, keeps a second process off its data folder, stops on SIGTERM', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'icp-start-'));
  const env = { DATA_DIR: dataDir, PII_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64') };
  const app = spawnIcp(['start'], env);
  app.child.stdin!.end();
  try {
    await app.waitFor(/icp start runs: notify\/reminder worker\n/, 'stderr');
    await app.waitFor(/storage ready/);
    // Closed stdin did not end it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(app.child.exitCode).toBeNull();

    const refused = await runIcp(['staff', 'claim', 'f_missing', '--as', 'alice'], env);
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain(`pid ${app.child.pid}`);
    expect(refused.stdout).toBe('');

    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    expect(existsSync(join(dataDir, 'icp.lock'))).toBe(false);

    const afterwards = await runIcp(['staff', 'list', '--as', 'alice'], env);
    expect(afterwards.code).toBe(0);
  } finally {
    app.child.kill('SIGKILL');
  }
}, 120_000);

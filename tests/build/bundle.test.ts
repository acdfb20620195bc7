/**
 * The prebuilt bundle (scripts/bundle-app.ts) and bin/icp.js's choice between it and the sources.
 * The bundle under test is built into a folder of its own inside the checkout, never into dist/app,
 * which other test files' processes may be running from.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bundleApp } from '../../scripts/bundle-app.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const KEY = Buffer.alloc(32, 3).toString('base64');

describe('the bundle built from these sources', () => {
  const outdir = join(REPO, 'dist', `test-${randomBytes(4).toString('hex')}`, 'app');
  beforeAll(() => bundleApp(outdir), 60_000);
  afterAll(() => rmSync(join(outdir, '..'), { recursive: true, force: true }));

  it('checks a filing document, with the same output as the sources', () => {
    const run = (entry: string[]) =>
      spawnSync(process.execPath, [...entry, 'check', 'examples/change.json'], {
        cwd: REPO,
        encoding: 'utf8',
      });
    const bundled = run([join(outdir, 'main.js')]);
    const sources = run(['--import', 'tsx', join(REPO, 'src/cli/main.ts')]);
    expect(bundled.status).toBe(0);
    expect(bundled.stdout).toBe(sources.stdout);
    expect(bundled.stdout).toContain('examples/change.json');
  });

  it('starts the console chat on a new data folder and shows the first question', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'icp-bundle-'));
    try {
      const child = spawn(process.execPath, [join(outdir, 'main.js'), 'start', '--console'], {
        cwd: REPO,
        env: {
          PATH: process.env.PATH ?? '',
          LANG: 'en_US.UTF-8',
          ICP_CONSOLE_TRACE: '1',
          DATA_DIR: dataDir,
          PII_ENCRYPTION_KEY: KEY,
        },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stderr = '';
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
      });
      await new Promise<void>((resolve, reject) => {
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString('utf8');
          if (/^trace ready 0\b/m.test(stderr)) resolve();
        });
        child.on('exit', () => reject(new Error(`ended before its first prompt:\n${stderr}`)));
      });
      child.stdin.end();
      expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(0);
      // The locales were found from the bundle's folder: a real sentence, not a key.
      expect(stdout).not.toMatch(/\b[a-z]+:[a-z_]+\.[a-z_.]+\b/);
      expect(stdout.trim().length).toBeGreaterThan(20);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('bin/icp.js', () => {
  /** A checkout in miniature: bin/icp.js, a "bundle" and "sources" that each say which they are. */
  let root: string;
  const builtAt = Date.now() - 60_000;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'icp-bin-'));
    mkdirSync(join(root, 'bin'));
    cpSync(join(REPO, 'bin', 'icp.js'), join(root, 'bin', 'icp.js'));
    symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'));
    writeFileSync(join(root, 'package.json'), '{"type":"module"}\n');
    mkdirSync(join(root, 'dist', 'app'), { recursive: true });
    writeFileSync(join(root, 'dist', 'app', 'main.js'), "console.log('bundle');\n");
    writeFileSync(join(root, 'dist', 'app', 'build-info.json'), JSON.stringify({ builtAt }));
    mkdirSync(join(root, 'src', 'cli'), { recursive: true });
    writeFileSync(
      join(root, 'src', 'cli', 'main.ts'),
      "const from: string = 'sources';\nconsole.log(from);\n",
    );
    mkdirSync(join(root, 'locales', 'en'), { recursive: true });
    writeFileSync(join(root, 'locales', 'en', 'x.json'), '{}\n');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const age = (path: string, ms: number) => {
    const at = new Date(ms);
    utimesSync(join(root, path), at, at);
  };
  // The folders were made just now: older than the bundle too, unless a case says otherwise.
  beforeEach(() => {
    for (const folder of ['src', 'src/cli', 'locales', 'locales/en']) age(folder, builtAt - 1000);
  });
  const runs = (env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [join(root, 'bin', 'icp.js')], {
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
    }).stdout.trim();

  it('runs the bundle while every source and locale is older than it', () => {
    for (const path of ['src/cli/main.ts', 'locales/en/x.json']) age(path, builtAt - 1000);
    expect(runs()).toBe('bundle');
  });

  it('runs the sources once a source is newer than the bundle', () => {
    age('locales/en/x.json', builtAt - 1000);
    age('src/cli/main.ts', builtAt + 1000);
    expect(runs()).toBe('sources');
  });

  it('runs the sources once a locale file is newer than the bundle (the bundle holds some)', () => {
    age('src/cli/main.ts', builtAt - 1000);
    age('locales/en/x.json', builtAt + 1000);
    expect(runs()).toBe('sources');
  });

  it('runs the sources once a source is deleted (only its folder shows it)', () => {
    for (const path of ['src/cli/main.ts', 'locales/en/x.json']) age(path, builtAt - 1000);
    age('src', builtAt + 1000);
    expect(runs()).toBe('sources');
  });

  it('runs the sources when asked to (ICP_RUN_SOURCES=1), and when there is no bundle', () => {
    for (const path of ['src/cli/main.ts', 'locales/en/x.json']) age(path, builtAt - 1000);
    expect(runs({ ICP_RUN_SOURCES: '1' })).toBe('sources');
    rmSync(join(root, 'dist', 'app', 'build-info.json'));
    expect(runs()).toBe('sources');
  });
});

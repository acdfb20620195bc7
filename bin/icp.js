#!/usr/bin/env node
// Runs the prebuilt bundle (dist/app, made at install by `npm run build`) while no source is newer
// than it, which saves compiling the TypeScript at every start; otherwise the sources through tsx,
// so an edited checkout never runs stale code and a clone without the bundle still runs.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The build time of dist/app when every file under src/ and locales/ is older than it. */
function freshBundle() {
  if (process.env.ICP_RUN_SOURCES === '1') return false;
  const info = join(root, 'dist', 'app', 'build-info.json');
  if (!existsSync(info)) return false;
  const { builtAt } = JSON.parse(readFileSync(info, 'utf8'));
  // Locales count too: the bundle holds the few JSON files the code imports. Folders count as
  // well: a deleted or renamed source shows only in its folder's time.
  for (const folder of ['src', 'locales']) {
    const paths = [
      folder,
      ...readdirSync(join(root, folder), { recursive: true }).map((name) => join(folder, name)),
    ];
    for (const path of paths) if (statSync(join(root, path)).mtimeMs > builtAt) return false;
  }
  return true;
}

if (freshBundle()) {
  await import('../dist/app/main.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}

/**
 * `npm run build` (also run by `npm install` / `npm ci` through `prepare`): makes what lets
 * `npm start` reach its first prompt quickly, both under dist/ and neither committed:
 *   - dist/app/: the sources bundled into plain JavaScript by esbuild (packages stay in
 *     node_modules). Loading it skips compiling some 300 TypeScript files at every start; bin/icp.js
 *     runs it only while no source is newer (dist/app/build-info.json), else the sources via tsx.
 *   - dist/pglite-template/: an empty embedded database with every migration applied, copied by a
 *     first start instead of running initdb (src/db/pglite-template.ts).
 * `--at-install`: a failure is a warning, not a failed install, since the sources still run as
 * they are (only slower to start).
 */
import { bundleApp, prepareDatabaseTemplate } from './bundle-app.ts';

const atInstall = process.argv.includes('--at-install');
try {
  const started = performance.now();
  await bundleApp();
  await prepareDatabaseTemplate();
  process.stdout.write(
    `built dist/app and dist/pglite-template in ${Math.round(performance.now() - started)} ms\n`,
  );
} catch (error) {
  process.stderr.write(`build failed: ${error instanceof Error ? error.message : String(error)}\n`);
  if (atInstall) process.stderr.write('npm start will run the sources directly (slower to start)\n');
  process.exitCode = atInstall ? 0 : 1;
}

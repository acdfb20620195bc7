/**
 * The `icp` command. Each subcommand lives in its own file and is imported on demand, so
 * `icp check` does not load Telegram, Slack or the database.
 */
const commands: Record<string, () => Promise<{ run(args: string[]): Promise<number> }>> = {
  start: () => import('./start-command.ts'),
  // Each subcommand adds its own line here.
  check: () => import('./check-command.ts'),
  schema: () => import('./schema-command.ts'),
  staff: () => import('./staff-command.ts'),
  documents: () => import('./documents-command.ts'),
};

const [name, ...args] = process.argv.slice(2);
const load = name ? commands[name] : undefined;
if (!load) {
  process.stderr.write(`usage: icp <${Object.keys(commands).join('|')}> [...]\n`);
  process.exit(2);
}
try {
  const command = await load();
  const code = await command.run(args);
  // A started service that stopped cleanly ends by itself (logs flushed); every other result,
  // a refused start included, is the exit code.
  if (code !== undefined && (code !== 0 || name !== 'start')) process.exit(code);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}

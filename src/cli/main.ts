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
  keys: () => import('./keys-command.ts'),
  documents: () => import('./documents-command.ts'),
  'verification-form': () => import('./verification-form-command.ts'),
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
  process.stderr.write(`${await describeFailure(error, args)}\n`);
  process.exit(2);
}

/** One line: the localized text an error carries (e.g. the data-folder lock), else its message. */
async function describeFailure(error: unknown, argv: string[]): Promise<string> {
  const text = (error as { text?: { key: string; params?: Record<string, string | number> } } | null)?.text;
  if (!(error instanceof Error)) return String(error);
  if (!text) return error.message;
  const [{ isLang, t }, { localeLang }] = await Promise.all([
    import('../i18n/index.ts'),
    import('./locale-lang.ts'),
  ]);
  const asked = argv[argv.indexOf('--lang') + 1];
  const lang = argv.includes('--lang') && isLang(asked) ? asked : localeLang(process.env);
  return t(lang, text.key, text.params);
}

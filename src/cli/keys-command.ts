/**
 * `icp keys rotate [--batch N]`: re-encrypts every stored personal value under the current PII key
 * and retires the old one (issue 13). Two ways to configure the keys:
 * - PII_ENCRYPTION_KEY set (servers): put the new key there and the old one in
 *   PII_ENCRYPTION_KEY_PREVIOUS, restart the instances (they read both, write the new), run this
 *   command; when it reports done, remove PII_ENCRYPTION_KEY_PREVIOUS.
 * - The generated key file (embedded default; stop the app first, PGlite is one process): this
 *   command writes a new key file, keeps the old key in `pii-encryption.previous.key` until every
 *   row is re-encrypted, then deletes it.
 * Interrupted (crash, Ctrl-C), it is simply run again: it continues where the rows stand.
 * Exit 0 done, 1 rows left (a value no configured key opens), 2 misuse.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { isLang, type Lang, t } from '../i18n/index.ts';
import { localeLang } from './locale-lang.ts';

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { batch: { type: 'string' }, lang: { type: 'string' } },
  });
  const lang: Lang = values.lang && isLang(values.lang) ? values.lang : localeLang();
  const batchSize = values.batch === undefined ? 500 : Number(values.batch);
  if (
    positionals[0] !== 'rotate' ||
    positionals.length !== 1 ||
    !Number.isInteger(batchSize) ||
    batchSize < 1
  ) {
    process.stderr.write(`${t(lang, 'keys:usage')}\n`);
    return 2;
  }
  const [
    { openDatabase, databaseOptions },
    { beginKeyFileRotation, loadPiiKeyring, retireKeyFile },
    { rewrapRows },
  ] = await Promise.all([
    import('../db/open-database.ts'),
    import('../db/pii-key.ts'),
    import('../key-rotation/rewrap-rows.ts'),
  ]);
  const config = loadConfig();
  const keyFile = config.PII_ENCRYPTION_KEY === undefined;
  if (keyFile) {
    // Creates the key file on a first run; the rotation then starts from it.
    loadPiiKeyring({ dataDir: config.DATA_DIR });
    if (beginKeyFileRotation(config.DATA_DIR).started)
      process.stdout.write(`${t(lang, 'keys:new_key_file')}\n`);
  }
  const db = await openDatabase(databaseOptions(config));
  try {
    process.stdout.write(
      `${t(lang, 'keys:started', { key: db.pii.currentKeyId, keys: db.pii.keyIds.join(', ') })}\n`,
    );
    const report = await rewrapRows(db, {
      batchSize,
      afterBatch: ({ table, total }) => {
        if (total % (batchSize * 20) === 0)
          process.stdout.write(`${t(lang, 'keys:progress', { table, total })}\n`);
      },
    });
    const counts = Object.entries(report.rewritten)
      .map(([table, n]) => `${table} ${n}`)
      .join(', ');
    if (report.remaining > 0) {
      process.stderr.write(`${t(lang, 'keys:incomplete', { remaining: report.remaining })}\n`);
      return 1;
    }
    if (keyFile) retireKeyFile(config.DATA_DIR);
    process.stdout.write(
      `${t(lang, keyFile ? 'keys:done_file' : 'keys:done_env', { key: db.pii.currentKeyId, counts })}\n`,
    );
    return 0;
  } finally {
    await db.close();
  }
}

/**
 * `icp check FILE... [--lang zh|en] [--json]`: validates filing documents offline, one verdict per
 * file. Exit 0 all valid, 1 any invalid, 2 when a file cannot be read, is larger than
 * CHECK_MAX_BYTES or is not JSON (or the command is misused). With `--json` and several files: one
 * `{file, valid, errors}` object per line.
 * Language: `--lang`, else zh when the locale environment (LC_ALL, LC_MESSAGES, LANG, in POSIX order
 * of precedence) starts with `zh`, else en.
 */
import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { CHECK_MAX_BYTES } from '../filing/limits.ts';
import { validateFiling } from '../filing/validate-filing.ts';
import { isLang, type Lang, t } from '../i18n/index.ts';
import { localeLang } from './locale-lang.ts';

const KNOWN_READ_ERRORS = new Set(['ENOENT', 'EACCES', 'EISDIR']);

/** One line, no stack: a localized reason for the usual file errors, else the error's own first line. */
function reasonOf(error: unknown, lang: Lang): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code && KNOWN_READ_ERRORS.has(code)) return t(lang, `filing:cli.check.reason.${code}`);
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

function parseOptions(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: { lang: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
}

export async function run(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(args);
  } catch {
    process.stderr.write(`${t(localeLang(), 'filing:cli.check.usage')}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.lang !== undefined && !isLang(values.lang)) {
    process.stderr.write(`${t(localeLang(), 'filing:cli.check.bad_lang', { value: values.lang })}\n`);
    return 2;
  }
  const lang: Lang = isLang(values.lang) ? values.lang : localeLang();
  if (positionals.length === 0) {
    process.stderr.write(`${t(lang, 'filing:cli.check.usage')}\n`);
    return 2;
  }
  let status = 0;
  for (const file of positionals) {
    const code = await checkFile(file, lang, values.json, positionals.length > 1);
    // An unreadable file (2) outranks an invalid one (1): the run did not judge everything.
    status = Math.max(status, code);
  }
  return status;
}

async function checkFile(file: string, lang: Lang, json: boolean, several: boolean): Promise<number> {
  const doc = await readFilingDocument(file, lang);
  if (!doc.ok) return 2;
  const report = checkFiling(file, doc.value, lang);
  if (json && several) {
    process.stdout.write(`${JSON.stringify({ file, valid: report.valid, errors: report.errors })}\n`);
  } else if (json) {
    process.stdout.write(`${JSON.stringify({ valid: report.valid, errors: report.errors }, null, 2)}\n`);
  } else {
    process.stdout.write(report.text);
  }
  return report.valid ? 0 : 1;
}

/**
 * Reads and parses a filing document; on failure writes the one-line reason to stderr (exit 2).
 * Shared with `icp verification-form`, which refuses files the same way.
 */
export async function readFilingDocument(
  file: string,
  lang: Lang,
): Promise<{ ok: true; value: unknown } | { ok: false }> {
  let text: string;
  try {
    // The size first: a huge file would exhaust the memory before JSON.parse could refuse it.
    const size = (await stat(file)).size;
    if (size > CHECK_MAX_BYTES) {
      const mb = (bytes: number) => (bytes / (1024 * 1024)).toFixed(1);
      process.stderr.write(
        `${t(lang, 'filing:cli.check.too_large', { file, size: mb(size), max: mb(CHECK_MAX_BYTES) })}\n`,
      );
      return { ok: false };
    }
    text = await readFile(file, 'utf8');
  } catch (error) {
    process.stderr.write(
      `${t(lang, 'filing:cli.check.unreadable', { file, reason: reasonOf(error, lang) })}\n`,
    );
    return { ok: false };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    process.stderr.write(
      `${t(lang, 'filing:cli.check.not_json', { file, reason: reasonOf(error, lang) })}\n`,
    );
    return { ok: false };
  }

  return { ok: true, value: doc };
}

export interface CheckReport {
  valid: boolean;
  errors: { path: string; code: string; message: string }[];
  /** What `icp check` prints without --json: one line, then one per problem. */
  text: string;
}

/** `icp check`'s verdict on a parsed document, with its localized messages. */
export function checkFiling(file: string, doc: unknown, lang: Lang): CheckReport {
  const result = validateFiling(doc, { now: new Date() });
  const errors = result.errors.map((p) => ({
    path: p.path,
    code: p.code,
    message: t(lang, `errors:${p.code}`, p.params),
  }));
  if (result.valid) return { valid: true, errors, text: `${t(lang, 'filing:cli.check.valid', { file })}\n` };
  const lines = errors.map((e) => `  ${e.path}: ${e.message}`);
  return {
    valid: false,
    errors,
    text: `${t(lang, 'filing:cli.check.invalid', { file, count: errors.length })}\n${lines.join('\n')}\n`,
  };
}

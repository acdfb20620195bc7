/**
 * `icp verification-form FILING.json --out FORM.pdf [--lang zh|en] [--document KIND]`: the printable
 * form the chat sends, offline. Exit 0 written; 1 the filing is invalid (the same problems as
 * `icp check`, on stderr) or needs no such document; 2 unreadable file, not JSON, misuse, or the
 * PDF could not be written. The provider named on the form is PROVIDER_NAME.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { configSchema } from '../config.ts';
import { formPdf } from '../documents/forms/form-pdf.ts';
import { isPrintableForm, type PrintableForm } from '../filing/printable-forms.ts';
import { isLang, type Lang, t } from '../i18n/index.ts';
import { checkFiling, readFilingDocument } from './check-command.ts';
import { localeLang } from './locale-lang.ts';

function parseOptions(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      lang: { type: 'string' },
      document: { type: 'string', default: 'verification_form' },
    },
  });
}

export async function run(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const usage = (lang: Lang) => {
    process.stderr.write(`${t(lang, 'forms:cli.usage')}\n`);
    return 2;
  };
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(args);
  } catch {
    return usage(localeLang(env));
  }
  const { values, positionals } = parsed;
  if (values.lang !== undefined && !isLang(values.lang)) {
    process.stderr.write(`${t(localeLang(env), 'filing:cli.check.bad_lang', { value: values.lang })}\n`);
    return 2;
  }
  const lang: Lang = isLang(values.lang) ? values.lang : localeLang(env);
  const file = positionals[0];
  if (file === undefined || positionals.length > 1 || !values.out) return usage(lang);
  const kind = values.document;
  if (!isPrintableForm(kind)) {
    process.stderr.write(`${t(lang, 'forms:cli.bad_document', { value: kind })}\n`);
    return 2;
  }
  const provider = configSchema.shape.PROVIDER_NAME.safeParse(env.PROVIDER_NAME);
  if (!provider.success) {
    process.stderr.write(`Invalid PROVIDER_NAME: ${provider.error.issues[0]?.message}\n`);
    return 2;
  }

  const doc = await readFilingDocument(file, lang);
  if (!doc.ok) return 2;
  const report = checkFiling(file, doc.value, lang);
  if (!report.valid) {
    process.stderr.write(report.text);
    return 1;
  }
  return write(doc.value as Record<string, unknown>, kind, values.out, lang, provider.data);
}

async function write(
  filing: Record<string, unknown>,
  kind: PrintableForm,
  out: string,
  lang: Lang,
  providerName: string,
): Promise<number> {
  const form = await formPdf(filing, kind, { lang, providerName, now: new Date() });
  if (!form) {
    process.stderr.write(`${t(lang, 'forms:cli.not_needed', { title: t(lang, `forms:titles.${kind}`) })}\n`);
    return 1;
  }
  try {
    await writeFile(out, form.bytes);
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
    process.stderr.write(`${t(lang, 'forms:cli.write_failed', { file: out, reason })}\n`);
    return 2;
  }
  process.stdout.write(
    `${t(lang, 'forms:cli.written', {
      file: out,
      title: form.title,
      pages: form.pages,
      size: Math.ceil(form.bytes.length / 1024),
    })}\n`,
  );
  return 0;
}

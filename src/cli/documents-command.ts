/**
 * `icp documents inspect FILE [--kind KIND] [--json] [--lang zh|en]`: runs the upload checks and the
 * document reading (QR code, OCR) offline on one image or PDF and prints what was found.
 * Exit 0 read, 1 refused as a document (too small, greyscale, ...), 2 unreadable or misused.
 * Without --kind the QR code is looked for and no OCR runs; `--kind sponsor_certificate` reads a
 * licence, `--kind sponsor_principal_id_front` (or website_principal_id_front) an ID card front.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { isColour, measureColour } from '../documents/colour-check.ts';
import { inspectUpload } from '../documents/inspect-upload.ts';
import { ocrLayoutOf } from '../documents/ocr/ocr-fields.ts';
import { startOcrWorker } from '../documents/ocr/ocr-reader.ts';
import { imageFacts, readDocument } from '../documents/reading/read-document.ts';
import { DEFAULT_UPLOAD_LIMITS, uploadProblemText } from '../documents/upload-problems.ts';
import { isDocumentKind } from '../filing/document-kinds.ts';
import { isLang, type Lang, render, t } from '../i18n/index.ts';
import { localeLang } from './locale-lang.ts';

/** Offline, one file: waiting is fine (the models load first, seconds on a busy machine). */
const CLI_OCR_TIMEOUT_MS = 120_000;

function parseOptions(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      kind: { type: 'string' },
      lang: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
}

export async function run(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(args);
  } catch {
    return usage(localeLang());
  }
  const { values, positionals } = parsed;
  const lang: Lang = isLang(values.lang) ? values.lang : localeLang();
  const [sub, file, ...extra] = positionals;
  if (sub !== 'inspect' || file === undefined || extra.length > 0) return usage(lang);
  if (values.kind !== undefined && !isDocumentKind(values.kind)) {
    process.stderr.write(`${t(lang, 'documents:reading.cli.bad_kind', { value: values.kind })}\n`);
    return 2;
  }
  const say = (line: string) => process.stdout.write(`${line}\n`);

  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    process.stderr.write(`${t(lang, 'documents:reading.cli.unreadable', { file, reason })}\n`);
    return 2;
  }
  const inspected = await inspectUpload(bytes, DEFAULT_UPLOAD_LIMITS);
  if (!inspected.ok) {
    const problems = inspected.problems.map((p) => ({
      code: p.code,
      message: render(lang, uploadProblemText(p)),
    }));
    if (values.json) say(JSON.stringify({ refused: problems }, null, 2));
    else for (const p of problems) say(p.message);
    return inspected.problems.some((p) => p.code === 'upload.unreadable') ? 2 : 1;
  }

  // OCR=off as for the service; the worker starts only for a kind that is read.
  const ocr =
    values.kind && ocrLayoutOf(values.kind) && process.env.OCR !== 'off'
      ? startOcrWorker({ timeoutMs: CLI_OCR_TIMEOUT_MS })
      : undefined;
  try {
    const read = await readDocument(bytes, inspected.value.contentType, {
      ...(values.kind ? { kind: values.kind } : {}),
      ocr,
      alwaysQr: true,
    });
    if (!read.readable || !read.image) {
      process.stderr.write(`${t(lang, 'documents:reading.cli.unreadable', { file, reason: 'PDF' })}\n`);
      return 2;
    }
    // The upload check measured an image's size and colour already; a PDF's page is measured here.
    const size = inspected.value.width !== undefined ? inspected.value : await imageFacts(read.image);
    const colour =
      inspected.value.contentType === 'application/pdf'
        ? isColour(await measureColour(sharp(read.image)))
        : true;
    const report = {
      qr: read.qr ? { text: read.qr.text, uscc: read.qr.uscc } : null,
      ocr: read.ocr
        ? Object.fromEntries(Object.entries(read.ocr.fields).map(([k, v]) => [k, v.value]))
        : null,
      colour,
      width: size.width ?? null,
      height: size.height ?? null,
    };
    if (values.json) {
      say(JSON.stringify(report, null, 2));
    } else {
      say(
        t(lang, 'documents:reading.cli.size', { width: report.width ?? '?', height: report.height ?? '?' }),
      );
      say(t(lang, colour ? 'documents:reading.cli.colour' : 'documents:reading.cli.greyscale'));
      say(
        read.qr
          ? t(lang, 'documents:reading.cli.qr', { text: read.qr.text, uscc: read.qr.uscc ?? '—' })
          : t(lang, 'documents:reading.cli.no_qr'),
      );
      if (values.kind) {
        say(
          report.ocr
            ? t(lang, 'documents:reading.cli.ocr', {
                fields:
                  Object.entries(report.ocr)
                    .map(([k, v]) => `${k}=${v}`)
                    .join(', ') || '—',
              })
            : t(lang, 'documents:reading.cli.no_ocr'),
        );
      }
    }
    return 0;
  } finally {
    await ocr?.close();
  }
}

function usage(lang: Lang): number {
  process.stderr.write(`${t(lang, 'documents:reading.cli.usage')}\n`);
  return 2;
}

/**
 * The console's delivery of printable forms: each 'form' message becomes a PDF file under
 * `DATA_DIR/forms/<filing id>/` and a line with its path. A form that cannot be made or written becomes the
 * line saying to ask again with /documents (the answers are committed already).
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Outgoing } from '../../conversation/types.ts';
import type { FormMaker } from '../../documents/forms/form-maker.ts';
import type { Lang } from '../../i18n/index.ts';
import { formTitle } from '../shared/form-caption.ts';

export interface ConsoleFormsOptions {
  make: FormMaker;
  /** The folder the files go to (`DATA_DIR/forms/<filing id>`, privacy/local-copies.ts). */
  dir: string;
  onError?: (error: unknown, document: string) => void;
}

export async function deliverConsoleForms(
  lang: Lang,
  messages: Outgoing[],
  options: ConsoleFormsOptions,
): Promise<Outgoing[]> {
  if (!messages.some((m) => m.type === 'form')) return messages;
  const out: Outgoing[] = [];
  for (const message of messages) {
    if (message.type !== 'form') {
      out.push(message);
      continue;
    }
    const title = formTitle(lang, message);
    try {
      const file = await options.make(message.filing, message.document, lang);
      if (!file) continue;
      // The forms carry personal data: readable by the bot's user only, like the blobs (issue 12).
      await mkdir(options.dir, { recursive: true, mode: 0o700 });
      const path = join(options.dir, file.fileName);
      // Written whole or not at all: a reader never opens half a PDF.
      const partial = `${path}.${process.pid}.partial`;
      await writeFile(partial, file.bytes, { mode: 0o600 });
      await rename(partial, path);
      out.push({ type: 'notice', texts: [{ key: 'forms:chat.written', params: { title, path } }] });
    } catch (error) {
      options.onError?.(error, message.document);
      out.push({ type: 'notice', texts: [{ key: 'forms:chat.failed', params: { title } }] });
    }
  }
  return out;
}

/**
 * A scripted person at the console: answers whatever question the trace says is shown, from a map
 * of answers keyed by document path (tests/conversation/fixtures/real-scripts.ts), as a person
 * would type them: numbers for options (paging with `n`), `0` to finish ticks, `/skip`, text.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Answer, Script } from '../conversation/fixtures/driver.ts';
import { type ConsoleProcess, codeIn, type TracedQuestion } from '../support/console-process.ts';
import { colourPhotoJpeg, minimalPdf } from '../support/images.ts';

/** Agrees to both consent texts (issue 13) when they are asked: option 1 of each. */
export async function consent(proc: ConsoleProcess): Promise<void> {
  if (proc.question.fieldId !== '@privacy_consent') return;
  await proc.type('1');
  await proc.type('1');
}

/** Registers the account: consents, types the address, reads the code from the mail file, types it. */
export async function register(
  proc: ConsoleProcess,
  email: string,
): Promise<{ code: string; reply: string }> {
  await consent(proc);
  await proc.type(email);
  const code = codeIn(await proc.nextMail());
  return { code, reply: await proc.type(code) };
}

/** Types the number of the option `value`, paging forward until it is shown. */
export async function choose(proc: ConsoleProcess, value: string): Promise<string> {
  for (let i = 0; i < 20; i++) {
    const q = proc.question;
    const index = q.options.indexOf(value);
    if (index >= 0) return proc.type(String(index + 1));
    if (!q.page || q.page.index + 1 >= q.page.count) throw new Error(`${q.path}: no option ${value}`);
    await proc.type('n');
  }
  throw new Error(`${value}: paged too far`);
}

async function answer(proc: ConsoleProcess, q: TracedQuestion, given: Answer): Promise<string> {
  if ('text' in given) return proc.type(given.text);
  if ('choice' in given) return choose(proc, given.choice);
  if ('skip' in given) return proc.type('/skip');
  // Only what differs from the options ticked in advance (a suggestion) is pressed.
  const ticked = new Set(q.ticked ?? []);
  for (const value of given.ticks) if (!ticked.has(value)) await choose(proc, value);
  for (const value of ticked) if (!given.ticks.includes(value)) await choose(proc, value);
  if (!proc.question.multi || proc.question.token !== q.token) throw new Error(`${q.path}: ticks lost`);
  return proc.type('0');
}

/**
 * Answers from the script until `stop(question)` is true or the submit question comes; an answer
 * the console refuses fails at once with its reply.
 */
export async function answerUntil(
  proc: ConsoleProcess,
  script: Script,
  stop: (q: TracedQuestion) => boolean = () => false,
): Promise<TracedQuestion> {
  let websitesLeft = (script.websites ?? 1) - 1;
  for (let i = 0; i < 300; i++) {
    const q = proc.question;
    if (q.fieldId === '@submit' || stop(q)) return q;
    if (q.fieldId === '@add_website') await choose(proc, websitesLeft-- > 0 ? 'yes' : 'no');
    else if (q.fieldId === '@confirm') await choose(proc, websitesLeft-- > 0 ? 'add_website' : 'confirm');
    else {
      const given = script.answers[q.path] ?? script.answers[q.fieldId];
      if (!given) throw new Error(`script has no answer for ${q.path}`);
      const reply = await answer(proc, q, given);
      if (proc.lastTraces.some((t) => t.type === 'error')) {
        throw new Error(`answer for ${q.path} refused:\n${reply}`);
      }
    }
  }
  throw new Error('script did not reach @submit');
}

/**
 * Uploads every missing document with `/upload`: colour photos for identity documents, PDFs (one
 * distinct file each) for the rest, written under `dir`. Returns the kinds uploaded.
 */
export async function uploadMissing(proc: ConsoleProcess, dir: string): Promise<string[]> {
  const photo = join(dir, 'id-photo.jpg');
  await writeFile(photo, await colourPhotoJpeg());
  const kinds: string[] = [];
  for (const [i, doc] of proc.documents.filter((d) => !d.uploaded).entries()) {
    let path = photo;
    if (!doc.kind.includes('id_')) {
      path = join(dir, `${doc.kind}-${i}.pdf`);
      await writeFile(path, Buffer.concat([minimalPdf(), Buffer.from(`\n% variant ${i}\n`)]));
    }
    const site = doc.websiteIndex === undefined ? '' : ` ${doc.websiteIndex + 1}`;
    const pre = doc.preApprovalType ? ` ${doc.preApprovalType}` : '';
    const reply = await proc.type(`/upload ${doc.kind}${site}${pre} ${path}`);
    if (proc.lastTraces.some((t) => t.type === 'error'))
      throw new Error(`upload ${doc.kind} refused:\n${reply}`);
    kinds.push(doc.kind);
  }
  return kinds;
}

/**
 * "Send a photo instead" on the console (issue 14, prefill): `/photo <path>` hands the file to the
 * photo-answer port, and a question that takes a photo says how to send one.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type ConsolePorts, runConsoleChat } from '../../../src/channels/console/console-chat.ts';
import { parseConsoleLine } from '../../../src/channels/console/parse-console-line.ts';
import { renderConsole } from '../../../src/channels/console/render-console.ts';
import type { QuestionMessage } from '../../../src/conversation/types.ts';
import { t } from '../../../src/i18n/index.ts';

const nameQuestion: QuestionMessage = {
  type: 'question',
  token: 'q1',
  fieldId: 'sponsorPrincipal.name',
  path: 'sponsorPrincipal.name',
  section: 'sponsorPrincipal',
  title: { key: 'filing:fields.sponsorPrincipal.name.label' },
  help: { key: 'filing:fields.sponsorPrincipal.name.help' },
  kind: 'text',
  skippable: false,
  progress: { answered: 3, total: 30 },
  photo: { kind: 'sponsor_principal_id_front' },
};

async function chat(lines: string[], ports: Partial<ConsolePorts>): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk: Buffer) => {
    printed += chunk.toString('utf8');
  });
  const done = runConsoleChat({
    ports: {
      handleInput: async () => ({ lang: 'en', messages: [nameQuestion] }),
      acceptUpload: async () => ({ lang: 'en', messages: [] }),
      ...ports,
    },
    lang: 'en',
    dataDir: '/tmp/x',
    input,
    output,
  });
  for (const line of lines) input.write(`${line}\n`);
  input.end();
  await done;
  return printed;
}

describe('console: /photo', () => {
  it('parses the path as typed, quoted or not; no path is a usage line', () => {
    expect(parseConsoleLine('/photo ./id front.jpg', undefined)).toEqual({
      type: 'photo',
      path: './id front.jpg',
    });
    expect(parseConsoleLine('/photo "/tmp/my id.png"', undefined)).toEqual({
      type: 'photo',
      path: '/tmp/my id.png',
    });
    expect(parseConsoleLine('/photo', undefined)).toEqual({ type: 'usage', key: 'console:photo.usage' });
  });

  it('a question that takes a photo says how to send it, in both languages', () => {
    for (const lang of ['en', 'zh'] as const) {
      const kind = t(lang, 'documents:kinds.sponsor_principal_id_front');
      expect(renderConsole(lang, [nameQuestion])).toContain(t(lang, 'console:photo.instead', { kind }));
    }
  });

  it("hands the file's bytes to the photo port and shows its reply; a question without a photo says so", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'icp-console-photo-'));
    try {
      const path = join(dir, 'id front.jpg');
      await writeFile(path, 'the photo');
      const received: string[] = [];
      const printed = await chat([`/photo ${path}`], {
        answerWithPhoto: async (_path, bytes) => {
          received.push(bytes.toString());
          return { lang: 'en', messages: [{ type: 'info', text: { key: 'conversation:photo.unread' } }] };
        },
      });
      expect(received).toEqual(['the photo']);
      expect(printed).toContain(t('en', 'conversation:photo.unread'));

      const refused = await chat([`/photo ${path}`], { answerWithPhoto: async () => undefined });
      expect(refused).toContain(t('en', 'console:photo.notNow'));
      const missing = await chat([`/photo ${join(dir, 'nope.jpg')}`], {});
      expect(missing).toContain(t('en', 'console:fileUnreadable', { path: join(dir, 'nope.jpg') }));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

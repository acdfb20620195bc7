/**
 * A clean console (issue 17 item 11): log lines go to `<DATA_DIR>/logs/console.log`, not between
 * the chat's lines, and "open it to read the code" is said only for a mail that carries a code.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mailWrittenLine } from '../../../src/channels/console/mail-written-line.ts';
import { t } from '../../../src/i18n/index.ts';
import { consoleLogger } from '../../../src/logger.ts';
import { createEmlFileMailer } from '../../../src/mail/eml-file-mailer.ts';
import { emailHandler } from '../../../src/notify/email-handler.ts';
import type { EmailPayload } from '../../../src/notify/email-payload.ts';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'icp-console-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** The lines the console shows for each mail the notify worker writes to a file. */
async function linesFor(payloads: EmailPayload[], lang: 'en' | 'zh'): Promise<string[]> {
  const lines: string[] = [];
  const mailer = createEmlFileMailer({
    dir: join(dataDir, 'mail'),
    from: 'ICP <noreply@localhost>',
    logger: { info: (fields) => lines.push(mailWrittenLine(lang, fields)) },
  });
  const handle = emailHandler(mailer, silent);
  let id = 1n;
  for (const payload of payloads) {
    await handle({
      id: id++,
      topic: 'email',
      orderKey: 'email:a',
      payload,
      dedupeKey: null,
      attempts: 1,
      createdAt: new Date(),
    });
  }
  return lines;
}

describe('console output', () => {
  it('writes log lines to <DATA_DIR>/logs/console.log', async () => {
    const log = consoleLogger('info', dataDir);
    log.info({ filingId: 'f-1' }, 'storage ready');
    log.flush();
    const written = await readFile(join(dataDir, 'logs', 'console.log'), 'utf8');
    expect(JSON.parse(written.trim())).toMatchObject({ filingId: 'f-1', msg: 'storage ready' });
  });

  for (const lang of ['en', 'zh'] as const) {
    it(`says "read the code" only for a mail that carries one (${lang})`, async () => {
      const to = 'wangfang@example.cn';
      const [code, status] = await linesFor(
        [
          { kind: 'verification_code', to, lang, code: '731904', minutes: 10 },
          { kind: 'status', to, lang, domain: 'example.cn', stageKey: 'review:stages.interview', lines: [] },
        ],
        lang,
      );
      const readTheCode = t(lang, 'console:mailWritten', { path: '' })
        .split('：')
        .at(-1)!
        .split(': ')
        .at(-1)!;
      expect(code).toContain(readTheCode);
      expect(status).not.toContain(readTheCode);
      expect(status).toContain(join(dataDir, 'mail'));
    });
  }
});

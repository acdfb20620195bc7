import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMailer, mailDir } from '../../src/mail/create-mailer.ts';
import { createEmlFileMailer } from '../../src/mail/eml-file-mailer.ts';
import { verificationCodeMail } from '../../src/mail/templates.ts';
import { parseMail } from '../support/smtp-server.ts';

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'icp-mail-'));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('.eml file mailer (no SMTP configured)', () => {
  it('writes each message as an .eml file under <DATA_DIR>/mail and returns its path', async () => {
    const mailer = createMailer({
      SMTP_URL: undefined,
      MAIL_FROM: 'ICP <noreply@localhost>',
      DATA_DIR: dataDir,
    });
    const content = verificationCodeMail('zh', { code: '731904', minutes: 10 });
    const first = await mailer.send({ to: 'zhangsan@example.cn', ...content });
    const second = await mailer.send({ to: 'lisi@example.cn', ...content });

    expect(first.path).toBeDefined();
    expect(first.path!.startsWith(join(dataDir, 'mail'))).toBe(true);
    expect(first.path).toMatch(/\.eml$/);
    expect(second.path).not.toBe(first.path);
    expect((await readdir(mailDir(dataDir))).sort()).toHaveLength(2);

    const raw = await readFile(first.path!, 'utf8');
    expect(raw).toContain('\r\n');
    const mail = parseMail(raw);
    expect(mail.to).toBe('zhangsan@example.cn');
    expect(mail.subject).toBe('[ICP备案] 您的邮箱验证码');
    expect(mail.text).toContain('731904');
    expect(mail.html).toContain('731904');
    expect(mail.headers.get('message-id')).toBe(first.messageId);
    // It holds a live code: owner-only.
    expect((await stat(first.path!)).mode & 0o077).toBe(0);
  });

  it('logs the path with the recipient masked', async () => {
    const logged: unknown[] = [];
    const mailer = createEmlFileMailer({
      dir: join(dataDir, 'mail'),
      from: 'ICP <noreply@localhost>',
      now: () => new Date('2026-03-02T09:00:00.000Z'),
      logger: { info: (fields) => logged.push(fields) },
    });
    const sent = await mailer.send({
      to: 'zhangsan@example.cn',
      ...verificationCodeMail('en', { code: '1', minutes: 10 }),
      carriesCode: true,
    });
    expect(sent.path).toMatch(/2026-03-02T09-00-00-000Z-[0-9a-f]{8}\.eml$/);
    expect(logged).toEqual([
      { path: sent.path, to: 'z***@example.cn', messageId: sent.messageId, carriesCode: true },
    ]);
    // A hint for the console, not a header of the mail.
    expect(await readFile(sent.path!, 'utf8')).not.toMatch(/carriesCode/i);
    expect(JSON.stringify(logged)).not.toContain('zhangsan');
  });
});

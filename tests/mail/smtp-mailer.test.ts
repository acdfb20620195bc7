import { type AddressInfo, createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { i18n } from '../../src/i18n/index.ts';
import { createMailer } from '../../src/mail/create-mailer.ts';
import { isTransientMailError } from '../../src/mail/mail-errors.ts';
import type { Mailer } from '../../src/mail/mailer.ts';
import { createSmtpMailer } from '../../src/mail/smtp-mailer.ts';
import { statusMail, verificationCodeMail } from '../../src/mail/templates.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.ts';

const FROM = 'ICP备案助手 <noreply@icp.example.cn>';
let server: TestSmtpServer;
let mailer: Mailer;

beforeAll(async () => {
  server = await startSmtpServer();
  mailer = createMailer({ SMTP_URL: server.url, MAIL_FROM: FROM, DATA_DIR: '/nonexistent' });
  i18n().addResourceBundle('zh', 'mailtest', { stage: '初审通过', line: '面谈地点：{{office}}' });
});

afterAll(async () => {
  mailer.close();
  await server.stop();
});

beforeEach(async () => {
  server.received.length = 0;
  server.reject(undefined);
  await server.start();
});

async function sendExpectingFailure(to: string): Promise<unknown> {
  try {
    await mailer.send({ to, ...verificationCodeMail('en', { code: '123456', minutes: 10 }) });
  } catch (err) {
    return err;
  }
  throw new Error('send should have failed');
}

describe('SMTP mailer against a loopback SMTP server', () => {
  it('delivers the Chinese verification mail', async () => {
    const sent = await mailer.send({
      to: 'zhangsan@example.cn',
      ...verificationCodeMail('zh', { code: '048213', minutes: 10 }),
    });
    const [mail] = await server.waitForMessages(1);
    expect(sent.messageId).toMatch(/^<.+>$/);
    expect(sent.path).toBeUndefined();
    expect(mail!.envelopeTo).toEqual(['zhangsan@example.cn']);
    expect(mail!.envelopeFrom).toBe('noreply@icp.example.cn');
    expect(mail!.from).toContain('ICP备案助手');
    expect(mail!.subject).toBe('[ICP备案] 您的邮箱验证码');
    expect(mail!.text).toContain('048213');
    expect(mail!.text).toContain('10分钟内有效');
    expect(mail!.html).toContain('>048213</p>');
    expect(mail!.headers.get('message-id')).toBe(sent.messageId);
  });

  it('delivers the English verification mail', async () => {
    await mailer.send({
      to: 'alice@example.com',
      ...verificationCodeMail('en', { code: '990011', minutes: 10 }),
    });
    const [mail] = await server.waitForMessages(1);
    expect(mail!.to).toBe('alice@example.com');
    expect(mail!.subject).toBe('[ICP filing] Your email verification code');
    expect(mail!.text).toContain('990011');
    expect(mail!.text).toContain('valid for 10 minutes');
    expect(mail!.html).toContain('<html lang="en">');
  });

  it('delivers a status mail with the HTML escaped end to end', async () => {
    const content = statusMail('zh', {
      domain: 'example.cn',
      stageKey: 'mailtest:stage',
      lines: [{ key: 'mailtest:line', params: { office: '北京 <朝阳> & 酒仙桥' } }],
    });
    await mailer.send({ to: 'zhangsan@example.cn', ...content });
    const [mail] = await server.waitForMessages(1);
    expect(mail!.subject).toBe('[ICP备案] example.cn：初审通过');
    expect(mail!.text).toContain('面谈地点：北京 <朝阳> & 酒仙桥');
    expect(mail!.html).toContain('面谈地点：北京 &lt;朝阳&gt; &amp; 酒仙桥');
    expect(mail!.html).not.toContain('<朝阳>');
  });

  it('fails transiently while the server is down, and delivers once it is back', async () => {
    await server.stop();
    const err = await sendExpectingFailure('zhangsan@example.cn');
    expect(err).toMatchObject({ code: 'ESOCKET', originalCode: 'ECONNREFUSED' });
    expect(isTransientMailError(err)).toBe(true);

    await server.start();
    await mailer.send({
      to: 'zhangsan@example.cn',
      ...verificationCodeMail('zh', { code: '111222', minutes: 10 }),
    });
    const received = await server.waitForMessages(1);
    expect(received).toHaveLength(1);
    expect(received[0]!.text).toContain('111222');
  });

  it('classifies a 4xx reply as transient and a 5xx reply as permanent', async () => {
    server.reject({ responseCode: 451, message: 'Try again later' });
    const later = await sendExpectingFailure('zhangsan@example.cn');
    expect(later).toMatchObject({ responseCode: 451 });
    expect(isTransientMailError(later)).toBe(true);

    server.reject({ responseCode: 550, message: 'No such user' });
    const never = await sendExpectingFailure('nobody@example.cn');
    expect(never).toMatchObject({ responseCode: 550 });
    expect(isTransientMailError(never)).toBe(false);
    expect(server.received).toHaveLength(0);
  });

  it('gives up on a server that never greets, instead of waiting for nodemailer’s long default', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const slow = createSmtpMailer({ url: `smtp://127.0.0.1:${port}`, from: FROM, greetingTimeoutMs: 200 });
    const err = await slow
      .send({ to: 'a@example.cn', ...verificationCodeMail('en', { code: '123456', minutes: 10 }) })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    slow.close();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
    expect(err).toMatchObject({ code: 'ETIMEDOUT' });
    expect(isTransientMailError(err)).toBe(true);
  });
});

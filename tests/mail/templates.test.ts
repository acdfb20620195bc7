import { beforeAll, describe, expect, it } from 'vitest';
import { i18n } from '../../src/i18n/index.ts';
import { escapeHtml } from '../../src/mail/html.ts';
import { statusMail, verificationCodeMail } from '../../src/mail/templates.ts';

// Stage and ping texts belong to the review namespace; this file brings its own so it does not
// depend on their wording.
beforeAll(() => {
  i18n().addResourceBundle('zh', 'mailtest', {
    stage: '初审通过',
    interview: '请于 {{date}} 前到 {{office}} 面谈。',
  });
  i18n().addResourceBundle('en', 'mailtest', {
    stage: 'first review passed',
    interview: 'Please come to {{office}} for the interview by {{date}}.',
  });
});

describe('verificationCodeMail', () => {
  it('writes the code and its validity in Chinese', () => {
    const mail = verificationCodeMail('zh', { code: '048213', minutes: 10 });
    expect(mail.subject).toBe('[ICP备案] 您的邮箱验证码');
    expect(mail.text).toContain('048213');
    expect(mail.text).toContain('10分钟内有效');
    expect(mail.html).toContain('<html lang="zh-CN">');
    expect(mail.html).toContain('>048213</p>');
  });

  it('writes the code and its validity in English', () => {
    const mail = verificationCodeMail('en', { code: '048213', minutes: 10 });
    expect(mail.subject).toBe('[ICP filing] Your email verification code');
    expect(mail.text).toContain('048213');
    expect(mail.text).toContain('valid for 10 minutes');
    expect(mail.html).toContain('<html lang="en">');
  });
});

describe('statusMail', () => {
  const lines = [{ key: 'mailtest:interview', params: { date: '2026-03-05', office: '北京 <No. 1> & Co' } }];

  it('puts the domain and the stage in the subject, in the applicant language', () => {
    expect(statusMail('zh', { domain: 'example.cn', stageKey: 'mailtest:stage', lines }).subject).toBe(
      '[ICP备案] example.cn：初审通过',
    );
    expect(statusMail('en', { domain: 'example.cn', stageKey: 'mailtest:stage', lines }).subject).toBe(
      '[ICP filing] example.cn: first review passed',
    );
  });

  it('keeps the text part plain and escapes every value in the HTML part', () => {
    const mail = statusMail('en', { domain: 'ex<script>.cn', stageKey: 'mailtest:stage', lines });
    expect(mail.text).toContain('Please come to 北京 <No. 1> & Co for the interview by 2026-03-05.');
    expect(mail.html).toContain('北京 &lt;No. 1&gt; &amp; Co');
    expect(mail.html).toContain('ex&lt;script&gt;.cn');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<No. 1>');
  });

  it('keeps the subject on one line whatever the domain holds', () => {
    const mail = statusMail('en', {
      domain: 'a.cn\r\nBcc: x@evil.cn',
      stageKey: 'mailtest:stage',
      lines: [],
    });
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and attributes', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

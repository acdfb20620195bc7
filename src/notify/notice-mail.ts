import { type Lang, render, type Text, t } from '../i18n/index.ts';
import { htmlDocument, paragraph } from '../mail/html.ts';
import type { MailContent } from '../mail/templates.ts';

const HTML_LANG: Record<Lang, string> = { zh: 'zh-CN', en: 'en' };

/** A reminder by mail: the same lines the chat shows, with the usual hint and footer. */
export function noticeMail(lang: Lang, input: { subject: Text; lines: readonly Text[] }): MailContent {
  const subject = render(lang, input.subject)
    .replace(/[\r\n]+/g, ' ')
    .trim();
  const lines = input.lines.map((line) => render(lang, line));
  const hint = t(lang, 'mail:status.chat_hint');
  const footer = t(lang, 'mail:footer');
  return {
    subject,
    text: [...lines, hint, '--', footer].join('\n\n'),
    html: htmlDocument(HTML_LANG[lang], subject, [
      ...lines.map((line) => paragraph(line)),
      paragraph(hint),
      paragraph(footer, 'color:#777;font-size:12px'),
    ]),
  };
}

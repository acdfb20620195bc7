import { type Lang, render, type Text, t } from '../i18n/index.ts';
import { escapeHtml, htmlDocument, paragraph } from './html.ts';

/** A rendered mail without its recipient: what `Mailer.send` needs besides `to`. */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

const HTML_LANG: Record<Lang, string> = { zh: 'zh-CN', en: 'en' };
const MUTED = 'color:#777;font-size:12px';

/** The one-time code mail, in the applicant's language. */
export function verificationCodeMail(lang: Lang, input: { code: string; minutes: number }): MailContent {
  const subject = oneLine(t(lang, 'mail:verification.subject'));
  const intro = t(lang, 'mail:verification.intro');
  const validity = t(lang, 'mail:verification.validity', { minutes: input.minutes });
  const ignore = t(lang, 'mail:verification.ignore');
  const footer = t(lang, 'mail:footer');
  return {
    subject,
    text: [intro, input.code, validity, ignore, '--', footer].join('\n\n'),
    html: htmlDocument(HTML_LANG[lang], subject, [
      paragraph(intro),
      paragraph(input.code, 'font-size:28px;font-weight:bold;letter-spacing:6px;font-family:monospace'),
      paragraph(validity),
      paragraph(ignore),
      paragraph(footer, MUTED),
    ]),
  };
}

/**
 * A review status ping by mail. `stageKey` is the full locale key of the stage or outcome
 * (e.g. `review:...`), `lines` the same texts the chat ping shows (what happened, what to do, ETA).
 */
export function statusMail(
  lang: Lang,
  input: { domain: string; stageKey: string; lines: Text[] },
): MailContent {
  const params = { domain: input.domain, stage: t(lang, input.stageKey) };
  const subject = oneLine(t(lang, 'mail:status.subject', params));
  const heading = t(lang, 'mail:status.heading', params);
  const lines = input.lines.map((line) => render(lang, line));
  const hint = t(lang, 'mail:status.chat_hint');
  const footer = t(lang, 'mail:footer');
  return {
    subject,
    text: [heading, ...lines, hint, '--', footer].join('\n\n'),
    html: htmlDocument(HTML_LANG[lang], subject, [
      `<h2 style="font-size:18px">${escapeHtml(heading)}</h2>`,
      ...lines.map((line) => paragraph(line)),
      paragraph(hint),
      paragraph(footer, MUTED),
    ]),
  };
}

/** A header value must stay on one line, whatever a domain or translation holds. */
function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, ' ').trim();
}

/**
 * Engine messages → Telegram messages (HTML text + inline keyboard). Pure: no network, so the
 * layout is tested without a bot. Every locale string and every applicant value is escaped.
 */
import type { InlineKeyboardButton } from 'telegraf/types';
import type {
  ClearedField,
  Outgoing,
  ProblemMessage,
  QuestionMessage,
  RequiredDocument,
  SummarySection,
} from '../../conversation/types.ts';
import { hasText, type Lang, render, t } from '../../i18n/index.ts';
import { formCaption, formFailedText } from '../shared/form-caption.ts';
import { labelText, valueText } from '../shared/labels.ts';
import { encodeCallbackData } from './callback-data.ts';
import { bold, escapeHtml } from './html.ts';
import { splitText, TELEGRAM_TEXT_LIMIT } from './split-text.ts';

export interface RenderedMessage {
  /** HTML (parse_mode HTML), within Telegram's 4096-character limit. */
  text: string;
  keyboard?: InlineKeyboardButton[][];
  /** Set on question messages: toggles and paging may edit this message in place. */
  question?: { path: string; token: string };
  /**
   * A printable form: sent as a PDF document with `text` as its caption (reply-sender.ts); if the
   * file cannot be made or sent, `failedText` goes instead.
   */
  form?: { message: Extract<Outgoing, { type: 'form' }>; lang: Lang; failedText: string };
  /** Sent as a document with `text` as its caption (the applicant's `/export`). */
  document?: { fileName: string; content: string };
}

/** Buttons of document kinds are not tied to a question, so they carry this fixed token. */
export const DOCUMENT_TOKEN = 'doc';

export function renderOutgoing(lang: Lang, message: Outgoing): RenderedMessage[] {
  switch (message.type) {
    case 'question':
      return [renderQuestion(lang, message)];
    case 'error':
      return [{ text: renderProblems(lang, message.problems, message.hint) }];
    case 'info':
      return splitText(escapeHtml(render(lang, message.text))).map((text) => ({ text }));
    case 'cleared':
      return [{ text: renderCleared(lang, message.fields) }];
    case 'summary':
      return renderSummary(lang, message.sections);
    case 'documents':
      return [renderDocuments(lang, message.required)];
    case 'submitted':
      return [{ text: escapeHtml(t(lang, 'telegram:submitted')) }];
    case 'resubmitted':
      return [{ text: escapeHtml(t(lang, 'telegram:resubmitted')) }];
    case 'notice':
      return splitText(escapeHtml(message.texts.map((text) => render(lang, text)).join('\n'))).map(
        (text) => ({
          text,
        }),
      );
    case 'form':
      return [
        {
          text: escapeHtml(formCaption(lang, message)),
          form: { message, lang, failedText: escapeHtml(formFailedText(lang, message)) },
        },
      ];
    case 'file':
      return [
        {
          text: escapeHtml(render(lang, message.caption)),
          document: { fileName: message.fileName, content: message.content },
        },
      ];
    default:
      return unreachable(message);
  }
}

function unreachable(message: never): never {
  // The type only: the message itself may carry a whole filing with ID numbers.
  throw new Error(`unknown outgoing message type ${(message as { type?: unknown }).type}`);
}

/**
 * All of a reply's messages. A refusal followed by its question again goes out as one message
 * (the reason on top, the question and its buttons below): one notification instead of two, and
 * the field's help is not shown twice. Too long for one message, they stay apart.
 */
export function renderAll(lang: Lang, messages: readonly Outgoing[]): RenderedMessage[] {
  const out: RenderedMessage[] = [];
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i]!;
    const next = messages[i + 1];
    if (message.type === 'error' && next?.type === 'question') {
      const question = renderQuestion(lang, next);
      const hint =
        message.hint && render(lang, message.hint) !== render(lang, next.help) ? message.hint : undefined;
      const text = `${renderProblems(lang, message.problems, hint)}\n\n${question.text}`;
      if (text.length <= TELEGRAM_TEXT_LIMIT) {
        out.push({ ...question, text });
        i++;
        continue;
      }
    }
    out.push(...renderOutgoing(lang, message));
  }
  return out;
}

function renderQuestion(lang: Lang, q: QuestionMessage): RenderedMessage {
  const lines = [bold(render(lang, q.title))];
  const help = render(lang, q.help);
  if (help.trim() !== '' && help !== q.help.key) lines.push(escapeHtml(help));
  if (q.current !== undefined && !q.multi) {
    lines.push('', escapeHtml(t(lang, 'telegram:question.current', { value: valueText(lang, q.current) })));
  }
  if (q.page && q.page.count > 1) {
    lines.push(escapeHtml(t(lang, 'telegram:buttons.page', { page: q.page.index + 1, pages: q.page.count })));
  }
  if (q.photo) {
    lines.push(
      '',
      escapeHtml(t(lang, 'telegram:question.photoInstead', { kind: documentLabel(lang, q.photo) })),
    );
  }
  if (q.progress.total > 0 && q.section !== 'flow') {
    // An answered question asked again is not "n of m": n would count it twice.
    const progress = q.progress.editing
      ? t(lang, 'telegram:question.editing')
      : t(lang, 'telegram:question.progress', { answered: q.progress.answered + 1, total: q.progress.total });
    lines.push('', `<i>${escapeHtml(progress)}</i>`);
  }
  const keyboard = questionKeyboard(lang, q);
  return {
    text: lines.join('\n'),
    ...(keyboard.length > 0 ? { keyboard } : {}),
    question: { path: q.path || q.fieldId, token: q.token },
  };
}

function questionKeyboard(lang: Lang, q: QuestionMessage): InlineKeyboardButton[][] {
  const rows: InlineKeyboardButton[][] = [];
  const options = q.options ?? [];
  const buttons = options.map((o) => {
    const label = labelText(lang, o.label);
    const text = q.multi ? `${o.selected ? '✅' : '▫️'} ${label}` : label;
    const action = q.multi ? 'x' : 'o';
    return { text, callback_data: encodeCallbackData({ token: q.token, action, value: o.value }) };
  });
  // Short labels (provinces, yes/no) sit two to a row; longer ones get a row each so they stay readable.
  const perRow = buttons.every((b) => b.text.length <= 14) && buttons.length > 3 ? 2 : 1;
  for (let i = 0; i < buttons.length; i += perRow) rows.push(buttons.slice(i, i + perRow));
  if (q.page && q.page.count > 1) {
    const nav: InlineKeyboardButton[] = [];
    const { index, count } = q.page;
    if (index > 0) {
      nav.push({
        text: t(lang, 'telegram:buttons.previous'),
        callback_data: encodeCallbackData({ token: q.token, action: 'p', value: String(index - 1) }),
      });
    }
    nav.push({
      text: `${index + 1}/${count}`,
      callback_data: encodeCallbackData({ token: q.token, action: 'p', value: String(index) }),
    });
    if (index < count - 1) {
      nav.push({
        text: t(lang, 'telegram:buttons.next'),
        callback_data: encodeCallbackData({ token: q.token, action: 'p', value: String(index + 1) }),
      });
    }
    rows.push(nav);
  }
  const last: InlineKeyboardButton[] = [];
  if (q.multi) {
    last.push({
      text: t(lang, 'telegram:buttons.done'),
      callback_data: encodeCallbackData({ token: q.token, action: 'd', value: '' }),
    });
  }
  if (q.skippable) {
    last.push({
      text: t(lang, 'telegram:buttons.skip'),
      callback_data: encodeCallbackData({ token: q.token, action: 's', value: '' }),
    });
  }
  if (last.length > 0) rows.push(last);
  return rows;
}

function renderProblems(
  lang: Lang,
  problems: readonly ProblemMessage[],
  hint?: QuestionMessage['help'],
): string {
  const lines = problems.map((p) => {
    const reason = render(lang, p.text);
    return p.field ? `⚠️ ${bold(render(lang, p.field))}: ${escapeHtml(reason)}` : `⚠️ ${escapeHtml(reason)}`;
  });
  if (hint) lines.push('', escapeHtml(render(lang, hint)));
  return lines.join('\n');
}

function renderCleared(lang: Lang, fields: readonly ClearedField[]): string {
  const lines = [escapeHtml(t(lang, 'telegram:cleared.title'))];
  for (const f of fields) {
    const field = render(lang, f.field);
    lines.push(
      escapeHtml(
        f.reason === 'invalid'
          ? t(lang, 'telegram:cleared.invalid', {
              field,
              reasons: f.problems.map((p) => render(lang, p)).join(lang === 'zh' ? '；' : '; '),
            })
          : t(lang, 'telegram:cleared.notApplicable', { field }),
      ),
    );
  }
  return splitText(lines.join('\n'))[0] ?? '';
}

function renderSummary(lang: Lang, sections: readonly SummarySection[]): RenderedMessage[] {
  const lines = [bold(t(lang, 'telegram:summary.title'))];
  for (const section of sections) {
    const title = render(lang, section.title);
    lines.push(
      '',
      bold(
        section.websiteIndex === undefined
          ? title
          : t(lang, 'telegram:summary.websiteSection', { title, number: section.websiteIndex + 1 }),
      ),
    );
    for (const row of section.rows) {
      const value = valueText(lang, row.value);
      lines.push(
        escapeHtml(
          t(lang, 'telegram:summary.row', {
            number: row.number,
            label: render(lang, row.label),
            value: value === '' ? t(lang, 'telegram:summary.empty') : value,
          }),
        ),
      );
    }
  }
  return splitText(lines.join('\n')).map((text) => ({ text }));
}

/** A document kind's name (`documents:kinds.<kind>`); an unknown kind shows its code. */
export function documentKindName(lang: Lang, kind: string): string {
  const key = `documents:kinds.${kind}`;
  return hasText(lang, key) ? t(lang, key) : kind;
}

export function documentLabel(lang: Lang, doc: Pick<RequiredDocument, 'kind' | 'websiteIndex'>): string {
  const kind = documentKindName(lang, doc.kind);
  return doc.websiteIndex === undefined
    ? kind
    : t(lang, 'telegram:documents.website', { kind, number: doc.websiteIndex + 1 });
}

/** `kind` or `kind.<websiteIndex>`: what a document button carries. */
export function documentRef(doc: Pick<RequiredDocument, 'kind' | 'websiteIndex'>): string {
  return doc.websiteIndex === undefined ? doc.kind : `${doc.kind}.${doc.websiteIndex}`;
}

export function parseDocumentRef(ref: string): { kind: string; websiteIndex?: number } | undefined {
  const match = /^([A-Za-z0-9_-]+)(?:\.(\d{1,3}))?$/.exec(ref);
  if (!match) return undefined;
  return match[2] === undefined ? { kind: match[1]! } : { kind: match[1]!, websiteIndex: Number(match[2]) };
}

export function renderDocuments(
  lang: Lang,
  required: readonly RequiredDocument[],
  lead?: string,
): RenderedMessage {
  if (required.length === 0) return { text: escapeHtml(lead ?? t(lang, 'telegram:documents.none')) };
  const lines = [bold(t(lang, 'telegram:documents.title'))];
  for (const doc of required) {
    const kind = documentLabel(lang, doc);
    lines.push(
      escapeHtml(
        t(lang, doc.uploaded ? 'telegram:documents.uploaded' : 'telegram:documents.missing', { kind }),
      ),
    );
    const reason = render(lang, doc.reason);
    if (reason.trim() !== '' && reason !== doc.reason.key) lines.push(`    <i>${escapeHtml(reason)}</i>`);
  }
  lines.push('', escapeHtml(lead ?? t(lang, 'telegram:documents.pick')));
  const keyboard = required.map((doc) => [
    {
      text: t(lang, doc.uploaded ? 'telegram:buttons.replace' : 'telegram:buttons.upload', {
        kind: documentLabel(lang, doc),
      }),
      callback_data: encodeCallbackData({ token: DOCUMENT_TOKEN, action: 'k', value: documentRef(doc) }),
    },
  ]);
  return { text: lines.join('\n'), keyboard };
}

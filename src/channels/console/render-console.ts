/**
 * Engine messages → plain terminal text. Options are numbered so a person can answer with a
 * number; pure, so the layout is tested without a terminal.
 */

import { PAGE_SIZE } from '../../conversation/question.ts';
import type {
  ClearedField,
  Outgoing,
  ProblemMessage,
  QuestionMessage,
  RequiredDocument,
  SummarySection,
} from '../../conversation/types.ts';
import { type Lang, render, t } from '../../i18n/index.ts';
import { formCaption } from '../shared/form-caption.ts';
import { labelText, valueText } from '../shared/labels.ts';
import { consoleWording } from './console-wording.ts';

export function renderConsole(lang: Lang, messages: readonly Outgoing[]): string {
  return messages.map((m) => renderOne(lang, m)).join('\n\n');
}

function renderOne(lang: Lang, message: Outgoing): string {
  switch (message.type) {
    case 'question':
      return renderQuestion(lang, message);
    case 'error':
      return renderProblems(lang, message.problems, message.hint);
    case 'info':
      return render(lang, consoleWording(message.text));
    case 'cleared':
      return renderCleared(lang, message.fields);
    case 'summary':
      return renderSummary(lang, message.sections);
    case 'documents':
      return renderDocuments(lang, message.required);
    case 'submitted':
      return t(lang, 'console:submitted');
    case 'resubmitted':
      return t(lang, 'conversation:ui.resubmittedTitle');
    case 'notice':
      return message.texts.map((text) => render(lang, text)).join('\n');
    case 'form':
      // The console channel writes the file and shows its path instead (console-forms.ts).
      return formCaption(lang, message);
    case 'file':
      // The console's own export is written to a file by the privacy service; only the caption shows.
      return render(lang, message.caption);
  }
}

function renderQuestion(lang: Lang, q: QuestionMessage): string {
  const lines: string[] = [];
  if (q.section !== 'flow' && q.progress.total > 0) {
    lines.push(
      q.progress.editing
        ? t(lang, 'console:editing')
        : t(lang, 'console:progress', { answered: q.progress.answered + 1, total: q.progress.total }),
    );
  }
  lines.push(`» ${render(lang, q.title)}`);
  const help = render(lang, q.help);
  if (help.trim() !== '' && help !== q.help.key) lines.push(`  ${help}`);
  if (q.current !== undefined && !q.multi) {
    lines.push(`  ${t(lang, 'console:current', { value: valueText(lang, q.current) })}`);
  }
  // Numbers continue across pages (9, 10… on page 2), as the engine reads them.
  const first = (q.page?.index ?? 0) * PAGE_SIZE;
  (q.options ?? []).forEach((option, i) => {
    const tick = q.multi ? (option.selected ? '[x] ' : '[ ] ') : option.selected ? '* ' : '';
    lines.push(`  ${first + i + 1}) ${tick}${labelText(lang, option.label)}`);
  });
  if (q.page && q.page.count > 1) {
    lines.push(`  ${t(lang, 'console:page', { page: q.page.index + 1, pages: q.page.count })}`);
  }
  const hints: string[] = [];
  if (q.options && q.options.length > 0) {
    hints.push(t(lang, q.multi ? 'console:hint.multi' : 'console:hint.choice'));
    if (q.kind === 'division') hints.push(t(lang, 'console:hint.typeName'));
  }
  if (q.skippable) hints.push(t(lang, 'console:hint.skip'));
  if (hints.length > 0) lines.push(`  (${hints.join(lang === 'zh' ? '；' : '; ')})`);
  if (q.photo) {
    const site = q.photo.websiteIndex === undefined ? '' : ` #${q.photo.websiteIndex + 1}`;
    lines.push(
      `  ${t(lang, 'console:photo.instead', { kind: `${t(lang, `documents:kinds.${q.photo.kind}`)}${site}` })}`,
    );
  }
  return lines.join('\n');
}

function renderProblems(lang: Lang, problems: readonly ProblemMessage[], hint?: QuestionMessage['help']) {
  const lines = problems.map((p) => {
    const why = render(lang, p.text);
    return p.field ? `✗ ${render(lang, p.field)}: ${why}` : `✗ ${why}`;
  });
  if (hint) {
    const help = render(lang, hint);
    if (help !== hint.key) lines.push(`  ${help}`);
  }
  return lines.join('\n');
}

function renderCleared(lang: Lang, fields: readonly ClearedField[]): string {
  const lines = [t(lang, 'console:cleared')];
  for (const field of fields) {
    const reasons = field.problems.map((p) => render(lang, p)).join(' ');
    lines.push(`  - ${render(lang, field.field)}${reasons ? `: ${reasons}` : ''}`);
  }
  return lines.join('\n');
}

function renderSummary(lang: Lang, sections: readonly SummarySection[]): string {
  const lines: string[] = [];
  for (const section of sections) {
    lines.push(`== ${render(lang, section.title)} ==`);
    for (const row of section.rows) {
      lines.push(`  ${row.number}. ${render(lang, row.label)}: ${valueText(lang, row.value) || '—'}`);
    }
  }
  lines.push(t(lang, 'console:summaryHint'));
  return lines.join('\n');
}

function renderDocuments(lang: Lang, required: readonly RequiredDocument[]): string {
  const lines = [t(lang, 'console:documents.title')];
  for (const doc of required) {
    const kind = t(lang, `documents:kinds.${doc.kind}`);
    const site = doc.websiteIndex === undefined ? '' : ` #${doc.websiteIndex + 1}`;
    const mark = doc.uploaded ? '✓' : '✗';
    lines.push(`  ${mark} ${kind}${site} — ${render(lang, doc.reason)}`);
    if (!doc.uploaded)
      lines.push(`      /upload ${doc.kind}${site ? ` ${doc.websiteIndex! + 1}` : ''} <path>`);
  }
  lines.push(t(lang, 'console:documents.hint'));
  return lines.join('\n');
}

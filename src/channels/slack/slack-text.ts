import { type Lang, render, type Text } from '../../i18n/index.ts';

export type Tr = (text: Text) => string;

/** Renders locale Texts in the staff's language. */
export function translator(lang: Lang): Tr {
  return (text) => render(lang, text);
}

/** Slack mrkdwn treats these three as markup; applicant answers must not become links or mentions. */
export function esc(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Slack rejects texts over a block's limit instead of cutting them. */
export function truncate(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

export function plainText(text: string, max = 75) {
  return { type: 'plain_text' as const, text: truncate(text, max), emoji: true };
}

export function mrkdwn(text: string, max = 3000) {
  return { type: 'mrkdwn' as const, text: truncate(text, max) };
}

/**
 * Messages go out with parse_mode HTML so a question can show its label in bold. Every text that
 * is not our own markup (locale strings, the applicant's answers) passes through `escapeHtml`, so an
 * answer such as `<b>` or `A & B Ltd` shows as typed and cannot break the message.
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function bold(text: string): string {
  return `<b>${escapeHtml(text)}</b>`;
}

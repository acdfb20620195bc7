const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** For text and attribute values alike. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** A paragraph of plain text: escaped, line breaks kept. */
export function paragraph(text: string, style?: string): string {
  const attr = style ? ` style="${escapeHtml(style)}"` : '';
  return `<p${attr}>${escapeHtml(text).replace(/\r?\n/g, '<br>')}</p>`;
}

export function htmlDocument(lang: string, title: string, body: string[]): string {
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(lang)}">`,
    `<head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>`,
    "<body style=\"font-family:Arial,'PingFang SC','Microsoft YaHei',sans-serif;line-height:1.6;color:#222;max-width:640px\">",
    ...body,
    '</body>',
    '</html>',
  ].join('\n');
}

/**
 * Telegram refuses messages over 4096 characters. Long texts (a full filing summary) are cut on
 * line boundaries; a single line longer than the limit (rare: a long address list) is cut on a
 * space, or hard as a last resort. Measured in UTF-16 units, like Telegram.
 */
export const TELEGRAM_TEXT_LIMIT = 4096;

export function splitText(text: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  if (text.length <= limit) return [text];
  const chunks: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    for (const piece of splitLongLine(line, limit)) {
      const candidate = current === '' ? piece : `${current}\n${piece}`;
      if (candidate.length <= limit) {
        current = candidate;
        continue;
      }
      if (current.trim() !== '') chunks.push(current);
      current = piece;
    }
  }
  if (current.trim() !== '') chunks.push(current);
  return chunks;
}

function splitLongLine(line: string, limit: number): string[] {
  const pieces: string[] = [];
  let rest = line;
  while (rest.length > limit) {
    let cut = rest.lastIndexOf(' ', limit);
    if (cut <= 0) cut = limit;
    // Never cut a surrogate pair in half.
    const code = rest.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^ /, '');
  }
  pieces.push(rest);
  return pieces;
}

/**
 * Text shown in the terminal may hold what someone typed or uploaded (answers echoed back, a file
 * path, a staff member's reason): an escape sequence in it could recolour the screen, move the
 * cursor, rewrite earlier lines, set the window title or, on some terminals, write to the
 * clipboard. So everything the console prints loses its ANSI escape sequences (CSI, OSC, the
 * 8-bit CSI), every other C0 control but newline and tab, DEL, the C1 controls, and the Unicode
 * bidirectional overrides that can make a line read differently from what it holds.
 */

// ESC [ params intermediates final | ESC ] ... (BEL | ESC \ | end) | ESC and one byte | 8-bit CSI.
const ESCAPE_SEQUENCES =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this file's job.
  /\u001b\[[0-?]*[ -/]*[@-~]?|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[ -~]?|\u009b[0-?]*[ -/]*[@-~]?/g;
// C0 (but \t and \n), DEL, C1, and the bidi embeddings, overrides and isolates.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this file's job.
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(text: string): string {
  return text.replace(ESCAPE_SEQUENCES, '').replace(CONTROLS, '');
}

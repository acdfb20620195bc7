import { createHash, randomInt } from 'node:crypto';

/**
 * The code mailed with a move notice: typed as `/refuse <code>` in any chat, it refuses the move
 * even when the current chat is lost. 10 characters of a 31-letter alphabet (~49 bits, no 0/O,
 * 1/I/L): guessing one is hopeless, so a plain SHA-256 of it is enough at rest.
 */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const LENGTH = 10;

export function newRefusalCode(): string {
  let code = '';
  for (let i = 0; i < LENGTH; i++) code += ALPHABET[randomInt(0, ALPHABET.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** Case, spaces and dashes do not matter when typed back. */
export function refusalHash(input: string): string {
  const folded = input.normalize('NFKC').toUpperCase().replace(/[\s-]/g, '');
  return createHash('sha256').update(folded, 'utf8').digest('hex');
}

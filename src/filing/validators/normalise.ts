/** What applicants paste from Word or type with a Chinese IME: full-width letters, digits and blanks. */

/** Full-width ASCII (ＡＢ１２－＠) becomes ASCII. */
export function toHalfWidth(value: string): string {
  return value.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** Half-width and without any blanks: for codes whose spacing carries no meaning. */
export function compact(value: string): string {
  return toHalfWidth(value).replace(/[\s\u3000]+/g, '');
}

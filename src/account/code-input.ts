/**
 * What an applicant types as the code: spaces or dashes between groups ("123 456"), full-width
 * digits from a Chinese IME (１２３４５６). NFKC folds full-width digits to ASCII.
 * Returns the 6 ASCII digits, or undefined when the input is not a code at all.
 */
export function parseCodeInput(input: string): string | undefined {
  const compact = input.normalize('NFKC').replace(/[\s\-–—_.·]/g, '');
  return /^[0-9]{6}$/.test(compact) ? compact : undefined;
}

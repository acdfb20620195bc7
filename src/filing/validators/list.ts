/**
 * List fields (mobiles, emails, domains, IPs) may be typed on one line or several; applicants mix
 * ASCII and full-width separators, so all of them split.
 */
const SEPARATORS = /[;；,，\r\n]+/;

export function splitList(input: string): string[] {
  return input
    .split(SEPARATORS)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

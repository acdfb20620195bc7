/**
 * Host names as the filing stores them: lower-case ASCII, IDN labels as punycode. Shared by the
 * domain, homepage URL and e-mail checks.
 */
import { domainToASCII, domainToUnicode } from 'node:url';

/** Ideographic and full-width full stops typed by Chinese input methods become dots. */
export function normaliseDots(value: string): string {
  return value.replace(/[。．｡]/g, '.');
}

export type HostProblem = 'format' | 'label' | 'tld';

/**
 * Hosts that `domainToASCII` (the WHATWG host parser, several µs per call) returns unchanged:
 * only `a-z 0-9 - .`, so there is nothing to lower-case, map or encode; no `xn--` label, whose
 * punycode the parser would verify; and a last label starting with a letter, so the "ends in a
 * number" IPv4 rule (digits, `0x…`, a trailing dot) cannot apply. The common case of a domain
 * already in canonical form. (Property-tested against domainToASCII.)
 */
export function isPlainAsciiHost(host: string): boolean {
  const n = host.length;
  let labelStart = 0;
  for (let i = 0; i < n; i++) {
    const c = host.charCodeAt(i);
    if (c === 0x2e) {
      labelStart = i + 1;
      continue;
    }
    const lowerLetter = c >= 0x61 && c <= 0x7a;
    if (!lowerLetter && !(c >= 0x30 && c <= 0x39) && c !== 0x2d) return false;
    // "xn--" at a label start (checked on its last character).
    if (c === 0x2d && i - labelStart === 3 && host.startsWith('xn-', labelStart)) return false;
  }
  if (labelStart >= n) return false;
  const first = host.charCodeAt(labelStart);
  return first >= 0x61 && first <= 0x7a;
}

/** `example.cn`, `例子.中国`, `Example.CN.` → canonical ASCII host, or why not. */
export function toAsciiHost(host: string): { ok: true; host: string } | { ok: false; problem: HostProblem } {
  const trimmed = normaliseDots(host.trim()).replace(/\.$/, '');
  if (trimmed.length === 0 || /[\s/\\:?#@]/.test(trimmed)) return { ok: false, problem: 'format' };
  const ascii = isPlainAsciiHost(trimmed) ? trimmed : domainToASCII(trimmed);
  const problem = asciiHostProblem(ascii);
  return problem ? { ok: false, problem } : { ok: true, host: ascii };
}

/** What is wrong with the output of domainToASCII (labels, TLD, length), if anything. */
export function asciiHostProblem(ascii: string): HostProblem | undefined {
  if (ascii === '' || ascii.length > 253) return 'format';
  const lastDot = ascii.lastIndexOf('.');
  if (lastDot < 0) return 'tld';
  // One pass instead of split + a regex per label: every label 1–63 of [a-z0-9-], no hyphen at
  // either end (LABEL); then the last label is the TLD (TLD). (Tests compare with the regexes.)
  let start = 0;
  for (let i = 0; i <= ascii.length; i++) {
    const c = i < ascii.length ? ascii.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      const length = i - start;
      if (length < 1 || length > 63 || ascii.charCodeAt(start) === 0x2d || ascii.charCodeAt(i - 1) === 0x2d)
        return 'label';
      start = i + 1;
    } else if (!((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d)) return 'label';
  }
  return isTld(ascii, lastDot + 1) ? undefined : 'tld';
}

/** The label from `start` to the end is a TLD: 2–63 letters, or `xn--` and 1–59 more of [a-z0-9-]. */
function isTld(ascii: string, start: number): boolean {
  const length = ascii.length - start;
  if (ascii.startsWith('xn--', start)) return length >= 5 && length <= 63;
  if (length < 2 || length > 63) return false;
  for (let i = start; i < ascii.length; i++) {
    const c = ascii.charCodeAt(i);
    if (c < 0x61 || c > 0x7a) return false;
  }
  return true;
}

/**
 * How a stored host is shown: IDN labels in their own script (`xn--fsqu00a.xn--fiqs8s` → `例子.中国`),
 * since applicants type them so and MIIT lists them so. Plain ASCII hosts come back unchanged.
 */
export function toDisplayHost(ascii: string): string {
  if (!ascii.includes('xn--')) return ascii;
  return domainToUnicode(ascii) || ascii;
}

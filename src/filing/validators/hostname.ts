/**
 * Host names as the filing stores them: lower-case ASCII, IDN labels as punycode. Shared by the
 * domain, homepage URL and e-mail checks.
 */
import { domainToASCII } from 'node:url';

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
/** A top-level domain is letters only, or an IDN TLD in punycode (.中国 = xn--fiqs8s). */
const TLD = /^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** Ideographic and full-width full stops typed by Chinese input methods become dots. */
export function normaliseDots(value: string): string {
  return value.replace(/[。．｡]/g, '.');
}

export type HostProblem = 'format' | 'label' | 'tld';

/** `example.cn`, `例子.中国`, `Example.CN.` → canonical ASCII host, or why not. */
export function toAsciiHost(host: string): { ok: true; host: string } | { ok: false; problem: HostProblem } {
  const trimmed = normaliseDots(host.trim()).replace(/\.$/, '');
  if (trimmed.length === 0 || /[\s/\\:?#@]/.test(trimmed)) return { ok: false, problem: 'format' };
  const ascii = domainToASCII(trimmed);
  if (ascii === '' || ascii.length > 253) return { ok: false, problem: 'format' };
  const labels = ascii.split('.');
  if (labels.length < 2) return { ok: false, problem: 'tld' };
  if (!labels.every((l) => LABEL.test(l))) return { ok: false, problem: 'label' };
  if (!TLD.test(labels[labels.length - 1]!)) return { ok: false, problem: 'tld' };
  return { ok: true, host: ascii };
}

/**
 * Filed domains and the homepage URL. The MIIT form wants domains without scheme and without
 * `www.`, in lower case; IDNs are stored as punycode so that `例子.中国` and `xn--fsqu00a.xn--fiqs8s`
 * are the same filing.
 */
import type { FieldResult } from '../catalog-types.ts';
import { asciiHostProblem, isPlainAsciiHost, normaliseDots, toAsciiHost, toDisplayHost } from './hostname.ts';
import { fail, ok } from './result.ts';

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

export function checkDomain(value: string): FieldResult<string> {
  // Already canonical-looking (`example.cn`): no scheme, path, port or IP is possible and the
  // host is its own ASCII form, so only the label rules remain. (Tests compare with the full path.)
  if (isPlainAsciiHost(value)) {
    const problem = asciiHostProblem(value);
    if (problem) return fail(`domain.${problem}`);
    if (value.startsWith('www.')) return fail('domain.www', { example: value.slice(4) });
    return ok(value);
  }
  const v = normaliseDots(value.trim());
  if (SCHEME.test(v)) return fail('domain.scheme', { example: v.replace(SCHEME, '').split('/')[0] ?? '' });
  if (/[/?#]/.test(v)) return fail('domain.path', { example: v.split(/[/?#]/)[0] ?? '' });
  if (/^\d+(\.\d+){3}$/.test(v) || /^\[?[0-9a-f:]*:[0-9a-f:]*\]?$/i.test(v)) return fail('domain.ip');
  if (/:\d*$/.test(v)) return fail('domain.port', { example: v.replace(/:\d*$/, '') });
  const host = toAsciiHost(v);
  if (!host.ok) return fail(`domain.${host.problem}`);
  if (host.host.startsWith('www.')) return fail('domain.www', { example: host.host.slice(4) });
  return ok(host.host);
}

/**
 * `www.example.cn`, `example.cn/index.html`, `shop.例子.中国`: host (lower case, punycode) plus an
 * optional path; the host must be a listed domain or a subdomain of one.
 */
export function checkHomepageUrl(value: string, domains: string[]): FieldResult<string> {
  const url = homepageParts(value);
  if (!url.ok) return url;
  const { host, rest } = url.value;
  const listed: string[] = [];
  for (const d of domains) {
    const r = checkDomain(d);
    if (r.ok) listed.push(r.value);
  }
  const covered = listed.some((d) => host === d || host.endsWith(`.${d}`));
  if (!covered) return fail('homepage_url.host_not_listed', { host, domains: listed.join(', ') });
  return ok(host + rest);
}

/** The canonical host and the rest (path) of a homepage URL, or why it is not one. */
function homepageParts(value: string): FieldResult<{ host: string; rest: string }> {
  // A bare canonical host (`www.example.cn`): nothing to split off or encode.
  if (isPlainAsciiHost(value))
    return asciiHostProblem(value) ? fail('homepage_url.format') : ok({ host: value, rest: '' });
  const v = normaliseDots(value.trim());
  if (SCHEME.test(v)) return fail('homepage_url.scheme', { example: v.replace(SCHEME, '') });
  const m = /^([^/?#]+)(.*)$/.exec(v);
  if (!m) return fail('homepage_url.format');
  const [, hostPart, rest] = m as unknown as [string, string, string];
  if (/:\d*$/.test(hostPart))
    return fail('homepage_url.port', { example: hostPart.replace(/:\d*$/, '') + rest });
  if (/\s/.test(rest)) return fail('homepage_url.format');
  const host = toAsciiHost(hostPart);
  if (!host.ok) return fail('homepage_url.format');
  return ok({ host: host.host, rest });
}

/** A stored homepage URL as shown: its host in its own script, the path as stored. */
export function displayHomepageUrl(url: string): string {
  if (!url.includes('xn--')) return url;
  const cut = url.search(/[/?#]/);
  return cut < 0 ? toDisplayHost(url) : toDisplayHost(url.slice(0, cut)) + url.slice(cut);
}

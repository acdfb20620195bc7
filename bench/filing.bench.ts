/**
 * Filing model costs: whole-document validations per second (goal ≥ 20,000 on one core for the
 * two-website example), the same with thousands of distinct documents (so no per-value memo can
 * help), and the cost of single field validations.
 *
 * Rates are per CPU second of this process (`process.cpuUsage`), best of several alternating
 * rounds, so a busy machine distorts them less than wall-clock timing would.
 *
 * Before/after in one run: point FILING_BENCH_BASELINE at a copy of an older tree, e.g.
 *   mkdir /tmp/base && git archive <rev> src examples locales | tar -x -C /tmp/base
 *   ln -s "$PWD/node_modules" /tmp/base/node_modules && cp package.json /tmp/base/
 *   FILING_BENCH_BASELINE=/tmp/base npm run bench -- filing
 * Each document figure is then measured for both trees in alternating rounds, with the ratio.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fieldById } from '../src/filing/catalog.ts';
import type { DocumentProblem } from '../src/filing/catalog-types.ts';
import * as current from '../src/filing/validate-filing.ts';
import {
  checkDomain,
  checkEmail,
  checkHomepageUrl,
  checkIpEntry,
  checkMobile,
  checkOfficePhone,
  checkResidentId,
  checkUscc,
  organizationCodeCheckChar,
  residentIdCheckChar,
  usccCheckChar,
} from '../src/filing/validators/index.ts';

const NOW = new Date('2026-11-28T04:00:00Z');
const GOAL = 20_000;
const ROUNDS = 4;
const ROUND_MS = 400;

type Validation = {
  validateFiling: (doc: unknown, opts: { now: Date }) => { valid: boolean; errors: DocumentProblem[] };
  validateDraft: (draft: Record<string, unknown>, opts: { now: Date }) => DocumentProblem[];
};
// biome-ignore lint/suspicious/noExplicitAny: bench documents are edited freely
type Doc = any;

/** µs of CPU per call of `fn`, measured for at least `ms` of CPU time. */
function cpuMicrosPerCall(fn: () => void, ms: number): number {
  let runs = 0;
  const start = process.cpuUsage();
  let cpuUs = 0;
  while (cpuUs < ms * 1000) {
    for (let i = 0; i < 100; i++) fn();
    runs += 100;
    const used = process.cpuUsage(start);
    cpuUs = used.user + used.system;
  }
  return cpuUs / runs;
}

/** Best (lowest) µs per call over alternating rounds of each variant. */
function bestOf(variants: (() => void)[]): number[] {
  for (const fn of variants) for (let i = 0; i < 3000; i++) fn(); // JIT, lazy data (divisions)
  const best = variants.map(() => Number.POSITIVE_INFINITY);
  for (let r = 0; r < ROUNDS; r++) {
    variants.forEach((fn, i) => {
      best[i] = Math.min(best[i]!, cpuMicrosPerCall(fn, ROUND_MS));
    });
  }
  return best;
}

const perSecond = (us: number) => Math.round(1_000_000 / us);
const fmt = (n: number) => n.toLocaleString('en');

function documents(name: string, run: (v: Validation) => void, impls: Validation[], goal = false): void {
  const [after, before] = bestOf(impls.map((v) => () => run(v))) as [number, number | undefined];
  let line = `${name.padEnd(62)} ${fmt(perSecond(after)).padStart(8)} docs/s  ${after.toFixed(1).padStart(6)} µs`;
  if (goal) line += `  goal ${fmt(GOAL)}: ×${(perSecond(after) / GOAL).toFixed(2)}`;
  if (before !== undefined)
    line += `  | baseline ${fmt(perSecond(before))} docs/s → ×${(before / after).toFixed(2)} faster`;
  console.log(line);
}

function field(name: string, fn: () => unknown): void {
  const [us] = bestOf([fn]) as [number];
  console.log(`${name.padEnd(62)} ${us.toFixed(2).padStart(8)} µs/op`);
}

function load(name: string): Doc {
  return JSON.parse(readFileSync(join(import.meta.dirname, '..', 'examples', `${name}.json`), 'utf8'));
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * A valid variant `i` of the two-website example in which every checked value is new: ID, USCC,
 * phones, mobiles, e-mails, domains, homepages and IPs.
 */
function distinctEnterprise(i: number): Doc {
  const doc = load('enterprise-two-websites');
  const org = `M${pad(i, 7)}`;
  const usccFirst17 = `91350100${org}${organizationCodeCheckChar(org)}`;
  doc.sponsor.documentNumber = usccFirst17 + usccCheckChar(usccFirst17);
  const id = (prefix: string, n: number) => {
    const first17 = `${prefix}${1960 + (n % 40)}${pad((n % 12) + 1, 2)}${pad((n % 28) + 1, 2)}${pad(n % 1000, 3)}`;
    return first17 + residentIdCheckChar(first17);
  };
  const sp = doc.sponsorPrincipal;
  sp.idNumber = id('350102', i);
  sp.officePhone = `086-0591-8${pad(i, 7)}`;
  sp.mobiles = [`138${pad(i, 8)}`];
  sp.emergencyPhone = `139${pad(i, 8)}`;
  sp.emails = [`wangwu${i}@example${i}.cn`];
  const [w0, w1] = doc.websites;
  w0.domains = [`example${i}.cn`];
  w0.homepageUrl = `www.example${i}.cn`;
  w0.access.ips = [
    `42.159.${i >> 8}.${i & 255}`,
    `211.${68 + (i >> 8)}.${i & 255}.100-211.${68 + (i >> 8)}.${i & 255}.102`,
  ];
  w1.domains = [`example-video${i}.cn`];
  w1.homepageUrl = `video.example-video${i}.cn`;
  const p = w1.principal;
  p.idNumber = id('310115', i + 7);
  p.officePhone = `086-0591-6${pad(i, 7)}`;
  p.mobiles = [`137${pad(i, 8)}`];
  p.emergencyPhone = `136${pad(i, 8)}`;
  p.emails = [`lisi${i}@example-video${i}.cn`];
  w1.access.ips = [`42.160.${i >> 8}.${i & 255}`, `2400:da00::${(i + 1).toString(16)}`];
  return doc;
}

async function baseline(): Promise<Validation | undefined> {
  const dir = process.env.FILING_BENCH_BASELINE;
  if (!dir) return undefined;
  return (await import(pathToFileURL(join(dir, 'src/filing/validate-filing.ts')).href)) as Validation;
}

export default async function (): Promise<void> {
  const before = await baseline();
  const impls: Validation[] = before ? [current, before] : [current];
  const enterprise = load('enterprise-two-websites');
  const individual = load('individual');
  const broken = load('enterprise-two-websites');
  broken.sponsorPrincipal.idNumber = '350102198801010002';
  broken.websites[0].access.ips.push('10.0.0.8');
  broken.websites[1].principal.emails = ['wangwu@example.cn'];
  // More distinct values than any per-value memo holds, so every check meets a value it has not seen.
  const distinct = Array.from({ length: 4096 }, (_, i) => distinctEnterprise(i));
  for (const v of impls) {
    for (const doc of [enterprise, individual, ...distinct]) {
      const result = v.validateFiling(doc, { now: NOW });
      if (!result.valid) throw new Error(`bench document should be valid: ${JSON.stringify(result.errors)}`);
    }
  }

  console.log(
    `uptime load: ${(await import('node:os'))
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  if (before) console.log(`baseline: ${process.env.FILING_BENCH_BASELINE}`);
  documents(
    'validateFiling: enterprise-two-websites.json (valid)',
    (v) => v.validateFiling(enterprise, { now: NOW }),
    impls,
    true,
  );
  let n = 0;
  documents(
    'validateFiling: 4,096 distinct two-website documents (valid)',
    (v) => v.validateFiling(distinct[n++ & 4095], { now: NOW }),
    impls,
    true,
  );
  documents(
    'validateFiling: individual.json (valid)',
    (v) => v.validateFiling(individual, { now: NOW }),
    impls,
  );
  documents(
    'validateFiling: enterprise with 3 problems',
    (v) => v.validateFiling(broken, { now: NOW }),
    impls,
  );
  documents(
    'validateDraft: enterprise-two-websites.json (each answer)',
    (v) => v.validateDraft(enterprise, { now: NOW }),
    impls,
  );

  let k = 0;
  field('checkResidentId', () => checkResidentId('350102198801010001', { now: NOW }));
  field('checkUscc', () => checkUscc('91350100M000100Y43'));
  field('checkDomain (ASCII)', () => checkDomain('example-video.cn'));
  field('checkDomain (IDN)', () => checkDomain('例子.中国'));
  field('checkHomepageUrl', () => checkHomepageUrl('video.example-video.cn', ['example-video.cn']));
  field('checkEmail', () => checkEmail('wangwu@example.cn'));
  field('checkIpEntry (IPv4)', () => checkIpEntry('42.159.10.20'));
  field('checkIpEntry (IPv4 range)', () => checkIpEntry('211.68.0.100-211.68.0.102'));
  field('checkIpEntry (IPv6)', () => checkIpEntry('2400:da00::6666'));
  field('checkMobile', () => checkMobile('13800138000'));
  field('checkOfficePhone (value seen before)', () => checkOfficePhone('086-0591-87654321'));
  field('checkOfficePhone (new value each call)', () =>
    checkOfficePhone(`086-0591-8${pad(k++ % 9_000_000, 7)}`),
  );
  const ips = fieldById('websites.*.access.ips')!;
  const ctx = { filing: enterprise, now: NOW, websiteIndex: 0 };
  field('catalog parse: websites.*.access.ips (IPv4, range, IPv6)', () =>
    ips.parse('42.159.10.20; 211.68.0.100-211.68.0.102; 2400:da00::6666', ctx),
  );
  const county = fieldById('sponsor.county')!;
  field('catalog parse: sponsor.county by name (鼓楼)', () => county.parse('鼓楼', ctx));
}

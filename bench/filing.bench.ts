/**
 * Filing model costs: whole-document validations per second for the two-website example (goal
 * ≥ 20,000 on one core), and the cost of single checks (a resident ID, one catalog parse, a draft).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fieldById } from '../src/filing/catalog.ts';
import { validateDraft, validateFiling } from '../src/filing/validate-filing.ts';
import { checkResidentId } from '../src/filing/validators/index.ts';

const NOW = new Date('2026-11-28T04:00:00Z');

/**
 * Runs `fn` for at least `minMs` of CPU time and reports the rate per CPU second of this process
 * (`process.cpuUsage`), so a busy machine distorts the figure less than wall-clock timing would.
 */
function measure(name: string, unit: 'ops/s' | 'µs/op', fn: () => void, minMs = 1500): void {
  for (let i = 0; i < 2000; i++) fn(); // warm up the JIT and lazy data (divisions)
  let runs = 0;
  const start = process.cpuUsage();
  let cpuUs = 0;
  while (cpuUs < minMs * 1000) {
    for (let i = 0; i < 100; i++) fn();
    runs += 100;
    const used = process.cpuUsage(start);
    cpuUs = used.user + used.system;
  }
  const perOpUs = cpuUs / runs;
  const figure =
    unit === 'ops/s'
      ? `${Math.round(1_000_000 / perOpUs).toLocaleString('en')} ops/s`
      : `${perOpUs.toFixed(2)} µs/op`;
  console.log(`${name.padEnd(58)} ${figure.padStart(16)}  (${runs.toLocaleString('en')} runs, CPU time)`);
}

export default async function (): Promise<void> {
  const root = join(import.meta.dirname, '..', 'examples');
  const enterprise = JSON.parse(readFileSync(join(root, 'enterprise-two-websites.json'), 'utf8')) as unknown;
  const individual = JSON.parse(readFileSync(join(root, 'individual.json'), 'utf8')) as unknown;
  const broken = JSON.parse(readFileSync(join(root, 'enterprise-two-websites.json'), 'utf8'));
  broken.sponsorPrincipal.idNumber = '350102198801010002';
  broken.websites[0].access.ips.push('10.0.0.8');
  broken.websites[1].principal.emails = ['wangwu@example.cn'];

  if (!validateFiling(enterprise, { now: NOW }).valid)
    throw new Error('the enterprise example should be valid');
  measure('validateFiling: enterprise-two-websites.json (valid)', 'ops/s', () =>
    validateFiling(enterprise, { now: NOW }),
  );
  measure('validateFiling: individual.json (valid)', 'ops/s', () => validateFiling(individual, { now: NOW }));
  measure('validateFiling: enterprise with 3 problems', 'ops/s', () => validateFiling(broken, { now: NOW }));
  measure('validateDraft: enterprise-two-websites.json', 'ops/s', () =>
    validateDraft(enterprise as Record<string, unknown>, { now: NOW }),
  );

  const idNumber = fieldById('sponsorPrincipal.idNumber')!;
  const ips = fieldById('websites.*.access.ips')!;
  const county = fieldById('sponsor.county')!;
  const ctx = { filing: enterprise as Record<string, unknown>, now: NOW, websiteIndex: 0 };
  measure('checkResidentId (validator alone)', 'µs/op', () =>
    checkResidentId('350102198801010001', { now: NOW }),
  );
  measure('catalog parse: sponsorPrincipal.idNumber', 'µs/op', () =>
    idNumber.parse('350102198801010001', ctx),
  );
  measure('catalog parse: websites.*.access.ips (IPv4, range, IPv6)', 'µs/op', () =>
    ips.parse('42.159.10.20; 211.68.0.100-211.68.0.102; 2400:da00::6666', ctx),
  );
  measure('catalog parse: sponsor.county by name (鼓楼)', 'µs/op', () => county.parse('鼓楼', ctx));
}

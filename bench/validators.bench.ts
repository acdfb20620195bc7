/**
 * Cost of one field validation: how many single values each validator checks per second, and the
 * first-use and steady-state cost of division lookups and name matching.
 */
import { citiesOf, countiesOf, matchDivision, provinces } from '../src/filing/divisions/index.ts';
import { checkSponsorIcpNumber, checkWebsiteIcpNumber } from '../src/filing/orders/icp-numbers.ts';
import {
  checkDomain,
  checkEmail,
  checkHomepageUrl,
  checkIpEntry,
  checkMobile,
  checkOfficePhone,
  checkResidentId,
  checkUscc,
} from '../src/filing/validators/index.ts';

const now = new Date('2026-01-01T00:00:00Z');

/** Best of three rounds of CPU time (`process.cpuUsage`), so a busy machine distorts the figure less. */
function rate(name: string, fn: () => unknown, iterations = 50_000): void {
  for (let i = 0; i < 1_000; i++) fn();
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 3; round++) {
    const start = process.cpuUsage();
    for (let i = 0; i < iterations; i++) fn();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / iterations);
  }
  const perSecond = Math.round(1_000_000 / best);
  console.log(
    `${name.padEnd(34)} ${perSecond.toLocaleString('en').padStart(12)} /s  ${best.toFixed(2)} µs each (CPU)`,
  );
}

export default async function (): Promise<void> {
  const firstUse = performance.now();
  matchDivision('浦东', countiesOf('310100'));
  console.log(`divisions first use (load + keys)   ${(performance.now() - firstUse).toFixed(1)} ms`);

  rate('checkResidentId', () => checkResidentId('11010519491231002X', { now }));
  rate('checkUscc', () => checkUscc('91350100M000100Y43'));
  rate('checkMobile', () => checkMobile('13800138000'));
  rate('checkOfficePhone (repeated value)', () => checkOfficePhone('086-0591-87654321'));
  let n = 0;
  // Distinct numbers defeat the memo: the cost of a phone seen for the first time.
  rate(
    'checkOfficePhone (new value)',
    () => checkOfficePhone(`0591-8${String(n++ % 10_000_000).padStart(7, '0')}`),
    10_000,
  );
  rate('checkEmail', () => checkEmail('zhangsan@example.cn'));
  rate('checkDomain (ASCII)', () => checkDomain('example.cn'));
  rate('checkDomain (IDN)', () => checkDomain('例子.中国'));
  rate('checkHomepageUrl', () => checkHomepageUrl('www.example.cn', ['example.cn']));
  rate('checkIpEntry (v4 range)', () => checkIpEntry('211.68.0.100-211.68.0.102'));
  rate('checkIpEntry (v6)', () => checkIpEntry('2402:4e00::1'));
  rate('checkSponsorIcpNumber', () => checkSponsorIcpNumber('闽ICP备2026001234号'));
  rate('checkWebsiteIcpNumber', () => checkWebsiteIcpNumber('闽ICP备2026001234号-1'));
  rate('matchDivision province (Shanghai)', () => matchDivision('Shanghai', provinces()));
  rate('matchDivision county (浦东)', () => matchDivision('浦东', countiesOf('310100')));
  rate('citiesOf (cached list)', () => citiesOf('350000'));
}

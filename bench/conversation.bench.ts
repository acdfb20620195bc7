/**
 * Engine-only figures (no database): complete filings per second, per-input latency p50/p99 and
 * the stored size of one finished conversation. The database figures are in the persistence bench.
 */
import { createEngine } from '../src/conversation/engine.ts';
import { catalog } from '../src/filing/catalog.ts';
import { requiredMaterials } from '../src/filing/materials.ts';
import { validateDraft, validateFiling } from '../src/filing/validate-filing.ts';
import { Applicant } from '../tests/conversation/fixtures/driver.ts';
import {
  ACCOUNT_EMAIL,
  enterprise,
  individualFirstFiling,
  REGISTRATION_INPUTS,
  type Script,
} from '../tests/conversation/fixtures/real-scripts.ts';

/** Inputs of one applicant, registration (address, code) and uploads included, as the count test counts them. */
function inputsPerFiling(engine: ReturnType<typeof createEngine>, script: Script): number {
  const a = new Applicant(engine, 'zh');
  a.send({ type: 'account_email', email: ACCOUNT_EMAIL });
  a.run(script);
  return REGISTRATION_INPUTS + a.log.length - 1;
}

export default async function bench(): Promise<void> {
  const engine = createEngine({ catalog, validateDraft, validateFiling, requiredMaterials });
  const timings: number[] = [];
  const timed = {
    step: (...args: Parameters<typeof engine.step>) => {
      const start = process.hrtime.bigint();
      const out = engine.step(...args);
      timings.push(Number(process.hrtime.bigint() - start) / 1e6);
      return out;
    },
  };
  // Warm-up: division data, zod schemas, JIT.
  for (let i = 0; i < 3; i++) new Applicant(timed, 'zh').run(enterprise);
  timings.length = 0;

  const runs = 30;
  let inputs = 0;
  let stateBytes = 0;
  const start = performance.now();
  for (let i = 0; i < runs; i++) {
    const a = new Applicant(timed, i % 2 ? 'en' : 'zh');
    a.run(enterprise);
    inputs += a.log.length;
    stateBytes = Buffer.byteLength(JSON.stringify(a.state));
  }
  const seconds = (performance.now() - start) / 1000;
  const sorted = [...timings].sort((x, y) => x - y);
  const pct = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(2);
  console.log(
    `inputs per filing (registration and uploads included): individual first filing ${inputsPerFiling(engine, individualFirstFiling)}, enterprise with 2 websites ${inputsPerFiling(engine, enterprise)}`,
  );
  console.log(`enterprise filing, 2 websites: ${(inputs / runs).toFixed(0)} engine inputs per filing`);
  console.log(`complete filings per second (engine only): ${(runs / seconds).toFixed(1)}`);
  console.log(`per-input latency ms: p50 ${pct(50)}  p99 ${pct(99)}  max ${pct(100)}`);
  console.log(`stored conversation state (JSON): ${stateBytes} bytes`);
}

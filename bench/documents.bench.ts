/**
 * Documents: what making and reading applicants' papers costs. Each part is its own function so
 * other parts (licence QR, OCR) sit next to it. Prints figures; asserts nothing.
 *
 * PDF: the printable forms of the two example filings, after the one-time font load (parsing the
 * 8 MB CJK font, paid once per process), p50/p99 per form and its size. Goal: < 100 ms per form.
 * The CPU time of the process is printed too: on a shared, overloaded machine the wall-clock
 * figures mostly measure waiting for a core.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { cjkFont } from '../src/documents/forms/cjk-font.ts';
import { formPdf } from '../src/documents/forms/form-pdf.ts';
import { formsFor } from '../src/filing/printable-forms.ts';

const EXAMPLES = join(import.meta.dirname, '..', 'examples');

function quantiles(times: number[]): { p50: string; p99: string } {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1);
  return { p50: at(0.5), p99: at(0.99) };
}

async function pdfGeneration(): Promise<void> {
  console.log('### PDF generation (printable forms)');
  const fontStart = performance.now();
  cjkFont();
  console.log(`font load (once per process)           ${(performance.now() - fontStart).toFixed(0)} ms`);
  const now = new Date();
  for (const name of ['individual', 'enterprise-two-websites']) {
    const filing = JSON.parse(readFileSync(join(EXAMPLES, `${name}.json`), 'utf8')) as Record<
      string,
      unknown
    >;
    for (const kind of formsFor(filing)) {
      for (const lang of ['zh', 'en'] as const) {
        const options = { lang, providerName: '某某云计算有限公司', now };
        // The first form of a kind also lays out its glyphs for the first time: not counted.
        const first = await formPdf(filing, kind, options);
        const times: number[] = [];
        const cpu: number[] = [];
        for (let i = 0; i < 20; i++) {
          const start = performance.now();
          const cpuStart = process.cpuUsage();
          await formPdf(filing, kind, options);
          const used = process.cpuUsage(cpuStart);
          cpu.push((used.user + used.system) / 1000);
          times.push(performance.now() - start);
        }
        const { p50, p99 } = quantiles(times);
        const cpuP50 = quantiles(cpu).p50;
        const label = `${name} ${kind} ${lang}`.padEnd(52);
        console.log(
          `${label} ${String(first?.pages).padStart(2)} p  ${((first?.bytes.length ?? 0) / 1024).toFixed(0).padStart(4)} KB  p50 ${p50} ms  p99 ${p99} ms  CPU p50 ${cpuP50} ms`,
        );
      }
    }
  }
}

export default async function (): Promise<void> {
  await pdfGeneration();
}

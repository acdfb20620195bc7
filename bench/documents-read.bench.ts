/**
 * Reading documents (issue 14 parts 2 and 3): the licence QR per 2000 px photo and per PDF page,
 * OCR per ID photo in the worker on one core, and what OCR costs the chats: a plain text answer's
 * reply latency (applicant service on embedded PGlite, the enterprise script's ordinary answers)
 * idle, then while 4 OCR jobs run. Prints figures; asserts nothing. Run: `npm run bench -- documents`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../src/conversation/engine.ts';
import type { Engine, EngineInput } from '../src/conversation/types.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { ID_FRONT_MAX_SIDE, startOcrWorker } from '../src/documents/ocr/ocr-reader.ts';
import { renderFirstPage } from '../src/documents/pdf-first-page.ts';
import { decodeQr } from '../src/documents/qr/decode-qr.ts';
import { catalog } from '../src/filing/catalog.ts';
import { requiredMaterials } from '../src/filing/materials.ts';
import { validateDraft, validateFiling } from '../src/filing/validate-filing.ts';
import { createApplicantService } from '../src/services/applicant-service.ts';
import { Applicant, NOW } from '../tests/conversation/fixtures/driver.ts';
import { enterprise } from '../tests/conversation/fixtures/real-scripts.ts';
import {
  idCardImage,
  licenceImage,
  licenceUrl,
  pdfOfJpeg,
  USCC_A,
} from '../tests/support/document-fixtures.ts';

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const fmt = (sorted: number[]) =>
  `p50 ${pct(sorted, 50).toFixed(1)} ms  p99 ${pct(sorted, 99).toFixed(1)} ms`;

/** Wall time and CPU time (all threads of the process, the worker's included) per run. */
async function timeRuns(n: number, fn: () => Promise<unknown>): Promise<{ wall: number[]; cpu: number[] }> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    await fn();
    wall.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wall: wall.sort((a, b) => a - b), cpu: cpu.sort((a, b) => a - b) };
}

async function qrFigures(): Promise<void> {
  const photo = await licenceImage({ qrText: licenceUrl(USCC_A) });
  await decodeQr(photo); // loads the WASM once
  const qr = await timeRuns(20, () => decodeQr(photo));
  console.log(
    `QR read, 2000×1400 licence photo (goal < 150 ms): wall ${fmt(qr.wall)} | CPU p50 ${pct(qr.cpu, 50).toFixed(1)} ms`,
  );
  const noQr = await licenceImage();
  const miss = await timeRuns(10, () => decodeQr(noQr));
  console.log(`QR search, same photo without a QR (the slow case: tries harder): wall ${fmt(miss.wall)}`);
  const pdf = await pdfOfJpeg(photo);
  await renderFirstPage(pdf);
  const page = await timeRuns(10, async () => decodeQr((await renderFirstPage(pdf))!));
  console.log(`QR read, licence PDF (render page 1 at 2000 px + decode): wall ${fmt(page.wall)}`);
}

/** The ordinary answers of one enterprise filing (not the first contact, not the submission). */
function scriptInputs(engine: Engine): EngineInput[] {
  const inputs: EngineInput[] = [];
  const recorder: Pick<Engine, 'step'> = {
    step: (state, input, ctx) => {
      inputs.push(input);
      return engine.step(state, input, ctx);
    },
  };
  new Applicant(recorder, 'zh').run(enterprise);
  return inputs;
}

async function replyLatency(
  service: ReturnType<typeof createApplicantService>,
  inputs: EngineInput[],
): Promise<number[]> {
  const times: number[] = [];
  const chatId = `bench-${randomBytes(4).toString('hex')}`;
  for (const [i, input] of inputs.entries()) {
    const t = performance.now();
    await service.handleInput({ channel: 'console', chatId, lang: 'zh' }, input);
    if (i > 0 && i < inputs.length - 1 && input.type === 'text') times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b);
}

export default async function bench(): Promise<void> {
  await qrFigures();

  const ocr = startOcrWorker({ timeoutMs: 600_000, maxPending: 64 });
  const photo = await idCardImage();
  try {
    await ocr.read(photo, ID_FRONT_MAX_SIDE); // loads the models
    const one = await timeRuns(5, () => ocr.read(photo, ID_FRONT_MAX_SIDE));
    console.log(
      `OCR, one ID photo 1280×900 in the worker, one ONNX thread (goal < 1.5 s): wall ${fmt(one.wall)} | CPU p50 ${pct(one.cpu, 50).toFixed(0)} ms`,
    );

    const engine = createEngine({ catalog, validateDraft, validateFiling, requiredMaterials });
    const inputs = scriptInputs(engine);
    const dataDir = mkdtempSync(join(tmpdir(), 'icp-bench-docs-'));
    const db = await openDatabase({ dataDir, piiKey: randomBytes(32).toString('base64') });
    try {
      const service = createApplicantService({ db, engine, now: () => NOW });
      await replyLatency(service, inputs); // warm-up
      const idle = await replyLatency(service, inputs);
      // Four ID photos at once, kept coming until the measurement ends, as four applicants would.
      let busy = true;
      let read = 0;
      const jobs = Array.from({ length: 4 }, async () => {
        while (busy) {
          await ocr.read(photo, ID_FRONT_MAX_SIDE);
          read++;
        }
      });
      const loaded = await replyLatency(service, inputs);
      busy = false;
      await Promise.all(jobs);
      const ratio = pct(loaded, 50) / pct(idle, 50);
      console.log(`reply to a plain text answer, idle:            ${fmt(idle)} (${idle.length} answers)`);
      console.log(
        `reply to a plain text answer, 4 OCR jobs busy: ${fmt(loaded)} (${read} photos read meanwhile)`,
      );
      console.log(
        `ratio busy/idle p50: ${ratio.toFixed(2)}× (goal < 2×); p99 ${(pct(loaded, 99) / pct(idle, 99)).toFixed(2)}×`,
      );
      await service.close();
    } finally {
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  } finally {
    await ocr.close();
  }
}

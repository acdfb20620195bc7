import { afterAll, describe, expect, it } from 'vitest';
import { parseIdFront, parseLicence } from '../../../src/documents/ocr/ocr-fields.ts';
import {
  ID_FRONT_MAX_SIDE,
  LICENCE_MAX_SIDE,
  startOcrWorker,
} from '../../../src/documents/ocr/ocr-reader.ts';
import { idCardImage, licenceImage, USCC_B } from '../../support/document-fixtures.ts';

/**
 * The real PaddleOCR models in the real worker thread, on images rendered from the CJK font. Slow
 * (seconds per image on a shared core), so one worker serves the whole file.
 */
const ocr = startOcrWorker({ timeoutMs: 120_000 });
afterAll(() => ocr.close());

describe('OCR worker', () => {
  it('reads the name and ID number of a synthetic ID card front', { timeout: 180_000 }, async () => {
    const lines = await ocr.read(
      await idCardImage({ name: '王小明', idNumber: '11010519491231002X' }),
      ID_FRONT_MAX_SIDE,
    );
    expect(lines).not.toBeNull();
    const fields = parseIdFront(lines!);
    expect(fields.name?.value).toBe('王小明');
    expect(fields.idNumber?.value).toBe('11010519491231002X');
    expect(fields.idNumber!.confidence).toBeGreaterThan(0.9);
  });

  it('reads the company name and USCC of a synthetic licence', { timeout: 180_000 }, async () => {
    const lines = await ocr.read(
      await licenceImage({ name: '厦门某某网络有限公司', uscc: USCC_B }),
      LICENCE_MAX_SIDE,
    );
    const fields = parseLicence(lines ?? []);
    expect(fields.companyName?.value).toBe('厦门某某网络有限公司');
    expect(fields.uscc?.value).toBe(USCC_B);
  });

  it('a full queue answers "not read" at once instead of making the upload wait', async () => {
    const busy = startOcrWorker({ maxPending: 0 });
    expect(await busy.read(Buffer.from('x'), ID_FRONT_MAX_SIDE)).toBeNull();
    await busy.close();
  });

  it('bytes that are not an image come back as "not read", and the worker goes on', {
    timeout: 180_000,
  }, async () => {
    expect(await ocr.read(Buffer.from('not an image'), ID_FRONT_MAX_SIDE)).toBeNull();
  });
});

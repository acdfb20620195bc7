/** `icp documents inspect` run as a real process. */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { idCardImage, licenceImage, licenceUrl, pdfOfJpeg, USCC_A } from '../support/document-fixtures.ts';
import { greyscaleJpeg } from '../support/images.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'icp.js');
const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'icp-inspect-'));

async function icp(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', LANG: 'C', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const file = (name: string, bytes: Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};

describe('icp documents inspect', () => {
  let licence: string;
  beforeAll(async () => {
    licence = file('licence.jpg', await licenceImage({ qrText: licenceUrl(USCC_A) }));
  });

  it('prints the QR text, its USCC, colour and size as JSON; exit 0', async () => {
    const out = await icp(['documents', 'inspect', licence, '--json']);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual({
      qr: { text: licenceUrl(USCC_A), uscc: USCC_A },
      ocr: null,
      colour: true,
      width: 2000,
      height: 1400,
    });
  });

  it('reads a licence PDF and says it in Chinese', async () => {
    const pdf = file('licence.pdf', await pdfOfJpeg(await licenceImage({ qrText: licenceUrl(USCC_A) })));
    const out = await icp(['documents', 'inspect', pdf], { LANG: 'zh_CN.UTF-8' });
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(`其中的统一社会信用代码:${USCC_A}`);
  });

  it('with OCR off and an ID kind: ocr null, still exit 0', async () => {
    const id = file('id.jpg', await idCardImage());
    const out = await icp(['documents', 'inspect', id, '--kind', 'sponsor_principal_id_front', '--json'], {
      OCR: 'off',
    });
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ qr: null, ocr: null });
  });

  it('refused as a document (greyscale): exit 1 with the reason', async () => {
    const out = await icp(['documents', 'inspect', file('grey.jpg', await greyscaleJpeg()), '--json']);
    expect(out.code).toBe(1);
    expect(JSON.parse(out.stdout).refused[0].code).toBe('upload.grayscale');
  });

  it('unreadable: a corrupt PDF, a missing file, exit 2', async () => {
    const corrupt = file(
      'bad.pdf',
      Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(3000, 0x41), Buffer.from('\n%%EOF\n')]),
    );
    expect((await icp(['documents', 'inspect', corrupt])).code).toBe(2);
    const missing = await icp(['documents', 'inspect', join(dir, 'nope.jpg')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('ENOENT');
  });

  it('misuse: exit 2 with the usage', async () => {
    const out = await icp(['documents', 'inspect']);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('usage: icp documents inspect');
    expect((await icp(['documents', 'inspect', licence, '--kind', 'passport'])).code).toBe(2);
  });
});

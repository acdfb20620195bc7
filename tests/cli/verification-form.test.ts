/** `icp verification-form` run as a real process: the PDF offline, and its exit codes. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { pdfPages, squeeze } from '../documents/forms/pdf-text.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'icp.js');
const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'icp-form-'));

async function icp(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, 'verification-form', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', LANG: 'C', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('icp verification-form', { timeout: 120_000 }, () => {
  it('writes the verification form of a valid filing (exit 0), naming PROVIDER_NAME', async () => {
    const out = join(dir, 'form.pdf');
    const result = await icp(['examples/enterprise-two-websites.json', '--out', out, '--lang', 'zh'], {
      PROVIDER_NAME: '某某云计算有限公司',
    });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('2 页');
    const pages = (await pdfPages(readFileSync(out))).map(squeeze);
    expect(pages[0]).toContain('网站备案信息真实性核验单');
    expect(pages[0]).toContain('某某云计算有限公司');
    expect(pages[1]).toContain('example-video.cn');
  });

  it('writes the letters with --document, in English with --lang en', async () => {
    const out = join(dir, 'letter.pdf');
    const result = await icp([
      'examples/enterprise-two-websites.json',
      '--out',
      out,
      '--lang',
      'en',
      '--document',
      'authorisation_letter',
    ]);
    expect(result.code).toBe(0);
    const [page] = await pdfPages(readFileSync(out));
    expect(page).toContain('Website principal authorisation letter');
    expect(squeeze(page!)).toContain('310115198506124561');
  });

  it('refuses an invalid filing with the same problems as icp check (exit 1)', async () => {
    const doc = JSON.parse(readFileSync(join(ROOT, 'examples', 'individual.json'), 'utf8'));
    doc.sponsorPrincipal.idNumber = '11010519491231002Y';
    const file = join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify(doc));
    const out = join(dir, 'never.pdf');
    const result = await icp([file, '--out', out, '--lang', 'en']);
    const check = await run(process.execPath, [BIN, 'check', file, '--lang', 'en'], { cwd: ROOT }).catch(
      (e: { stdout: string }) => e,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(check.stdout);
    expect(result.stderr).toContain('sponsorPrincipal.idNumber');
    expect(() => readFileSync(out)).toThrow();
  });

  it('exit 1 for a letter the filing does not need', async () => {
    const result = await icp([
      'examples/individual.json',
      '--out',
      join(dir, 'x.pdf'),
      '--document',
      'authorisation_letter',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('needs no');
  });

  it('exit 2 for an unreadable file or a file that is not JSON', async () => {
    const notJson = join(dir, 'not.json');
    writeFileSync(notJson, '{ nope');
    const out = join(dir, 'y.pdf');
    expect((await icp([join(dir, 'missing.json'), '--out', out])).code).toBe(2);
    expect((await icp([notJson, '--out', out])).code).toBe(2);
  });

  it('exit 2 for an unknown document or no --out', async () => {
    const out = join(dir, 'y.pdf');
    const unknown = await icp(['examples/individual.json', '--out', out, '--document', 'passport']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown document');
    expect((await icp(['examples/individual.json'])).code).toBe(2);
  });
});

/** `icp check` run as a real process, as an applicant or CI would run it. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CHECK_MAX_BYTES } from '../../src/filing/limits.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'icp.js');
const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'icp-check-'));

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function icp(args: string[], env: Record<string, string> = {}): Promise<Outcome> {
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

/** The enterprise example with three mistakes in three sections. */
function brokenCopy(): string {
  const doc = JSON.parse(readFileSync(join(ROOT, 'examples', 'enterprise-two-websites.json'), 'utf8'));
  doc.sponsorPrincipal.idNumber = '350102198801010002';
  doc.websites[0].access.ips = ['42.159.10.20', '10.0.0.8'];
  doc.websites[1].principal.emails = ['wangwu@example.cn'];
  const file = join(dir, 'broken.json');
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

const EXAMPLES = [
  'individual',
  'enterprise-two-websites',
  'new-website',
  'new-access',
  'change',
  'cancel-website',
  'cancel-sponsor',
  'remove-access',
];
let examplesRun: Promise<Outcome> | undefined;

describe('icp check', () => {
  // One process checks every example (a process start costs more than the check itself); each
  // test then reads its own verdict line, and any invalid example makes the exit code 1.
  it.each(EXAMPLES)('passes examples/%s.json (exit 0)', async (name) => {
    examplesRun ??= icp(['check', ...EXAMPLES.map((example) => `examples/${example}.json`)]);
    const out = await examplesRun;
    expect(out).toMatchObject({ code: 0, stderr: '' });
    const verdict = out.stdout.split('\n').find((line) => line.startsWith(`examples/${name}.json:`));
    expect(verdict).toContain(`examples/${name}.json: valid`);
  });

  it('lists every problem of a broken copy with its path, in English and in Chinese (exit 1)', async () => {
    const file = brokenCopy();
    const en = await icp(['check', file, '--lang', 'en']);
    expect(en.code).toBe(1);
    const lines = en.stdout.trim().split('\n');
    expect(lines[0]).toContain('3 problem(s) found');
    expect(lines.slice(1).map((l) => l.trim().split(':')[0])).toEqual([
      'sponsorPrincipal.idNumber',
      'websites.0.access.ips.1',
      'websites.1.principal.emails.0',
    ]);
    expect(en.stdout).toContain('check character of the resident ID is wrong');
    expect(en.stdout).toContain('may not share an email');

    const zh = await icp(['check', file], { LANG: 'zh_CN.UTF-8' });
    expect(zh.code).toBe(1);
    expect(zh.stdout).toContain('发现 3 个问题');
    expect(zh.stdout).toContain('websites.1.principal.emails.0: 两位不同的负责人不能使用同一个邮箱');
  });

  it('prints exactly the JSON shape with --json', async () => {
    const out = await icp(['check', brokenCopy(), '--json']);
    expect(out.code).toBe(1);
    const parsed = JSON.parse(out.stdout);
    expect(Object.keys(parsed)).toEqual(['valid', 'errors']);
    expect(parsed.valid).toBe(false);
    expect(parsed.errors).toHaveLength(3);
    for (const e of parsed.errors) expect(Object.keys(e)).toEqual(['path', 'code', 'message']);
    expect(parsed.errors[0]).toMatchObject({
      path: 'sponsorPrincipal.idNumber',
      code: 'resident_id.checksum',
    });
    const valid = JSON.parse((await icp(['check', 'examples/individual.json', '--json'])).stdout);
    expect(valid).toEqual({ valid: true, errors: [] });
  });

  it('exits 2 with one line and no stack for a missing file', async () => {
    const out = await icp(['check', join(dir, 'nope.json')]);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
    expect(out.stderr).toContain('no such file');
    expect(out.stderr).not.toMatch(/\bat .*\(/);
  });

  it('exits 2 with one line for a file over the size limit, without reading it', async () => {
    const file = join(dir, 'huge.json');
    // Valid JSON, so only the size can refuse it.
    writeFileSync(file, `{"pad": "${'x'.repeat(CHECK_MAX_BYTES)}"}`);
    for (const lang of ['en', 'zh']) {
      const out = await icp(['check', file, '--lang', lang, '--json']);
      expect(out.code).toBe(2);
      expect(out.stdout).toBe('');
      expect(out.stderr.trim().split('\n')).toHaveLength(1);
      expect(out.stderr).toContain(lang === 'en' ? 'too large' : '文件过大');
    }
  });

  it('exits 2 with one localized line for a file that is not JSON', async () => {
    const file = join(dir, 'not-json.json');
    writeFileSync(file, '{ "filingType": first_filing');
    const out = await icp(['check', file, '--lang', 'zh']);
    expect(out.code).toBe(2);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
    expect(out.stderr).toContain('不是有效的 JSON 文件');
  });

  it('checks several files, one verdict each, exit 1 if any fails (en and zh)', async () => {
    const broken = brokenCopy();
    for (const lang of ['en', 'zh']) {
      const out = await icp([
        'check',
        'examples/individual.json',
        broken,
        'examples/enterprise-two-websites.json',
        '--lang',
        lang,
      ]);
      expect(out.code).toBe(1);
      const verdicts = out.stdout.split('\n').filter((l) => !l.startsWith(' ') && l.trim() !== '');
      expect(verdicts).toHaveLength(3);
      expect(verdicts[0]).toContain('examples/individual.json');
      expect(verdicts[1]).toContain(broken);
      expect(verdicts[2]).toContain('examples/enterprise-two-websites.json');
    }
    const valid = await icp(['check', 'examples/individual.json', 'examples/enterprise-two-websites.json']);
    expect(valid.code).toBe(0);
    const json = await icp(['check', 'examples/individual.json', broken, '--json']);
    const lines = json.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.file, l.valid])).toEqual([
      ['examples/individual.json', true],
      [broken, false],
    ]);
    const missing = await icp(['check', 'examples/individual.json', join(dir, 'missing.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toContain('examples/individual.json');
  }, 120_000);

  it('exits 2 on a bad --lang', async () => {
    const out = await icp(['check', 'examples/individual.json', '--lang', 'fr']);
    expect(out.code).toBe(2);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('icp check on orders of an existing filing', () => {
  it('names the ICP number mistakes with their paths, exact JSON and exit 1', async () => {
    const doc = JSON.parse(readFileSync(join(ROOT, 'examples', 'new-access.json'), 'utf8'));
    doc.icpNumber = '沪ICP备2026001234号';
    doc.websites[0].icpNumber = '闽ICP备2026001234号-1';
    const file = join(dir, 'new-access-broken.json');
    writeFileSync(file, JSON.stringify(doc));
    const out = await icp(['check', file, '--json', '--lang', 'en']);
    expect(out.code).toBe(1);
    expect(JSON.parse(out.stdout)).toEqual({
      valid: false,
      errors: [
        {
          path: 'icpNumber',
          code: 'icp_number.province_mismatch',
          message: "The number starts with 沪, but the sponsor's province uses 闽.",
        },
        {
          path: 'websites.0.icpNumber',
          code: 'icp_number.other_sponsor',
          message:
            "This website number belongs to the sponsor number 闽ICP备2026001234号, not to this filing's 沪ICP备2026001234号.",
        },
      ],
    });
    const zh = await icp(['check', file, '--lang', 'zh']);
    expect(zh.stdout).toContain('websites.0.icpNumber: 这个网站备案号属于主办单位备案号 闽ICP备2026001234号');
  });
});

describe('icp schema', () => {
  it('prints the JSON Schema of the document', async () => {
    const out = await icp(['schema']);
    expect(out.code).toBe(0);
    const schema = JSON.parse(out.stdout);
    expect(schema.$schema).toContain('json-schema.org');
    expect(schema.oneOf).toHaveLength(7);
    expect(schema.oneOf[0].properties.websites.type).toBe('array');
  });
});

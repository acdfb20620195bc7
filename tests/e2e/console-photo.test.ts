/**
 * "Send a photo instead" end to end (issue 14, prefill): `npm start` as a console process, the
 * embedded database, the real OCR worker reading a synthetic ID card rendered from the bundled CJK
 * font. At the individual's certificate number, `/photo` offers the number read; tapping it (typing
 * its option number) answers the question, and the photo is kept as the ID front.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, vi } from 'vitest';
import { t } from '../../src/i18n/index.ts';
import { individual } from '../conversation/fixtures/real-scripts.ts';
import { ConsoleProcess } from '../support/console-process.ts';
import { idCardImage } from '../support/document-fixtures.ts';
import { answerUntil, register } from './console-script.ts';

const ID = '11010519491231002X';

describe('npm start: a photo instead of typing', () => {
  it('zh: /photo at the ID number question offers the number read; "1" answers with it', {
    timeout: 600_000,
  }, async ({ expect, onTestFinished }) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'icp-e2e-photo-'));
    onTestFinished(() => rm(dataDir, { recursive: true, force: true }));
    // The first reading loads the models: on a crowded test machine that alone can pass the default.
    vi.stubEnv('OCR_TIMEOUT_MS', '240000');
    onTestFinished(() => {
      vi.unstubAllEnvs();
    });
    const proc = await ConsoleProcess.start({ dataDir, locale: 'zh_CN.UTF-8', replyTimeoutMs: 240_000 });
    onTestFinished(() => proc.kill());
    await register(proc, 'owner@example.cn');
    const q = await answerUntil(proc, individual, (q) => q.path === 'sponsor.documentNumber');
    expect(q.path).toBe('sponsor.documentNumber');

    const photo = join(dataDir, 'id-front.jpg');
    await writeFile(photo, await idCardImage({ name: '王小明', idNumber: ID }));
    const reply = await proc.type(`/photo ${photo}`);
    expect(reply).toContain(t('zh', 'conversation:photo.kept'));
    expect(reply).toContain(t('zh', 'conversation:photo.read', { values: `${ID} · 王小明` }));
    expect(reply).toContain(`1) ${ID}`);

    await proc.type('1');
    expect(proc.question.path).toBe('sponsor.name');
    const summary = await proc.type('/summary');
    expect(summary).toContain(ID);
    const docs = await proc.type('/documents');
    expect(docs).toMatch(new RegExp(`✓ ${t('zh', 'documents:kinds.sponsor_principal_id_front')}`));
  });
});

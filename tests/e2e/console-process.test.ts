/**
 * `npm start` with no Telegram token, as a person uses it: a child process on a fresh data folder,
 * driven through stdin/stdout (the trace hook on stderr says which field is asked). Registration
 * with the code from the mail file, a complete filing with uploads, submission; stopping and
 * starting again resumes where the person left off.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { t } from '../../src/i18n/index.ts';
import { individual } from '../conversation/fixtures/real-scripts.ts';
import { ConsoleProcess } from '../support/console-process.ts';
import { answerUntil, choose, register, uploadMissing } from './console-script.ts';

type Cleanup = (fn: () => Promise<void>) => void;

/** A temp folder removed when the test ends (tests run side by side, so cleanup is per test). */
async function tempDir(prefix: string, onEnd: Cleanup): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  onEnd(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function start(dataDir: string, locale: string, onEnd: Cleanup): Promise<ConsoleProcess> {
  // The first start creates and migrates the embedded database: slow on a busy machine.
  const proc = await ConsoleProcess.start({ dataDir, locale, replyTimeoutMs: 120_000 });
  onEnd(() => proc.kill());
  return proc;
}

/** The part of a text after its `{{email}}` (the address itself is shown masked). */
function afterEmail(lang: 'en' | 'zh', key: string): string {
  return t(lang, key, { email: '\u0000' }).split('\u0000')[1] ?? '';
}

// Each test waits on its own child process most of the time: run them side by side.
describe.concurrent('npm start: the console chat as a process', () => {
  it('en: registers, files half, stops on SIGTERM; starts again at the same question with the answers kept; submits; /status after another restart', async ({
    expect,
    onTestFinished,
  }) => {
    const dataDir = await tempDir('icp-e2e-console-en-', onTestFinished);
    const files = await tempDir('icp-e2e-files-', onTestFinished);

    let proc = await start(dataDir, 'en_US.UTF-8', onTestFinished);
    expect(proc.stdout).toContain(t('en', 'console:banner', { dataDir }));
    const { reply } = await register(proc, 'owner@example.cn');
    expect(reply).toContain(afterEmail('en', 'account:prompts.verified'));
    expect(proc.question.fieldId).toBe('filingType');

    const stoppedAt = await answerUntil(proc, individual, (q) => q.path === 'websites.0.domains');
    // Stopped as Ctrl-C or a service manager would: a clean exit, nothing lost.
    expect(await proc.signal('SIGTERM')).toBe(0);
    expect(proc.stdout).toContain(t('en', 'console:bye'));

    proc = await start(dataDir, 'en_US.UTF-8', onTestFinished);
    expect(proc.question.path).toBe(stoppedAt.path);
    const summary = await proc.type('/summary');
    expect(summary).toContain('上海市浦东新区某某路100弄2号');
    expect(summary).toContain('张三的读书笔记');
    expect(proc.question.path).toBe(stoppedAt.path);

    expect((await answerUntil(proc, individual)).fieldId).toBe('@submit');
    const uploaded = await uploadMissing(proc, files);
    expect(uploaded).toEqual(expect.arrayContaining(['sponsor_principal_id_front']));
    expect(proc.documents.every((d) => d.uploaded)).toBe(true);
    const submitted = await choose(proc, 'submit');
    expect(submitted).toContain(t('en', 'console:submitted'));
    expect(await proc.exit()).toBe(0);

    proc = await start(dataDir, 'en_US.UTF-8', onTestFinished);
    const status = await proc.type('/status');
    expect(status).toContain(t('en', 'notify:status.heading', { domain: 'zhangsan-notes.cn' }));
    expect(status).toContain(t('en', 'review:stages.first_review'));
    expect(await proc.exit()).toBe(0);
  }, 300_000);

  it('zh: a whole filing in Chinese, an invalid answer re-asked with its reason', async ({
    expect,
    onTestFinished,
  }) => {
    const dataDir = await tempDir('icp-e2e-console-zh-', onTestFinished);
    const files = await tempDir('icp-e2e-files-', onTestFinished);
    const proc = await start(dataDir, 'zh_CN.UTF-8', onTestFinished);
    expect(proc.stdout).toContain(t('zh', 'console:banner', { dataDir }));
    // Consent before anything is collected (issue 13), then the account email.
    expect(proc.stdout).toContain(t('zh', 'privacy:consent.general.title'));
    const { reply } = await register(proc, 'zhangsan@example.cn');
    expect(proc.stdout).toContain(t('zh', 'account:prompts.ask_email'));
    expect(reply).toContain(afterEmail('zh', 'account:prompts.verified'));

    await answerUntil(proc, individual, (q) => q.path === 'sponsor.documentNumber');
    const refused = await proc.type('12345');
    expect(proc.lastTraces.find((trace) => trace.type === 'error')?.data).toEqual({
      paths: ['sponsor.documentNumber'],
    });
    expect(refused).toContain(t('zh', 'filing:fields.sponsor.documentNumber.label'));
    expect(proc.question.path).toBe('sponsor.documentNumber');

    await answerUntil(proc, individual);
    await uploadMissing(proc, files);
    expect(await choose(proc, 'submit')).toContain(t('zh', 'console:submitted'));
    expect(await proc.exit()).toBe(0);
    expect(proc.stdout).toContain(t('zh', 'console:bye'));
  }, 300_000);
});

/**
 * Issue 13: a whole flow at LOG_LEVEL=debug (Telegram consent, registration, filing, uploads,
 * submission; staff document link and approval; /export and /delete) with the log captured, then
 * searched for every personal value and secret the flow used: ID numbers, phones, email addresses,
 * the verification code, bot and Slack tokens, file URLs. None may appear.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../../src/app/start-app.ts';
import { loadConfig } from '../../src/config.ts';
import { loggerTo } from '../../src/logger.ts';
import { CHANNEL, SIGNING_SECRET, STAFF } from '../channels/slack/slack-harness.ts';
import { individual } from '../conversation/fixtures/real-scripts.ts';
import { AppApplicant, eventually, mailFiles, StoredConversations } from '../e2e/app-applicant.ts';
import { codeIn } from '../support/console-process.ts';
import { openTestDatabase, type TestDatabase } from '../support/db.ts';
import { type FakeBotApi, startFakeBotApi } from '../support/fake-bot-api.ts';
import { FakeSlackApi } from '../support/fake-slack-api.ts';

const CHAT = { id: 770_001, languageCode: 'en' };
const EMAIL = 'log.scan.owner@example.cn';
const SLACK_TOKEN = 'xoxb-log-scan-secret-token';

let bot: FakeBotApi;
let slack: FakeSlackApi;
let dataDir: string;
let db: TestDatabase;
let app: RunningApp;
const logLines: string[] = [];
const now = () => new Date();

beforeAll(async () => {
  bot = await startFakeBotApi();
  slack = await new FakeSlackApi().start();
  dataDir = await mkdtemp(join(tmpdir(), 'icp-log-scan-'));
  db = await openTestDatabase('pglite', { onDisk: true });
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'debug',
    TELEGRAM_BOT_TOKEN: bot.token,
    // The script answers far faster than a person; the per-chat limit has its own test.
    TELEGRAM_RATE_BURST: '100000',
    TELEGRAM_API_ROOT: bot.apiRoot,
    SLACK_BOT_TOKEN: SLACK_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.url,
    SLACK_TRIAGE_CHANNEL: CHANNEL,
    SLACK_STAFF_USER_IDS: STAFF.join(','),
  });
  const capture = { write: (line: string) => void logLines.push(line) };
  app = await startApp({
    config,
    logger: loggerTo(config.LOG_LEVEL, capture),
    database: db,
    slackListen: { port: 0, host: '127.0.0.1' },
    // Any free port: test files run in parallel, and PORT + 2 would be shared.
    documentLinkListen: { port: 0, host: '127.0.0.1' },
    now,
  });
}, 120_000);

afterAll(async () => {
  await app?.stop('test end');
  if (db) await rm(db.dataDir, { recursive: true, force: true });
  await bot?.close();
  await slack?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('logs at debug level', () => {
  it('hold no ID number, phone, email, code, token or file URL of a whole flow', async () => {
    const user = new AppApplicant(bot, CHAT, new StoredConversations(() => db, now), () =>
      app.handles.telegram?.idle(),
    );
    await user.type('/start');
    await user.press('t:pc1g:o:agreed');
    await user.press('t:pc1s:o:agreed');
    await user.type(EMAIL);
    const mail = await eventually(async () => (await mailFiles(join(dataDir, 'mail')))[0], 'the code mail');
    const code = codeIn(mail);
    await user.type(code);
    await user.conversations.refresh(CHAT.id);
    await user.fileUntilSubmit(individual);
    await user.uploadMissing();
    await user.choose('submit');

    const filing = await db.prisma.filing.findFirstOrThrow({ where: { status: 'first_review' } });
    await eventually(() => (slack.topLevel(CHANNEL).length > 0 ? true : undefined), 'the triage message');
    const document = await db.prisma.document.findFirstOrThrow({ where: { filingId: filing.id } });
    const link = await app.handles.staff.documentLink(STAFF[0]!, filing.id, document.id);
    expect(link.ok).toBe(true);
    const fileUrl = link.ok ? link.value.url : '';
    for (const action of [
      { type: 'approve_first_review' },
      { type: 'record_interview', outcome: 'passed', option: 'phone' },
      { type: 'approve_second_review' },
      { type: 'submitted_to_miit' },
      { type: 'sms_verified' },
      { type: 'approve', icpNumber: '沪ICP备2026012345号' },
    ] as const) {
      expect((await app.handles.staff.act(STAFF[0]!, filing.id, action)).ok, action.type).toBe(true);
    }
    const sentBefore = bot.documents.length;
    await user.type('/export');
    // The chat also received the printable forms (PDF) earlier; the export is the document sent now.
    const exported = bot.documents.slice(sentBefore).find((d) => d.chatId === CHAT.id);
    expect(exported?.bytes.toString('utf8')).toContain('350102198001011233');
    await user.type('/delete');
    await user.press('t:pdel:o:confirm');
    expect(await db.prisma.applicant.count({ where: { email: EMAIL } })).toBe(0);
    await app.handles.notifier.worker.drain();

    const log = logLines.join('');
    // The capture is real: debug lines of every part were written.
    expect(logLines.length).toBeGreaterThan(10);

    expect(logLines.some((line) => line.includes('"level":20'))).toBe(true);
    const secrets = [
      '350102198001011233',
      '13800138000',
      '13900139000',
      '87654321',
      EMAIL,
      'zhangsan@example.cn',
      'log.scan.owner',
      code,
      bot.token,
      bot.token.split(':')[1]!,
      SLACK_TOKEN,
      SIGNING_SECRET,
      fileUrl,
      'file://',
      '/file/bot',
    ];
    expect(secrets.filter((value) => value && log.includes(value))).toEqual([]);
  }, 300_000);
});

/**
 * The whole app in one process (startApp: Telegram + Slack + the notify worker over one database),
 * against the fake Bot API and the fake Slack Web API, mail written as .eml files: an applicant on
 * Telegram registers, files, uploads and submits; staff move the filing through every stage with
 * hand-signed Slack requests; the applicant gets each outcome in the chat and by email, once each,
 * in order, also across a Bot API outage. The steps share one filing, so they run in order.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../../src/app/start-app.ts';
import { loadConfig } from '../../src/config.ts';
import { listEvents } from '../../src/db/events.ts';
import { render, t } from '../../src/i18n/index.ts';
import { interviewToken } from '../../src/notify/interview-question.ts';
import { renderNotice } from '../../src/notify/telegram-outbound.ts';
import { chineseWorkingDayCalendar } from '../../src/review/chinese-days-source.ts';
import { stageDueText } from '../../src/review/eta.ts';
import { stageDue } from '../../src/review/stages.ts';
import type { StatusPingPayload } from '../../src/services/staff-outbox.ts';
import {
  buttonIds,
  CHANNEL,
  click,
  findButton,
  type Harness,
  plainValue,
  SIGNING_SECRET,
  STAFF,
  submitModal,
} from '../channels/slack/slack-harness.ts';
import { individual } from '../conversation/fixtures/real-scripts.ts';
import { clock, recordingBlobStore } from '../services/staff-fixtures.ts';
import { codeIn } from '../support/console-process.ts';
import { openTestDatabase, type TestDatabase } from '../support/db.ts';
import { type FakeBotApi, startFakeBotApi } from '../support/fake-bot-api.ts';
import { FakeSlackApi } from '../support/fake-slack-api.ts';
import { AppApplicant, eventually, mailFiles, StoredConversations } from './app-applicant.ts';

const CHAT = { id: 880_001, languageCode: 'zh-hans' };
const EMAIL = 'zhangsan.owner@example.cn';
const DOMAIN = 'zhangsan-notes.cn';

let bot: FakeBotApi;
let slack: FakeSlackApi;
let dataDir: string;
let db: TestDatabase;
let app: RunningApp;
/** Staff requests go to the app's Slack port with the slack-harness helpers. */
let h: Harness;
let user: AppApplicant;
let filingId: string;
let applicantId: string;
/**
 * The injected clock: three days ahead, running with real time. Not frozen: the outbox stamps rows
 * with the database's real time and the chat pacer and retries wait in real time.
 */
const offsetMs = 3 * 24 * 3_600_000;
const now = () => new Date(Date.now() + offsetMs);

/** Starts the app over `db` (the same data folder every time, as `npm start` would). */
async function startTheApp(): Promise<void> {
  const config = loadConfig({
    DATA_DIR: dataDir,
    TELEGRAM_BOT_TOKEN: bot.token,
    // The script answers far faster than a person; the per-chat limit has its own test.
    TELEGRAM_RATE_BURST: '100000',
    TELEGRAM_API_ROOT: bot.apiRoot,
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.url,
    SLACK_TRIAGE_CHANNEL: CHANNEL,
    SLACK_STAFF_USER_IDS: STAFF.join(','),
  });
  app = await startApp({
    config,
    logger: pino({ level: 'silent' }),
    database: db,
    slackListen: { port: 0, host: '127.0.0.1' },
    // Any free port: test files run in parallel, and PORT + 2 would be shared.
    documentLinkListen: { port: 0, host: '127.0.0.1' },
    now,
  });
  const slackHandle = app.handles.slack;
  if (!slackHandle) throw new Error('Slack did not start');
  h = {
    db,
    slack,
    app: slackHandle,
    staff: app.handles.staff,
    blobStore: recordingBlobStore(),
    time: clock(now()),
    close: async () => {},
  };
}

/** Stops the app and starts it again over the same database and folder (a restart of the bot). */
async function restartTheApp(): Promise<void> {
  await app.stop('restart');
  db = await db.reopen();
  await startTheApp();
}

beforeAll(async () => {
  bot = await startFakeBotApi();
  slack = await new FakeSlackApi().start();
  dataDir = await mkdtemp(join(tmpdir(), 'icp-e2e-review-'));
  // On disk, so a restart finds the data again.
  db = await openTestDatabase('pglite', { onDisk: true });
  await startTheApp();
  user = new AppApplicant(bot, CHAT, new StoredConversations(() => db, now), () =>
    app.handles.telegram?.idle(),
  );
}, 120_000);

afterAll(async () => {
  await app?.stop('test end');
  if (db) await rm(db.dataDir, { recursive: true, force: true });
  await bot?.close();
  await slack?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const mailDir = () => join(dataDir, 'mail');
const triage = () => slack.topLevel(CHANNEL).at(-1);
const triageTs = () => {
  const ts = triage()?.ts;
  if (!ts) throw new Error('no triage message');
  return ts;
};
const staffView = async () => {
  const view = await app.handles.staff.show(filingId);
  if (!view) throw new Error('filing not found');
  return view;
};
/** The review's events (the conversation logs its own on the same filing). */
const reviewEvents = async () =>
  (await listEvents(db.prisma, db.pii, { filingId }))
    .map((e) => e.type)
    .filter((type) => type.startsWith('review.'));

/** The status pings the review queued for the applicant, in order. */
async function pings(): Promise<StatusPingPayload[]> {
  const rows = await db.prisma.outbox.findMany({
    where: { topic: 'status_ping', orderKey: `applicant:${applicantId}` },
    orderBy: { id: 'asc' },
  });
  return rows.map((row) => db.pii.decryptPii(row.payload) as unknown as StatusPingPayload);
}

/** A staff click on the triage message's button `actionId`, answered 200. */
async function press(actionId: string, staffId = 'U_STAFF1') {
  const button = findButton(triage(), actionId);
  if (!button) throw new Error(`no ${actionId} on the triage message: ${buttonIds(triage()).join(', ')}`);
  const res = await click(h, staffId, triageTs(), button);
  expect(res.status).toBe(200);
  return res;
}

/** Waits until the filing's review status is `status` and the triage message shows its new buttons. */
async function reachStatus(status: string) {
  await eventually(
    async () => ((await staffView()).status === status ? true : undefined),
    `status ${status}`,
  );
}

/** What the chat shows: the messages the Bot API accepted, in order (failed attempts are not there). */
const delivered = () => [...(bot.messages.get(CHAT.id)?.values() ?? [])].map((m) => m.text);

/** Waits until the chat received `count` pings (each ping rendered as the worker sends it). */
async function chatPingsArrive(count: number) {
  return eventually(async () => {
    const expected = (await pings()).slice(0, count);
    if (expected.length < count) return undefined;
    const sent = delivered();
    const texts = expected.flatMap((p) => renderNotice('zh', p.texts).map((m) => m.text));
    return texts.every((text) => sent.includes(text)) ? expected : undefined;
  }, `${count} pings in the chat`);
}

describe('a filing from Telegram through every review stage in Slack', () => {
  it('registers with the code from the mail file, files with buttons and text, uploads, submits: the triage message appears in Slack', async () => {
    await user.type('/start');
    // Consent first (issue 13): the general text, then the sensitive part, each with its buttons.
    expect(bot.sentTexts(CHAT.id).at(-1)).toContain(t('zh', 'privacy:consent.general.title'));
    await user.press('t:pc1g:o:agreed');
    await user.press('t:pc1s:o:agreed');
    expect(bot.sentTexts(CHAT.id).at(-1)).toContain(t('zh', 'account:prompts.ask_email'));
    await user.type(EMAIL);
    const codeMail = await eventually(async () => (await mailFiles(mailDir()))[0], 'the code mail');
    expect(codeMail.to).toContain(EMAIL);
    await user.type(codeIn(codeMail));
    await user.conversations.refresh(CHAT.id);
    expect(user.question.fieldId).toBe('filingType');

    await user.fileUntilSubmit(individual);
    const refs = await user.uploadMissing();
    expect(refs.length).toBeGreaterThan(0);
    await user.choose('submit');
    expect(user.app.state(CHAT.id)?.phase).toBe('submitted');
    expect(bot.sentTexts(CHAT.id)).toContain(t('zh', 'telegram:submitted'));

    const id = await user.conversations.applicantId(CHAT.id);
    if (!id) throw new Error('no applicant');
    applicantId = id;
    const filing = await db.prisma.filing.findFirstOrThrow({ where: { applicantId } });
    filingId = filing.id;
    await eventually(() => triage(), 'the triage message');
    expect(buttonIds(triage())).toEqual(
      expect.arrayContaining(['icp:act:claim', 'icp:open:request_changes']),
    );
    expect(JSON.stringify(triage()?.blocks)).toContain(DOMAIN);
    // The principal's ID number is masked in Slack.
    expect(JSON.stringify(triage()?.blocks)).not.toContain('350102198001011233');
    // The publisher records the message's ts right after posting it.
    expect(
      await eventually(async () => (await staffView()).slackTs ?? undefined, 'the triage ts recorded'),
    ).toBe(triageTs());
    await chatPingsArrive(1);
  }, 180_000);

  it('a forged signature gets 401 and a non-staff click is refused: nothing changes', async () => {
    const before = await staffView();
    const claim = findButton(triage(), 'icp:act:claim');
    if (!claim) throw new Error('no claim button');
    const forged = await click(h, 'U_STAFF1', triageTs(), claim, { secret: 'not-the-secret' });
    expect(forged.status).toBe(401);
    const visitor = await click(h, 'U_VISITOR', triageTs(), claim);
    expect(visitor.status).toBe(200);
    expect(slack.callsOf('chat.postEphemeral').at(-1)).toMatchObject({ user: 'U_VISITOR' });
    const after = await staffView();
    expect(after.version).toBe(before.version);
    expect(after.claimedBy).toBeNull();
    expect(await reviewEvents()).toEqual(['review.submit']);
  });

  it('claim, request changes: the applicant is asked exactly those fields and documents again, in Chinese, fixes them and resubmits', async () => {
    await press('icp:act:claim');
    expect((await staffView()).claimedBy).toBe('U_STAFF1');
    await press('icp:open:request_changes');
    const reason = '通信地址不完整，网站名称需与内容一致';
    const res = await submitModal(h, 'U_STAFF1', {
      fields: {
        value: {
          type: 'multi_static_select',
          selected_options: [{ value: 'sponsor.mailingAddress' }, { value: 'websites.0.name' }],
        },
      },
      documents: {
        value: { type: 'multi_static_select', selected_options: [{ value: 'sponsor_principal_id_front' }] },
      },
      reason: plainValue(reason),
    });
    expect(res.status).toBe(200);
    await reachStatus('changes_requested');

    // The ping says why and what, then the first requested field is asked (both from the outbox).
    const [, changes] = await chatPingsArrive(2);
    expect(changes?.requestedChanges).toEqual({
      fields: ['sponsor.mailingAddress', 'websites.0.name'],
      documents: ['sponsor_principal_id_front'],
      reason,
    });
    const asked: string[] = [];
    await eventually(async () => {
      const state = await user.conversations.refresh(CHAT.id);
      return state?.phase === 'changes' && state.current ? true : undefined;
    }, 'the corrections round');
    const mailingLabel = t('zh', 'filing:fields.sponsor.mailingAddress.label');
    await eventually(
      () => (bot.sentTexts(CHAT.id).at(-1)?.includes(mailingLabel) ? true : undefined),
      'the first field asked again in the chat',
    );

    const fixes: Record<string, string> = {
      'sponsor.mailingAddress': '上海市浦东新区某某路200弄3号501室',
      'websites.0.name': '张三的读书与写作笔记',
    };
    for (let i = 0; i < 10 && !user.question.fieldId.startsWith('@'); i++) {
      const q = user.question;
      asked.push(q.path);
      const fix = fixes[q.path];
      if (!fix) throw new Error(`asked ${q.path}, which was not requested`);
      await user.type(fix);
    }
    expect(asked).toEqual(['sponsor.mailingAddress', 'websites.0.name']);
    // Only the requested document is asked for again.
    await user.type('/documents');
    const missing = user
      .latestKeyboard((b) => b.callback_data.startsWith('t:doc:k:'))
      .filter((b) => b.text.startsWith('📎'))
      .map((b) => b.callback_data.slice('t:doc:k:'.length));
    expect(missing).toEqual(['sponsor_principal_id_front']);
    expect(await user.uploadMissing()).toEqual(['sponsor_principal_id_front']);
    expect(user.question.fieldId).toBe('@resubmit');
    await user.choose('resubmit');
    await reachStatus('first_review');

    const filing = await db.prisma.filing.findUniqueOrThrow({ where: { id: filingId } });
    const document = JSON.stringify(db.pii.decryptPii(filing.document));
    expect(document).toContain(fixes['sponsor.mailingAddress']);
    expect(document).toContain(fixes['websites.0.name']);
    expect(document).toContain(DOMAIN);
    await chatPingsArrive(3);
  }, 120_000);

  it('first review; the applicant picks the interview with a button in the chat; staff record the outcome', async () => {
    await press('icp:act:approve_first_review');
    await reachStatus('interview');
    const [, , , firstReview] = await chatPingsArrive(4);
    expect(firstReview?.askInterviewChoice).toBe(true);

    // The ping is followed by the interview question with one button per option.
    const shanghai = `t:${interviewToken(filingId)}:o:shanghai_office`;
    const buttons = await eventually(() => {
      const keyboard = user.latestKeyboard((b) => b.callback_data === shanghai);
      return keyboard.length > 0 ? keyboard : undefined;
    }, 'the interview buttons');
    expect(buttons.map((b) => b.text)).toEqual(
      ['beijing_office', 'shanghai_office', 'phone'].map((o) => t('zh', `review:interview.labels.${o}`)),
    );
    expect(buttons.every((b) => Buffer.byteLength(b.callback_data) <= 64)).toBe(true);
    const question = bot
      .sentTexts(CHAT.id)
      .find((text) => text.includes(t('zh', 'notify:interview.question')));
    expect(question).toBeDefined();

    const questionMessage = user.findButton((b) => b.callback_data === shanghai)?.messageId;
    if (questionMessage === undefined) throw new Error('no interview question');
    const stateBefore = await user.conversations.refresh(CHAT.id);
    await user.press(shanghai);
    // Answered at once in the chat; the conversation (phase submitted) is not touched.
    expect(bot.sentTexts(CHAT.id).at(-1)).toBe(
      render('zh', { key: 'notify:interview.chosen', params: { option: 'shanghai_office' } }),
    );
    expect(await user.conversations.refresh(CHAT.id)).toEqual(stateBefore);
    await eventually(
      async () => ((await staffView()).review.interview?.option === 'shanghai_office' ? true : undefined),
      'the choice recorded',
    );
    const chosen = await chatPingsArrive(5);
    expect(chosen.at(-1)?.event).toBe('choose_interview');
    expect(chosen.at(-1)?.texts).toContainEqual({ key: 'review:interview.details.shanghai_office' });
    expect((await listEvents(db.prisma, db.pii, { filingId })).at(-1)).toMatchObject({
      type: 'review.choose_interview',
      actor: `applicant:${applicantId}`,
    });

    // A second press (the button is gone from the message; a stale copy of it) is refused politely.
    await user.settle(bot.pushCallback(CHAT, `t:${interviewToken(filingId)}:o:phone`, questionMessage));
    expect(bot.sentTexts(CHAT.id).at(-1)).toBe(
      render('zh', { key: 'notify:interview.already_chosen', params: { option: 'shanghai_office' } }),
    );
    expect((await staffView()).review.interview?.option).toBe('shanghai_office');

    // Staff record the outcome; the dialog already shows the applicant's choice.
    await press('icp:open:record_interview');
    const modal = JSON.stringify(slack.callsOf('views.open').at(-1));
    expect(/"initial_option":\{[^{}]*(\{[^{}]*\}[^{}]*)*"value":"shanghai_office"/.test(modal)).toBe(true);
    const interview = await submitModal(h, 'U_STAFF1', {
      outcome: { value: { type: 'radio_buttons', selected_option: { value: 'passed' } } },
    });
    expect(interview.status).toBe(200);
    await reachStatus('second_review');
    const recorded = (await staffView()).review.interview;
    expect(recorded).toMatchObject({ option: 'shanghai_office', outcome: 'passed' });
  }, 120_000);

  it('second review, MIIT, SMS (Bot API down meanwhile, the bot restarted), approved with an ICP number for Shanghai', async () => {
    await press('icp:act:approve_second_review');
    await reachStatus('submitted_to_miit');
    await chatPingsArrive(7);

    // Telegram fails for a while: two 502s, then a 429 asking for a 1 s pause.
    bot.failNext('sendMessage', { status: 502 }, 2);
    bot.failNext('sendMessage', { status: 429, retryAfter: 1 });
    await press('icp:act:submitted_to_miit');
    await reachStatus('miit_sms_check');
    await press('icp:act:sms_verified');
    await reachStatus('administration_review');
    // The bot restarts while pings wait for Telegram: none is lost or sent twice.
    await restartTheApp();

    // A number for another province is refused in the dialog; the sponsor's province (沪) is accepted.
    await press('icp:open:approve');
    const wrong = await submitModal(h, 'U_STAFF1', { icp_number: plainValue('京ICP备2026000001号') });
    expect(wrong.json()).toMatchObject({ response_action: 'errors' });
    expect((await staffView()).status).toBe('administration_review');
    const approved = await submitModal(h, 'U_STAFF1', { icp_number: plainValue('沪ICP备2026000001号') });
    expect(approved.status).toBe(200);
    await reachStatus('approved');
    expect((await staffView()).review.icpNumber).toBe('沪ICP备2026000001号');

    const all = await chatPingsArrive(10);
    expect(all.map((p) => p.event)).toEqual([
      'submit',
      'request_changes',
      'resubmit',
      'approve_first_review',
      'choose_interview',
      'record_interview',
      'approve_second_review',
      'submitted_to_miit',
      'sms_verified',
      'approve',
    ]);
    expect(all.at(-1)?.icpNumber).toBe('沪ICP备2026000001号');
    // The first ping sent during the outage took four calls: 502, 502, 429, then accepted.
    const miitText = renderNotice('zh', all[7]!.texts)[0]!.text;
    const attempts = bot
      .callsTo('sendMessage')
      .filter((c) => Number(c.params.chat_id) === CHAT.id && c.params.text === miitText);
    expect(attempts).toHaveLength(4);
  }, 120_000);

  it('the applicant received every ping once, in order, in the chat and by email, with its ETA', async () => {
    const all = await pings();
    const chat = delivered();
    const rendered = all.map((p) => renderNotice('zh', p.texts).map((m) => m.text));
    // Each ping's messages appear exactly once, and the pings in the order of the transitions.
    const positions = rendered.map((texts) => {
      for (const text of texts) expect(chat.filter((sent) => sent === text)).toHaveLength(1);
      return chat.indexOf(texts[0]!);
    });
    expect(positions).toEqual([...positions].sort((a, b) => a - b));

    // ETA: the submission's first-review deadline is two working days from the submission.
    const calendar = chineseWorkingDayCalendar();
    const submit = all[0]!;
    const due = stageDue('first_review', new Date(submit.at), '310000', calendar);
    if (!due) throw new Error('first review has a deadline');
    expect(submit.eta?.stageDueAt).toBe(due.date.toISOString());
    // Stamped by the injected clock, not the machine's.
    expect(new Date(submit.at).getTime()).toBeGreaterThan(Date.now() + offsetMs / 2);
    expect(chat.join('\n')).toContain(render('zh', stageDueText('first_review', due.date, due.estimate)));
    // Every ping of a stage with a deadline carries its ETA line.
    for (const ping of all.filter((p) => p.eta?.stageDueAt)) {
      expect(ping.texts.some((text) => text.key.startsWith('review:eta.'))).toBe(true);
    }

    // Email: the code first, then one mail per ping, in the same order, in Chinese.
    const mails = await eventually(async () => {
      const found = await mailFiles(mailDir());
      return found.length >= all.length + 1 ? found : undefined;
    }, 'every ping by email');
    expect(mails).toHaveLength(all.length + 1);
    expect(mails.every((m) => m.to.includes(EMAIL))).toBe(true);
    mails.slice(1).forEach((mail, i) => {
      expect(mail.subject).toContain(DOMAIN);
      expect(mail.text).toContain(render('zh', all[i]!.texts[0]!));
    });
    expect(mails.at(-1)?.text).toContain('沪ICP备2026000001号');

    // The triage message ends without buttons; every action is in its thread.
    expect(buttonIds(triage())).not.toContain('icp:open:approve');
    expect(slack.thread(triageTs()).length).toBeGreaterThanOrEqual(all.length - 1);
  });
});

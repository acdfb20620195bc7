/**
 * Several instances, proven (issue 16): three `icp start` processes on one PostgreSQL schema and
 * one S3 bucket (s3rver), Telegram in webhook mode behind each against one fake Bot API, Slack over
 * HTTP against one fake Slack API, the notify worker running in all three. Applicants register,
 * file, upload and submit at once, each update posted to a random instance and some posted twice;
 * staff claim and pass the first review with signed Slack requests to random instances; idle drafts
 * are found by the instances' own reminder sweepers, all three racing. Midway one instance is
 * killed with SIGKILL and started again; the others take over its leased outbox rows and lost
 * replies within seconds (short OUTBOX_LEASE_MS and REPLY_GRACE_MS). Afterwards every answer is in the database once, no update was handled twice,
 * every status ping and every reminder reached its chat exactly once, and no outbox row is stuck.
 *
 * Needs TEST_DATABASE_URL (a real PostgreSQL: PGlite is one process's database, not a shared one).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../../src/filing/validators/resident-id.ts';
import type { Lang } from '../../src/i18n/index.ts';
import { t } from '../../src/i18n/index.ts';
import { REMINDER_TOPIC, type ReminderPayload } from '../../src/notify/reminder-payload.ts';
import { renderNotice } from '../../src/notify/telegram-outbound.ts';
import type { StatusPingPayload } from '../../src/services/staff-outbox.ts';
import { CHANNEL, click, findButton, SIGNING_SECRET, STAFF } from '../channels/slack/slack-harness.ts';
import { individual } from '../conversation/fixtures/real-scripts.ts';
import { codeIn } from '../support/console-process.ts';
import { dropTestSchemas, openTestDatabase, TEST_PII_KEY, type TestDatabase } from '../support/db.ts';
import { type FakeBotApi, startFakeBotApi } from '../support/fake-bot-api.ts';
import { FakeSlackApi } from '../support/fake-slack-api.ts';
import { InstancePool } from '../support/instance-pool.ts';
import { type RunningS3rver, startS3rver } from '../support/s3rver.ts';
import { eventually, mailFiles, StoredConversations } from './app-applicant.ts';
import { ChatWrites, WebhookApplicant, type WebhookDelivery } from './webhook-applicant.ts';

const INSTANCES = 3;
/**
 * Applicants filing to submission; each costs some 70 updates. Few by default: the 50 take
 * far longer than a CI minute on 2 shared cores (see the README); raise it with the variable.
 */
const APPLICANTS = Number(process.env.ICP_SEVERAL_APPLICANTS ?? 6);
/** Applicants who register and then leave their draft: the reminder sweep's material. */
const IDLE = 4;
const SECRET = 'several_instances_secret';
const LANG: Lang = 'zh';
/** Share of updates Telegram delivers a second time (the first answer missed, a retry). */
const DUPLICATES = 0.15;
const DAY_MS = 24 * 3_600_000;

const database = process.env.TEST_DATABASE_URL;

let bot: FakeBotApi;
let slack: FakeSlackApi;
let s3: RunningS3rver;
let db: TestDatabase;
let pool: InstancePool | undefined;
let delivery: WebhookDelivery;
const now = () => new Date();

beforeAll(async () => {
  if (!database) return;
  bot = await startFakeBotApi();
  slack = await new FakeSlackApi().start();
  s3 = await startS3rver('icp-several');
  db = await openTestDatabase('postgres', { piiKey: TEST_PII_KEY });
  const [row] = await db.prisma.$queryRaw<{ schema: string }[]>`SELECT current_schema() AS schema`;
  const url = new URL(database);
  url.searchParams.set('schema', row!.schema);
  pool = await InstancePool.start(INSTANCES, {
    DATABASE_URL: url.toString(),
    PII_ENCRYPTION_KEY: TEST_PII_KEY,
    TELEGRAM_BOT_TOKEN: bot.token,
    TELEGRAM_API_ROOT: bot.apiRoot,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    // Scripted applicants answer far faster than people; the per-chat limit has its own test.
    TELEGRAM_RATE_BURST: '100000',
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.url,
    SLACK_TRIAGE_CHANNEL: CHANNEL,
    SLACK_STAFF_USER_IDS: STAFF.join(','),
    S3_BUCKET: s3.bucket,
    S3_ENDPOINT: s3.endpoint,
    S3_FORCE_PATH_STYLE: 'true',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    OCR: 'off',
    LOG_LEVEL: 'warn',
    // Recovery at test speed, done by the instances themselves: a killed worker's leased rows
    // come back after seconds, a reply lost with it is stood in for after seconds, and every
    // worker sweeps for reminders every second or two (all three at once, racing).
    OUTBOX_LEASE_MS: '15000',
    REPLY_GRACE_MS: '5000',
    REMINDER_SWEEP_MS: '1500',
  });
  delivery = { pool, secret: SECRET, writes: new ChatWrites(bot), sent: { updates: 0, duplicates: 0 } };
}, 300_000);

afterAll(async () => {
  // Before s3rver goes: a running instance's readiness probe would find its folder gone.
  await pool?.killAll();
  await db?.close();
  await dropTestSchemas();
  await bot?.close();
  await slack?.stop();
  await s3?.stop();
});

/** Counts the answers the script gave, to compare with the answers the database holds. */
class CountingApplicant extends WebhookApplicant {
  answersGiven = 0;
  override async answer(answer: Parameters<WebhookApplicant['answer']>[0]): Promise<void> {
    await super.answer(answer);
    this.answersGiven++;
  }
}

function applicant(id: number): CountingApplicant {
  const user = new CountingApplicant(
    bot,
    { id, languageCode: 'zh-hans' },
    new StoredConversations(() => db, now),
    delivery,
    () => db,
  );
  // From the first update on, registration included: every update is deduplicated in the database.
  user.duplicates = DUPLICATES;
  return user;
}

/** The code mail to `email`, written as a file by whichever instance's worker sent it. */
async function codeFor(email: string): Promise<string> {
  const mail = await eventually(
    async () => {
      for (const instance of pool!.instances) {
        const found = (await mailFiles(join(instance.dataDir, 'mail'))).find((m) => m.to.includes(email));
        if (found) return found;
      }
      return undefined;
    },
    `the code mail to ${email}`,
    90_000,
  );
  return codeIn(mail);
}

async function register(user: CountingApplicant, email: string): Promise<void> {
  await user.type('/start');
  await user.press('t:pc1g:o:agreed');
  await user.press('t:pc1s:o:agreed');
  await user.type(email);
  await user.type(await codeFor(email));
  const asked = user.app.state(user.chat.id)?.current ? user.question.fieldId : undefined;
  if (asked !== 'filingType') {
    throw new Error(
      `chat ${user.chat.id}: not registered (asked ${asked}): ${bot.sentTexts(user.chat.id).slice(-3).join(' ||| ')}`,
    );
  }
}

async function fileToSubmission(user: CountingApplicant, n: number): Promise<void> {
  await register(user, `applicant${n}@example.cn`);
  const domain = `site${n}-notes.cn`;
  const first17 = `35010219800101${String(101 + 2 * n).padStart(3, '0')}`;
  const idNumber = `${first17}${residentIdCheckChar(first17)}`;
  await user.fileUntilSubmit({
    ...individual,
    answers: {
      ...individual.answers,
      // One sponsor per applicant: one order in progress per sponsor document number.
      'sponsor.documentNumber': { text: idNumber },
      'sponsorPrincipal.idNumber': { text: idNumber },
      'websites.0.domains': { text: domain },
      'websites.0.homepageUrl': { text: `www.${domain}` },
    },
  });
  await user.uploadMissing();
  await user.choose('submit');
  if (user.app.state(user.chat.id)?.phase !== 'submitted')
    throw new Error(
      `chat ${user.chat.id}: not submitted (${user.app.state(user.chat.id)?.phase}): ${bot.sentTexts(user.chat.id).slice(-3).join(' ||| ')}`,
    );
}

/**
 * Staff at work until `done()`: every triage message is claimed, then its first review approved,
 * each click sent (signed) to a random instance. A button is clicked once; the worker's update of
 * the message brings the next.
 */
async function staffAtWork(done: () => boolean): Promise<number> {
  const clicked = new Set<string>();
  let clicks = 0;
  while (!done()) {
    for (const message of slack.topLevel(CHANNEL)) {
      const button =
        findButton(message, 'icp:act:approve_first_review') ?? findButton(message, 'icp:act:claim');
      if (!button) continue;
      const key = `${message.ts}:${String(button.action_id)}`;
      if (clicked.has(key)) continue;
      clicked.add(key);
      const staff = STAFF[clicks % STAFF.length]!;
      await pool!.deliver(
        async (instance) =>
          (await click({ app: { port: instance.slackPort }, slack }, staff, message.ts, button)).status,
        `staff click ${key}`,
      );
      clicks++;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return clicks;
}

/** The texts the bot sent to `chatId` as new messages (edits of a question are not deliveries). */
function deliveredTexts(chatId: number): string[] {
  return bot
    .callsTo('sendMessage')
    .filter((call) => Number(call.params.chat_id) === chatId)
    .map((call) => String(call.params.text));
}

const occurrences = (texts: string[], wanted: string) => texts.filter((text) => text === wanted).length;

describe.skipIf(!database)(
  'several instances on one PostgreSQL and one bucket (needs TEST_DATABASE_URL)',
  () => {
    it('loses nothing and doubles nothing with updates spread, duplicated, and one instance killed midway', async () => {
      // Drafts left alone: registered, then a day and a half of silence (backdated).
      const idle = Array.from({ length: IDLE }, (_, i) => applicant(990_000 + i));
      await Promise.all(idle.map((user, i) => register(user, `idle${i}@example.cn`)));
      const idleIds = await Promise.all(
        idle.map(async (user) => (await user.conversations.applicantId(user.chat.id))!),
      );
      await db.prisma.conversation.updateMany({
        where: { applicantId: { in: idleIds } },
        data: { updatedAt: new Date(Date.now() - 1.5 * DAY_MS) },
      });

      const users = Array.from({ length: APPLICANTS }, (_, i) => applicant(910_000 + i));
      let filed = 0;
      let allFiled = false;
      const filing = Promise.all(
        users.map((user, i) => fileToSubmission(user, i).then(() => void filed++)),
      ).finally(() => {
        allFiled = true;
      });
      const staffDone = async () =>
        (await db.prisma.filing.count({ where: { status: 'interview' } })) === APPLICANTS;
      let staffFinished = false;
      const staff = staffAtWork(() => staffFinished);
      const staffWatch = (async () => {
        while (!(allFiled && (await staffDone()))) await new Promise((resolve) => setTimeout(resolve, 300));
        staffFinished = true;
      })();

      // Midway (a third of the updates in), one instance crashes.
      const midway = (APPLICANTS * 60) / 3;
      await eventually(() => (pool!.delivered >= midway ? true : undefined), 'midway', 300_000);
      const victim = pool!.instances[1]!;
      await pool!.kill(victim);
      await pool!.launch(victim);

      await filing;
      await staffWatch;
      const clicks = await staff;
      expect(filed).toBe(APPLICANTS);
      // The instances' own sweepers found the idle drafts (long before now: they sweep every 1.5 s).
      await eventually(
        async () =>
          (await db.prisma.outbox.count({ where: { topic: REMINDER_TOPIC } })) >= IDLE ? true : undefined,
        'the reminders of the idle drafts',
        30_000,
      );

      // No outbox row stuck: everything due is sent (a row leased by the killed worker comes back
      // when its lease ends).
      const stuck = await eventually(
        async () => {
          const open = await db.prisma.outbox.count({ where: { sentAt: null, failedAt: null } });
          return open === 0 ? open : undefined;
        },
        'the outbox to empty',
        60_000,
      );
      const failed = await db.prisma.outbox.count({ where: { failedAt: { not: null } } });

      // Every answer in the database once.
      const answersGiven = users.reduce((sum, user) => sum + user.answersGiven, 0);
      const accepted = await db.prisma.event.groupBy({
        by: ['applicantId', 'type'],
        where: { type: { endsWith: 'answer_accepted' } },
        _count: true,
      });
      const answersSeen = accepted.reduce((sum, row) => sum + row._count, 0);
      const stale = await db.prisma.event.count({ where: { type: { endsWith: 'stale_input' } } });
      const perPath = await db.prisma.$queryRaw<{ twice: bigint }[]>`
      SELECT count(*) AS twice FROM (
        SELECT applicant_id, data->>'path' FROM events WHERE type LIKE '%answer_accepted'
        GROUP BY 1, 2 HAVING count(*) > 1) doubled`;

      // Every update handled once: the answers above (a duplicate handled twice would leave a
      // stale_input or a second answer), one code mail per address, one consent prompt per chat,
      // though registration's updates are duplicated like the others.
      const updatesRecorded = await db.prisma.processedUpdate.count({ where: { channel: 'telegram' } });
      const codeSubject = t(LANG, 'mail:verification.subject');
      const codeMails = (await Promise.all(pool!.instances.map((i) => mailFiles(join(i.dataDir, 'mail')))))
        .flat()
        .filter((mail) => mail.subject === codeSubject);
      const consentTitle = t(LANG, 'privacy:consent.general.title');
      const consentPrompts = [...users, ...idle].map(
        (user) => deliveredTexts(user.chat.id).filter((text) => text.includes(consentTitle)).length,
      );

      // Every ping delivered exactly once, in its chat.
      const pingRows = await db.prisma.outbox.findMany({ where: { topic: 'status_ping' } });
      let pingsDelivered = 0;
      for (const row of pingRows) {
        const ping = db.pii.decryptPii(row.payload) as unknown as StatusPingPayload;
        const chat = await db.prisma.chatIdentity.findFirstOrThrow({
          where: { applicantId: ping.applicantId, channel: 'telegram' },
        });
        const texts = deliveredTexts(Number(chat.chatId));
        const rendered = renderNotice(LANG, ping.texts).map((m) => m.text);
        expect(rendered.map((text) => occurrences(texts, text))).toEqual(rendered.map(() => 1));
        pingsDelivered++;
      }

      // Every reminder sent once, though three sweepers looked.
      const reminderRows = await db.prisma.outbox.findMany({ where: { topic: REMINDER_TOPIC } });
      let remindersDelivered = 0;
      for (const row of reminderRows) {
        const reminder = db.pii.decryptPii(row.payload) as unknown as ReminderPayload;
        const user = idle[idleIds.indexOf(reminder.applicantId)];
        expect(user, 'a reminder for an idle draft').toBeDefined();
        const wanted = t(LANG, 'notify:reminders.draft_idle');
        remindersDelivered += deliveredTexts(user!.chat.id).filter((text) => text.includes(wanted)).length;
      }

      const counts = {
        instances: INSTANCES,
        applicants: APPLICANTS,
        answers: { expected: answersGiven, seen: answersSeen },
        updates: {
          posted: delivery.sent.updates,
          postedTwice: delivery.sent.duplicates,
          recordedInDatabase: updatesRecorded,
        },
        codeMails: { expected: APPLICANTS + IDLE, seen: codeMails.length },
        consentPrompts: { expected: APPLICANTS + IDLE, seen: consentPrompts.reduce((a, b) => a + b, 0) },
        pings: { expected: pingRows.length, seen: pingsDelivered },
        reminders: { expected: IDLE, queued: reminderRows.length, seen: remindersDelivered },
        staffClicks: clicks,
        outbox: { stuck, failed },
      };
      console.log(`several instances: ${JSON.stringify(counts)}`);

      expect(answersSeen).toBe(answersGiven);
      // Every update, registration's included, marked once in the database whichever instance took it.
      expect(updatesRecorded).toBe(delivery.sent.updates);
      expect(Number(perPath[0]?.twice ?? 0)).toBe(0);
      expect(stale).toBe(0);
      expect(codeMails).toHaveLength(APPLICANTS + IDLE);
      expect(new Set(codeMails.map((mail) => String(mail.to))).size).toBe(APPLICANTS + IDLE);
      expect(consentPrompts).toEqual(consentPrompts.map(() => 1));
      // Two pings per filing: submitted, first review passed.
      expect(pingRows).toHaveLength(2 * APPLICANTS);
      expect(reminderRows).toHaveLength(IDLE);
      expect(remindersDelivered).toBe(IDLE);
      expect(failed).toBe(0);
      expect(await pool!.stop()).toEqual(pool!.instances.map(() => 0));
    }, 600_000);
  },
);

/**
 * `npm run bench -- instances`: throughput of 3 `icp start` processes on one PostgreSQL against 1,
 * Telegram in webhook mode behind each (every update posted to a random instance, as a load
 * balancer would) and the workers of all running. The load is what a new applicant's first minute
 * writes: /start, both consent presses, the email address (an applicant row, consent rows, a code
 * and its mail in the outbox), for many chats at once, each chat's updates one after the other as
 * Telegram sends them. Prints updates per second for each, and the ratio.
 *
 * Needs TEST_DATABASE_URL. Separate processes compete for the machine's cores with PostgreSQL, the
 * fake Bot API and this driver: on 2 cores the ratio says how much the database and the process
 * split cost, not what 3 machines would give.
 */
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { TEST_PII_KEY } from '../tests/support/db.ts';
import { type FakeBotApi, type Json, postWebhook, startFakeBotApi } from '../tests/support/fake-bot-api.ts';
import { InstancePool } from '../tests/support/instance-pool.ts';

const CHATS = Number(process.env.BENCH_INSTANCES_CHATS ?? 60);
const SECRET = 'bench_instances_secret';

/** The updates of one new applicant's first minute, in order (presses need the bot's consent message). */
async function newApplicant(bot: FakeBotApi, pool: InstancePool, chatId: number): Promise<number> {
  const chat = { id: chatId, languageCode: 'zh-hans' };
  const post = (update: Json) =>
    pool.deliver(
      (instance) => postWebhook(`http://127.0.0.1:${instance.port}/telegram`, update, SECRET),
      `update in chat ${chatId}`,
    );
  const consentMessage = async (token: string): Promise<number> => {
    for (;;) {
      for (const message of bot.messages.get(chatId)?.values() ?? []) {
        if (JSON.stringify(message.replyMarkup ?? {}).includes(`t:${token}:o:agreed`))
          return message.messageId;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  await post(bot.makeText(chat, '/start'));
  await post(bot.pushCallback(chat, 't:pc1g:o:agreed', await consentMessage('pc1g')));
  await post(bot.pushCallback(chat, 't:pc1s:o:agreed', await consentMessage('pc1s')));
  await post(bot.makeText(chat, `bench${chatId}@example.cn`));
  return 4;
}

async function run(instances: number, baseUrl: string): Promise<{ perSecond: number; updates: number }> {
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const url = new URL(baseUrl);
  url.searchParams.set('schema', schema);
  const bot = await startFakeBotApi();
  const pool = await InstancePool.start(instances, {
    DATABASE_URL: url.toString(),
    PII_ENCRYPTION_KEY: TEST_PII_KEY,
    TELEGRAM_BOT_TOKEN: bot.token,
    TELEGRAM_API_ROOT: bot.apiRoot,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    TELEGRAM_RATE_BURST: '100000',
    OCR: 'off',
    LOG_LEVEL: 'warn',
  });
  try {
    const started = performance.now();
    const counts = await Promise.all(
      Array.from({ length: CHATS }, (_, i) => newApplicant(bot, pool, 700_000 + i)),
    );
    const seconds = (performance.now() - started) / 1000;
    const updates = counts.reduce((a, b) => a + b, 0);
    return { perSecond: updates / seconds, updates };
  } finally {
    await pool.killAll();
    await bot.close();
    const client = new pg.Client({ connectionString: baseUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  }
}

export default async function bench(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    console.log('skipped: set TEST_DATABASE_URL (several instances need a shared PostgreSQL)');
    return;
  }
  const one = await run(1, url);
  console.log(`1 instance:  ${one.updates} updates, ${one.perSecond.toFixed(1)} updates/s`);
  const three = await run(3, url);
  console.log(`3 instances: ${three.updates} updates, ${three.perSecond.toFixed(1)} updates/s`);
  console.log(
    `ratio 3/1: ${(three.perSecond / one.perSecond).toFixed(2)}x on ${cpus().length} cores (${CHATS} chats at once)`,
  );
}

/**
 * Two instances of the Telegram channel over one database (issue 16), each with its own applicant
 * front, caches and in-process dedupe, as two processes behind one webhook address would have:
 * Telegram delivering one registration update to both handles it once. PGlite, and PostgreSQL
 * when TEST_DATABASE_URL is set (where the two really race on separate connections).
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { applicantPortFromService } from '../../../src/channels/telegram/applicant-bridge.ts';
import { findApplicantByChat } from '../../../src/db/applicants.ts';
import { markProcessed } from '../../../src/db/processed-updates.ts';
import { t } from '../../../src/i18n/index.ts';
import { NOW } from '../../conversation/fixtures/driver.ts';
import { wiredApp } from '../../privacy/harness.ts';
import { describeEachBackend, type TestDatabase } from '../../support/db.ts';
import { type FakeBotApi, type Json, startFakeBotApi } from '../../support/fake-bot-api.ts';
import { type Harness, RecordingUploads, startBot } from './helpers.ts';

interface Instance {
  fake: FakeBotApi;
  harness: Harness;
}

let instances: Instance[] = [];
let run = 0;

beforeEach(() => {
  run++;
});
afterEach(async () => {
  for (const { fake, harness } of instances) {
    await harness.runtime.stop('test end');
    await fake.close();
  }
  instances = [];
});

/** An instance: its own wiring over the shared database, its own Bot API (its own update queue). */
async function instance(db: TestDatabase, offset: number): Promise<Instance> {
  // Update ids of each fake far apart, except the ones a test pushes to both.
  const fake = await startFakeBotApi(undefined, 100_000 * run + offset);
  const app = wiredApp(db, { now: () => NOW });
  const applicant = applicantPortFromService(app.front, {
    langOf: async (chat, hint) =>
      ((await findApplicantByChat(db.prisma, { channel: 'telegram', chatId: chat.chatId }))?.lang as
        | 'zh'
        | 'en') ??
      hint ??
      'zh',
  });
  const harness = await startBot(fake, {
    applicant,
    uploads: new RecordingUploads(),
    claimOwnUpdate: (updateId) => markProcessed(db.prisma, 'telegram', String(updateId)),
  });
  const started = { fake, harness };
  instances.push(started);
  return started;
}

/** Telegram was told the update is done, and the instance's replies are out. */
async function settle(on: Instance, update: Json) {
  const id = Number(update.update_id);
  await on.fake.waitForCall((c) => c.method === 'getUpdates' && Number(c.params.offset) > id, {
    timeoutMs: 15_000,
  });
  await on.harness.runtime.idle();
}

/** The same update delivered to both instances at once, as after a missed webhook answer. */
async function toBoth(a: Instance, b: Instance, update: Json) {
  b.fake.pushUpdate(structuredClone(update));
  await Promise.all([settle(a, update), settle(b, update)]);
}

describeEachBackend('registration over two instances', (db) => {
  it('sends one code mail and one reply for an address delivered to both', async () => {
    const a = await instance(db(), 0);
    const b = await instance(db(), 50_000);
    const chat = { id: 8101 + run, languageCode: 'en' };
    await settle(a, a.fake.pushText(chat, '/start'));
    await settle(a, a.fake.pushCallback(chat, 't:pc1g:o:agreed', a.fake.lastMessage(chat.id)!.messageId));
    await settle(a, a.fake.pushCallback(chat, 't:pc1s:o:agreed', a.fake.lastMessage(chat.id)!.messageId));

    const sent = () => a.fake.sentTexts(chat.id).length + b.fake.sentTexts(chat.id).length;
    const mails = () => db().prisma.outbox.count({ where: { topic: 'email' } });
    const [sentBefore, mailsBefore] = [sent(), await mails()];

    await toBoth(a, b, a.fake.pushText(chat, 'someone@example.cn'));

    const applicant = await findApplicantByChat(db().prisma, {
      channel: 'telegram',
      chatId: String(chat.id),
    });
    const codes = await db().prisma.emailVerification.count({ where: { applicantId: applicant!.id } });
    expect({ mails: (await mails()) - mailsBefore, codes, replies: sent() - sentBefore }).toEqual({
      mails: 1,
      codes: 1,
      replies: 1,
    });
  });

  it('asks for consent once when /start reaches both', async () => {
    const a = await instance(db(), 0);
    const b = await instance(db(), 50_000);
    const chat = { id: 8201 + run, languageCode: 'en' };
    await toBoth(a, b, a.fake.pushText(chat, '/start'));
    const title = t('en', 'privacy:consent.general.title');
    const prompts = [...a.fake.sentTexts(chat.id), ...b.fake.sentTexts(chat.id)].filter((text) =>
      text.includes(title),
    );
    expect(prompts).toHaveLength(1);
  });

  it('answers a document tap delivered to both once', async () => {
    const a = await instance(db(), 0);
    const b = await instance(db(), 50_000);
    const chat = { id: 8301 + run, languageCode: 'en' };
    await settle(a, a.fake.pushText(chat, '/start'));
    await toBoth(a, b, a.fake.pushCallback(chat, 't:doc:k:sponsor_principal_id_front', 1));
    const sendNow = t('en', 'telegram:documents.sendNow', { kind: '' }).slice(0, 8);
    const told = [...a.fake.sentTexts(chat.id), ...b.fake.sentTexts(chat.id)].filter((text) =>
      text.startsWith(sendNow),
    );
    expect(told).toHaveLength(1);
  });
});

/**
 * The transport end to end: telegraf talks real HTTP to the fake Bot API; the applicant service is
 * a scripted stand-in, so these tests are about delivery, order, dedupe, retries and webhooks.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeCallbackData } from '../../../src/channels/telegram/callback-data.ts';
import type { ApplicantPort } from '../../../src/channels/telegram/ports.ts';
import type { EngineInput } from '../../../src/conversation/types.ts';
import { rateLimitCounters } from '../../../src/rate-limit/token-bucket.ts';
import { type FakeBotApi, postWebhook, startFakeBotApi } from '../../support/fake-bot-api.ts';
import { type Harness, info, question, RecordingUploads, ScriptedApplicant, startBot } from './helpers.ts';

const alice = { id: 1001, languageCode: 'en' };
const bob = { id: 2002, languageCode: 'zh-hans' };

let fake: FakeBotApi;
let harness: Harness | undefined;

beforeEach(async () => {
  fake = await startFakeBotApi();
});

afterEach(async () => {
  await harness?.runtime.stop('test end');
  harness = undefined;
  await fake.close();
});

function echo(input: EngineInput) {
  return [info('telegram:question.chosen', { value: input.type === 'text' ? input.text : input.type })];
}

describe('long polling', () => {
  it('receives a text and replies in the chat', async () => {
    const applicant = new ScriptedApplicant(echo);
    harness = await startBot(fake, { applicant, uploads: new RecordingUploads() });
    fake.pushText(alice, 'hello there');
    const sent = await fake.waitForCall((c) => c.method === 'sendMessage');
    expect(sent.params.chat_id).toBe(String(alice.id));
    expect(sent.params.text).toBe('✓ hello there');
    expect(sent.params.parse_mode).toBe('HTML');
    expect(applicant.inputsOf(alice.id)).toEqual([{ type: 'text', text: 'hello there' }]);
  });

  it('confirms an update to Telegram only after its reply is sent when no copy of the reply is kept', async () => {
    // Like the registration replies: the service waits to hear the reply was sent (settle), but
    // nothing stands in for it, so a crash before the send must leave the update unconfirmed.
    let settled = 0;
    const applicant = new ScriptedApplicant(echo);
    const unkept: ApplicantPort = {
      handleInput: async (...args) => ({
        ...(await applicant.handleInput(...args)),
        settle: async () => {
          settled++;
        },
      }),
    };
    harness = await startBot(fake, { applicant: unkept, uploads: new RecordingUploads() });
    const release = fake.holdNext('sendMessage');
    const update = fake.pushText(alice, 'hello');
    await fake.waitForCall((c) => c.method === 'sendMessage');
    const confirmed = () =>
      fake.calls.some((c) => c.method === 'getUpdates' && Number(c.params.offset) > Number(update.update_id));
    await new Promise((resolve) => setTimeout(resolve, 200)).finally(release);
    expect(confirmed()).toBe(false);
    await fake.waitForCall(
      (c) => c.method === 'getUpdates' && Number(c.params.offset) > Number(update.update_id),
    );
    expect(fake.lastMessage(alice.id)?.text).toBe('✓ hello');
    expect(settled).toBe(1);
  });

  it('passes /start with the language from language_code and registers both command menus', async () => {
    const applicant = new ScriptedApplicant(() => [info('telegram:documents.none')]);
    harness = await startBot(fake, { applicant, uploads: new RecordingUploads() });
    fake.pushText(bob, '/start');
    fake.pushText(alice, '/start');
    await fake.waitForCalls((c) => c.method === 'sendMessage', 2);
    expect(applicant.inputs.map((i) => [i.chat, i.input, i.lang])).toEqual(
      expect.arrayContaining([
        [String(bob.id), { type: 'command', command: 'start' }, 'zh'],
        [String(alice.id), { type: 'command', command: 'start' }, 'en'],
      ]),
    );
    const menus = fake.callsTo('setMyCommands');
    expect(menus).toHaveLength(2);
    const zhMenu = menus.find((c) => c.params.language_code === 'zh');
    const enMenu = menus.find((c) => c.params.language_code === undefined);
    expect((zhMenu!.params.commands as Array<{ command: string; description: string }>)[0]).toEqual({
      command: 'start',
      description: '开始或继续您的 ICP 备案',
    });
    expect((enMenu!.params.commands as Array<{ command: string }>).map((c) => c.command)).toEqual([
      'start',
      'status',
      'summary',
      'edit',
      'back',
      'skip',
      'documents',
      'lang',
      'help',
      'cancel',
      'email',
      'resend',
      'export',
      'delete',
    ]);
  });

  it('processes an update delivered twice (same update_id) once', async () => {
    const applicant = new ScriptedApplicant(echo);
    harness = await startBot(fake, { applicant, uploads: new RecordingUploads() });
    const update = fake.pushText(alice, 'only once');
    fake.redeliver(update);
    fake.pushText(alice, 'after');
    await fake.waitForCall((c) => c.method === 'sendMessage' && c.params.text === '✓ after');
    expect(applicant.inputsOf(alice.id)).toEqual([
      { type: 'text', text: 'only once' },
      { type: 'text', text: 'after' },
    ]);
    expect(fake.sentTexts(alice.id)).toEqual(['✓ only once', '✓ after']);
  });

  it('keeps one chat in order while another chat goes ahead in parallel', async () => {
    let releaseAlice!: () => void;
    const aliceGate = new Promise<void>((resolve) => {
      releaseAlice = resolve;
    });
    const applicant = new ScriptedApplicant(async (input, chat) => {
      // Alice's first message is slow: Bob must not wait for it, Alice's second must.
      if (chat === String(alice.id) && input.type === 'text' && input.text === 'a1') await aliceGate;
      return echo(input);
    });
    harness = await startBot(fake, { applicant, uploads: new RecordingUploads() });
    fake.pushText(alice, 'a1');
    fake.pushText(alice, 'a2');
    fake.pushText(bob, 'b1');
    fake.pushText(bob, 'b2');
    await fake.waitForCall((c) => c.method === 'sendMessage' && c.params.text === '✓ b2');
    expect(fake.sentTexts(alice.id)).toEqual([]);
    expect(applicant.inputsOf(alice.id)).toEqual([{ type: 'text', text: 'a1' }]);
    releaseAlice();
    await fake.waitForCall((c) => c.method === 'sendMessage' && c.params.text === '✓ a2');
    expect(fake.sentTexts(alice.id)).toEqual(['✓ a1', '✓ a2']);
    expect(fake.sentTexts(bob.id)).toEqual(['✓ b1', '✓ b2']);
  });

  it('finishes the update in hand on stop and takes no new ones', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const applicant = new ScriptedApplicant(async (input) => {
      await gate;
      return echo(input);
    });
    const h = await startBot(fake, { applicant, uploads: new RecordingUploads() });
    fake.pushText(alice, 'in hand');
    await waitUntil(() => applicant.inputs.length === 1);
    const stopped = h.runtime.stop('test');
    release();
    await stopped;
    expect(fake.sentTexts(alice.id)).toEqual(['✓ in hand']);
    fake.pushText(alice, 'too late');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(applicant.inputs).toHaveLength(1);
    expect(fake.pendingUpdates).toBe(1);
  });
});

describe('callback queries', () => {
  it('answers every callback query, also when the service fails', async () => {
    const applicant = new ScriptedApplicant((input) => {
      if (input.type === 'choice' && input.value === 'boom') throw new Error('database down');
      return [question({ token: 'q2' })];
    });
    harness = await startBot(fake, { applicant, uploads: new RecordingUploads() });
    fake.pushText(alice, 'x');
    const first = await fake.waitForCall((c) => c.method === 'sendMessage');
    const messageId = (fake.lastMessage(alice.id)?.messageId ?? 0) as number;
    expect(first).toBeDefined();
    fake.pushCallback(alice, encodeCallbackData({ token: 'q2', action: 'o', value: 'boom' }), messageId);
    fake.pushCallback(alice, 'not ours at all', messageId);
    await fake.waitForCalls((c) => c.method === 'answerCallbackQuery', 2);
    expect(fake.callsTo('answerCallbackQuery').map((c) => c.params.callback_query_id)).toEqual(['1', '2']);
    // The failure is apologised for; the unreadable button is sent to the engine as a stale press.
    expect(fake.sentTexts(alice.id)).toContain(
      '<b>Something went wrong on our side. Please try again in a moment.</b>',
    );
    expect(applicant.inputsOf(alice.id).at(-1)).toEqual({ type: 'page', token: '', page: 0 });
  });
});

describe('Bot API faults', () => {
  it('waits retry_after on 429 and sends the reply', async () => {
    const applicant = new ScriptedApplicant(echo);
    harness = await startBot(fake, { applicant, uploads: new RecordingUploads() });
    fake.failNext('sendMessage', { status: 429, retryAfter: 7 });
    fake.pushText(alice, 'rate limited');
    await fake.waitForCalls((c) => c.method === 'sendMessage', 2);
    await waitUntil(() => fake.lastMessage(alice.id) !== undefined);
    expect(harness.sleeps).toEqual([7000]);
    expect(fake.lastMessage(alice.id)?.text).toBe('✓ rate limited');
  });

  it('backs off exponentially on 5xx and on dropped connections, then succeeds', async () => {
    const applicant = new ScriptedApplicant(echo);
    harness = await startBot(fake, { applicant, uploads: new RecordingUploads() });
    fake.failNext('sendMessage', { status: 502 }, 2);
    fake.failNext('sendMessage', { drop: true });
    fake.pushText(alice, 'flaky');
    await waitUntil(() => fake.lastMessage(alice.id) !== undefined);
    expect(fake.callsTo('sendMessage')).toHaveLength(4);
    expect(harness.sleeps).toEqual([250, 500, 1000]);
    expect(fake.lastMessage(alice.id)?.text).toBe('✓ flaky');
  });
});

describe('webhook', () => {
  const secret = 'test_secret-123';

  async function startWebhook(applicant: ScriptedApplicant) {
    const h = await startBot(
      fake,
      { applicant, uploads: new RecordingUploads() },
      { webhookUrl: 'https://bot.example.cn/telegram/hook', secret },
    );
    return { h, url: `http://127.0.0.1:${h.runtime.webhookPort}/telegram/hook` };
  }

  it('sets the webhook with its secret and processes a request carrying it', async () => {
    const applicant = new ScriptedApplicant(echo);
    const { h, url } = await startWebhook(applicant);
    harness = h;
    expect(fake.webhookInfo).toEqual({ url: 'https://bot.example.cn/telegram/hook', secret });
    expect(await postWebhook(url, fake.makeText(alice, 'via webhook'), secret)).toBe(200);
    expect(fake.sentTexts(alice.id)).toEqual(['✓ via webhook']);
  });

  it('refuses a wrong or missing secret with 401 and processes nothing', async () => {
    const applicant = new ScriptedApplicant(echo);
    const { h, url } = await startWebhook(applicant);
    harness = h;
    expect(await postWebhook(url, fake.makeText(alice, 'forged'), 'wrong_secret-123')).toBe(401);
    expect(await postWebhook(url, fake.makeText(alice, 'forged'), 'test_secret-12')).toBe(401);
    expect(await postWebhook(url, fake.makeText(alice, 'forged'))).toBe(401);
    expect(applicant.inputs).toEqual([]);
    expect(fake.callsTo('sendMessage')).toEqual([]);
  });

  it('processes a redelivered update once', async () => {
    const applicant = new ScriptedApplicant(echo);
    const { h, url } = await startWebhook(applicant);
    harness = h;
    const update = fake.makeText(alice, 'twice');
    expect(await postWebhook(url, update, secret)).toBe(200);
    expect(await postWebhook(url, update, secret)).toBe(200);
    expect(applicant.inputs).toHaveLength(1);
  });
});

async function waitUntil(probe: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!probe()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('long texts', () => {
  it('splits a summary over 4096 characters on line boundaries into several messages', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => ({
      number: i + 1,
      path: `sponsor.remarks${i}`,
      label: { key: 'telegram:commands.summary' },
      value: `某某科技有限公司 ${'备注'.repeat(20)} ${i}`,
      editable: true,
    }));
    const applicant = new ScriptedApplicant(() => [
      { type: 'summary', sections: [{ section: 'sponsor', title: { key: 'telegram:summary.title' }, rows }] },
    ]);
    harness = await startBot(fake, { applicant, uploads: new RecordingUploads() });
    fake.pushText(alice, '/summary');
    const sent = await fake.waitForCalls((c) => c.method === 'sendMessage', 2);
    await waitUntil(() => fake.callsTo('sendMessage').length >= 3);
    const texts = fake.sentTexts(alice.id);
    expect(texts.length).toBeGreaterThanOrEqual(3);
    expect(texts.every((text) => text.length <= 4096)).toBe(true);
    expect(texts.join('\n').match(/^\d+\. /gm)).toHaveLength(120);
    expect(sent[0]!.params.text).toMatch(/^<b>Your filing so far<\/b>/);
  });
});

describe('reply delivery is reported to the service', () => {
  it('settles a sent reply without error and a failed one with the error', async () => {
    const settled: Array<[string, unknown]> = [];
    const applicant = {
      async handleInput(_chat: { chatId: string }, input: EngineInput) {
        const text = input.type === 'text' ? input.text : '';
        return {
          lang: 'en' as const,
          messages: echo(input),
          settle: async (error?: unknown) => {
            settled.push([text, error === undefined ? 'sent' : 'failed']);
          },
        };
      },
    };
    harness = await startBot(fake, { applicant, uploads: new RecordingUploads() });
    fake.pushText(alice, 'ok');
    await waitUntil(() => settled.length === 1);
    fake.failNext('sendMessage', { status: 502 }, 6);
    fake.pushText(alice, 'lost');
    await waitUntil(() => settled.length === 2);
    expect(settled).toEqual([
      ['ok', 'sent'],
      ['lost', 'failed'],
    ]);
  });
});

describe('per-chat rate limit', () => {
  it('takes 20 updates of a flooding chat at once, answers the excess once with "slow down", drops the rest', async () => {
    const applicant = new ScriptedApplicant(echo);
    harness = await startBot(fake, {
      applicant,
      uploads: new RecordingUploads(),
      // A frozen clock: no token comes back during the test, so the counts are exact.
      rateLimit: { perSecond: 5, burst: 20, now: () => 0 },
    });
    for (let i = 0; i < 40; i++) fake.pushText(alice, `m${i}`);
    fake.pushText(bob, 'hello');
    await fake.waitForCalls((c) => c.method === 'sendMessage', 22);
    await harness.runtime.idle();
    expect(applicant.inputsOf(alice.id)).toEqual(
      Array.from({ length: 20 }, (_, i) => ({ type: 'text', text: `m${i}` })),
    );
    expect(applicant.inputsOf(bob.id)).toEqual([{ type: 'text', text: 'hello' }]);
    const toAlice = fake.calls.filter(
      (c) => c.method === 'sendMessage' && c.params.chat_id === String(alice.id),
    );
    expect(toAlice.map((c) => c.params.text).filter((t) => !String(t).startsWith('✓'))).toEqual([
      'You are sending faster than I can take: your last messages were not taken. Please wait a few seconds, then send them again.',
    ]);
    expect(rateLimitCounters.telegram).toMatchObject({ warned: 1, dropped: 19 });
  });
});

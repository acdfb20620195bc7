/**
 * Issue 15's new buttons on Telegram, through telegraf and the fake Bot API with the real engine:
 * the order question's "I already have an ICP number" group and an order picked in it, and the two
 * "change …" buttons of a refusal judged against an earlier answer. Every button's callback data
 * fits Telegram's 64 bytes, and pressing each does what it says, in Chinese and in English.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CALLBACK_DATA_MAX_BYTES } from '../../../src/channels/telegram/callback-data.ts';
import { t } from '../../../src/i18n/index.ts';
import { NOW } from '../../conversation/fixtures/driver.ts';
import * as realScripts from '../../conversation/fixtures/real-scripts.ts';
import { type FakeBotApi, type Json, startFakeBotApi } from '../../support/fake-bot-api.ts';
import { EngineApplicant } from './engine-applicant.ts';
import { type Harness, RecordingUploads, startBot } from './helpers.ts';
import { type Script, TelegramApplicant } from './telegram-driver.ts';

const LANGS = [
  { lang: 'zh', languageCode: 'zh-hans' },
  { lang: 'en', languageCode: 'en-GB' },
] as const;

let fake: FakeBotApi;
let harness: Harness | undefined;
let chatSeq = 6100;

beforeEach(async () => {
  fake = await startFakeBotApi();
});
afterEach(async () => {
  await harness?.runtime.stop('test end');
  harness = undefined;
  await fake.close();
});

async function applicantIn(languageCode: string) {
  const app = new EngineApplicant(NOW);
  harness = await startBot(fake, { applicant: app, uploads: new RecordingUploads() });
  const chat = { id: ++chatSeq, languageCode };
  const user = new TelegramApplicant(fake, chat, app);
  await user.type('/start');
  return { app, chat, user };
}

/** The callback data of every inline button the bot sent or edited in, as Telegram received it. */
function everyCallbackData(): string[] {
  return fake.calls.flatMap((call) => {
    const raw = call.params.reply_markup;
    const markup = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Json | undefined;
    const rows = (markup?.inline_keyboard ?? []) as { callback_data?: string }[][];
    return rows.flat().flatMap((b) => (b.callback_data === undefined ? [] : [b.callback_data]));
  });
}

function expectAllFit() {
  const data = everyCallbackData();
  expect(data.length).toBeGreaterThan(0);
  for (const d of data) expect(Buffer.byteLength(d, 'utf8'), d).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
  // Every press was answered (the spinner on the button stops).
  expect(fake.callsTo('answerCallbackQuery').length).toBe(fake.callbacksPushed);
}

describe('the order question on Telegram', () => {
  for (const { lang, languageCode } of LANGS) {
    it(`"I already have an ICP number" opens the other orders; pressing one picks it (${lang})`, async () => {
      const { app, chat, user } = await applicantIn(languageCode);
      const q = user.question;
      expect(q.fieldId).toBe('filingType');
      const group = user.findButton((b) => b.callback_data === `t:${q.token}:o:@group:existing_number`);
      expect(group?.button.text).toBe(t(lang, 'conversation:groups.existing_number'));

      await user.press(group!.button.callback_data);
      // The same question, now showing the orders on an existing number (and a way back).
      const orders = user.latestKeyboard((b) => b.callback_data.endsWith(':o:new_access'));
      expect(orders.map((b) => b.callback_data.split(':o:')[1])).toEqual([
        'new_website',
        'new_access',
        'change',
        'cancel_website',
        'cancel_sponsor',
        'remove_access',
        '@group:',
      ]);
      expect(orders[1]?.text).toBe(t(lang, 'filing:enums.filingType.new_access'));

      await user.press(orders[1]!.callback_data);
      expect(app.state(chat.id)?.filing.filingType).toBe('new_access');
      expect(user.question.fieldId).toBe('icpNumber');
      expectAllFit();
    });
  }
});

describe('a refusal against an earlier answer on Telegram', () => {
  // The enterprise of the real scripts, with a typo in the domain the homepage is then judged against.
  const typo: Script = {
    answers: {
      ...realScripts.enterprise.answers,
      'sponsor.province': { choice: '350000' },
      'websites.0.domains': { text: 'exmaple.cn' },
    },
  };

  for (const { lang, languageCode } of LANGS) {
    it(`offers "change the domains" and "change the homepage"; both buttons work (${lang})`, async () => {
      const { app, chat, user } = await applicantIn(languageCode);
      await expect(user.fileUntilSubmit(typo)).rejects.toThrow('answer for websites.0.homepageUrl refused');
      const token = user.question.token;
      const buttons = user.latestKeyboard((b) => b.callback_data.includes(':o:@conflict:'));
      expect(buttons.map((b) => b.callback_data)).toEqual([
        `t:${token}:o:@conflict:earlier`,
        `t:${token}:o:@conflict:current`,
      ]);
      expect(buttons.map((b) => b.text)).toEqual(
        lang === 'zh'
          ? ['修改“网站域名”', '修改“网站首页网址”']
          : ['Change “Domain(s)”', 'Change “Homepage URL”'],
      );
      expect(fake.sentTexts(chat.id).some((m) => m.includes('exmaple.cn'))).toBe(true);

      // "Change this one": the homepage is asked again, without the offer; the same answer is refused again.
      await user.press(`t:${token}:o:@conflict:current`);
      expect(user.question.path).toBe('websites.0.homepageUrl');
      expect(user.question.options ?? []).toEqual([]);
      await user.type('www.example.cn');
      const again = user.question.token;
      expect(user.findButton((b) => b.callback_data === `t:${again}:o:@conflict:earlier`)).toBeDefined();

      // "Change the earlier one": the domains, then the refused homepage, which now passes.
      await user.press(`t:${again}:o:@conflict:earlier`);
      expect(user.question.path).toBe('websites.0.domains');
      await user.type('example.cn');
      expect(user.question.path).toBe('websites.0.homepageUrl');
      await user.type('www.example.cn');
      expect(app.state(chat.id)?.filing.websites).toMatchObject([
        { domains: ['example.cn'], homepageUrl: 'www.example.cn' },
      ]);
      expectAllFit();
    });
  }
});

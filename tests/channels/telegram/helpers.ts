/** Starts the real Telegram channel (telegraf over HTTP) against the fake Bot API, with recorded sleeps. */
import pino from 'pino';
import {
  type StartTelegramOptions,
  startTelegram,
  type TelegramRuntime,
} from '../../../src/channels/telegram/create-telegram-bot.ts';
import type {
  ApplicantPort,
  ChannelReply,
  ChatRef,
  UploadPort,
  UploadRequest,
} from '../../../src/channels/telegram/ports.ts';
import type { EngineInput, Outgoing, QuestionMessage } from '../../../src/conversation/types.ts';
import type { Lang } from '../../../src/i18n/index.ts';
import type { FakeBotApi } from '../../support/fake-bot-api.ts';

export const silentLogger = pino({ level: 'silent' });

export interface Harness {
  runtime: TelegramRuntime;
  sleeps: number[];
}

export async function startBot(
  fake: FakeBotApi,
  parts: Pick<StartTelegramOptions, 'applicant' | 'uploads'> & Partial<StartTelegramOptions>,
  env: { webhookUrl?: string; secret?: string; maxBytes?: number } = {},
): Promise<Harness> {
  const sleeps: number[] = [];
  const runtime = await startTelegram({
    config: {
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_WEBHOOK_URL: env.webhookUrl,
      TELEGRAM_WEBHOOK_SECRET: env.secret,
      PORT: 0 as number,
      UPLOAD_MAX_BYTES: env.maxBytes ?? 10 * 1024 * 1024,
    },
    logger: silentLogger,
    handleSignals: false,
    webhookHost: '127.0.0.1',
    // The scripted drivers answer a whole filing faster than a person could; the limit has its own test.
    rateLimit: false,
    retry: {
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    },
    ...parts,
  });
  return { runtime, sleeps };
}

/** A small stand-in for the applicant service: records inputs, answers with scripted messages. */
export class ScriptedApplicant implements ApplicantPort {
  readonly inputs: Array<{ chat: string; input: EngineInput; lang?: Lang }> = [];
  lang: Lang = 'en';
  constructor(
    private readonly script: (input: EngineInput, chat: string) => Outgoing[] | Promise<Outgoing[]>,
  ) {}

  async handleInput(chat: ChatRef, input: EngineInput, options?: { lang?: Lang }): Promise<ChannelReply> {
    this.inputs.push({ chat: chat.chatId, input, ...(options?.lang ? { lang: options.lang } : {}) });
    return { lang: this.lang, messages: await this.script(input, chat.chatId) };
  }

  inputsOf(chat: number): EngineInput[] {
    return this.inputs.filter((i) => i.chat === String(chat)).map((i) => i.input);
  }
}

export class RecordingUploads implements UploadPort {
  readonly received: Array<{ chat: string; upload: UploadRequest }> = [];
  async acceptUpload(chat: ChatRef, upload: UploadRequest): Promise<ChannelReply> {
    this.received.push({ chat: chat.chatId, upload });
    return { lang: 'en', messages: [{ type: 'info', text: { key: 'telegram:submitted' } }] };
  }
}

export function info(key: string, params?: Record<string, string | number>): Outgoing {
  return { type: 'info', text: { key, ...(params ? { params } : {}) } };
}

export function question(overrides: Partial<QuestionMessage> = {}): QuestionMessage {
  return {
    type: 'question',
    token: 'q1',
    fieldId: 'sponsor.nature',
    path: 'sponsor.nature',
    section: 'sponsor',
    title: { key: 'telegram:commands.start' },
    help: { key: 'telegram:question.typeAnswer' },
    kind: 'choice',
    skippable: false,
    progress: { answered: 0, total: 10 },
    ...overrides,
  };
}

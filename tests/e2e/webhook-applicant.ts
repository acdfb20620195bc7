/**
 * The scripted Telegram applicant of the end-to-end tests, in front of several instances in webhook
 * mode: each update is posted to a random instance (as a load balancer would) and sometimes posted
 * again, to another one, as Telegram does when it missed an answer. An action is settled once the
 * answer is committed (the webhook answered 200), the bot has written to the chat since, and no
 * reply row of the chat waits for delivery (live, or by a worker after a crash).
 */
import type { Database } from '../../src/db/database.ts';
import type { FakeBotApi, FakeChat, Json } from '../support/fake-bot-api.ts';
import { postWebhook } from '../support/fake-bot-api.ts';
import type { InstancePool } from '../support/instance-pool.ts';
import { AppApplicant, eventually, type StoredConversations } from './app-applicant.ts';

const REPLY_METHODS = new Set(['sendMessage', 'editMessageText', 'editMessageReplyMarkup', 'sendDocument']);

/** The seq of the bot's latest call writing to each chat, kept by one listener for all applicants. */
export class ChatWrites {
  private readonly last = new Map<number, number>();
  constructor(fake: FakeBotApi) {
    fake.onCall((call) => {
      if (REPLY_METHODS.has(call.method)) this.last.set(Number(call.params.chat_id), call.seq);
    });
  }

  lastSeq(chatId: number): number {
    return this.last.get(chatId) ?? 0;
  }
}

export interface WebhookDelivery {
  pool: InstancePool;
  secret: string;
  writes: ChatWrites;
  /** Counts what was sent, for the final tally. */
  sent: { updates: number; duplicates: number };
}

export class WebhookApplicant extends AppApplicant {
  /** Share of this applicant's updates posted a second time (0..1). */
  duplicates = 0;

  constructor(
    fake: FakeBotApi,
    chat: FakeChat,
    conversations: StoredConversations,
    private readonly delivery: WebhookDelivery,
    private readonly db: () => Pick<Database, 'prisma'>,
  ) {
    super(fake, chat, conversations, () => undefined);
  }

  private post(update: Json): Promise<number> {
    const { pool, secret } = this.delivery;
    return pool.deliver(
      async (instance) => {
        const status = await postWebhook(`http://127.0.0.1:${instance.port}/telegram`, update, secret);
        if (status === 200) pool.delivered++;
        return status;
      },
      `update ${String(update.update_id)}`,
    );
  }

  override async settle(update: Json): Promise<void> {
    const before = this.delivery.writes.lastSeq(this.chat.id);
    this.delivery.sent.updates++;
    const twice = Math.random() < this.duplicates;
    if (twice) this.delivery.sent.duplicates++;
    // A duplicate either races the original on another instance or comes after its answer.
    const statuses =
      twice && Math.random() < 0.5
        ? await Promise.all([this.post(update), this.post(update)])
        : [await this.post(update), ...(twice ? [await this.post(update)] : [])];
    if (statuses.some((status) => status !== 200)) {
      throw new Error(`update ${String(update.update_id)} answered ${statuses.join(', ')}`);
    }
    const orderKey = `telegram:${this.chat.id}`;
    await eventually(
      async () => {
        if (this.delivery.writes.lastSeq(this.chat.id) <= before) return undefined;
        const waiting = await this.db().prisma.outbox.count({
          where: { orderKey, topic: 'chat_reply', sentAt: null, failedAt: null },
        });
        return waiting === 0 ? true : undefined;
      },
      `the bot's reply to update ${String(update.update_id)} in chat ${this.chat.id}`,
      // A reply lost with a killed instance is sent by a worker after the grace period
      // (REPLY_GRACE_MS: 30 s by default, seconds in the several-instances test).
      90_000,
    );
    await this.conversations.refresh(this.chat.id);
  }
}

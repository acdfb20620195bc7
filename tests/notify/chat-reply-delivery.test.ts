/**
 * A live reply that never reached the chat (the send failed, or the bot died before it) is
 * replaced by the notify worker once its grace period is over: the chat is shown where it stands
 * now (the current question again), in its language; a review reply row is sent as written.
 */
import { expect, it } from 'vitest';
import { createEngine } from '../../src/conversation/engine.ts';
import type { EngineInput, Outgoing, QuestionMessage } from '../../src/conversation/types.ts';
import { pendingOutbox } from '../../src/db/outbox.ts';
import { catalog } from '../../src/filing/catalog.ts';
import { requiredMaterials } from '../../src/filing/materials.ts';
import { validateDraft, validateFiling } from '../../src/filing/validate-filing.ts';
import type { Lang } from '../../src/i18n/index.ts';
import { peekConsoleInbox } from '../../src/notify/console-inbox.ts';
import { createNotifier } from '../../src/notify/notifier.ts';
import type { TelegramOutbound } from '../../src/notify/telegram-outbound.ts';
import { type ChatAddress, createApplicantService } from '../../src/services/applicant-service.ts';
import { describeEachBackend, type TestDatabase } from '../support/db.ts';
import { enqueue, frozenClock } from './helpers.ts';

const engine = createEngine({ catalog, validateDraft, validateFiling, requiredMaterials });

/** An applicant service and a notify worker that stands in for its lost replies, on a frozen clock. */
function recovery(db: TestDatabase, replyGraceMs: number) {
  const clock = frozenClock();
  const service = createApplicantService({ db, engine, now: clock.now, replyGraceMs });
  const sent: { chatId: string; lang: Lang; messages: readonly Outgoing[] }[] = [];
  const telegram: TelegramOutbound = {
    sendTexts: async () => {},
    sendMessages: async (chatId, lang, messages) => {
      sent.push({ chatId, lang, messages });
    },
  };
  const notifier = createNotifier({
    db,
    mailer: { send: async () => {} } as never,
    telegram,
    now: clock.now,
    pollMs: 0,
    sweepMs: 0,
    prompt: (to) => service.currentPrompt(to),
  });
  return {
    clock,
    service,
    sent,
    notifier,
    /** The input is committed, but its live reply never gets out. */
    async loseReply(chat: ChatAddress, input: EngineInput): Promise<void> {
      await expect(
        service.handleInput(chat, input, {
          deliver: async () => {
            throw new Error('Bot API down');
          },
        }),
      ).rejects.toThrow('Bot API down');
    },
    async stop(): Promise<void> {
      await notifier.stop();
      await service.close();
    },
  };
}

describeEachBackend('lost live replies', (db) => {
  it('asks the current question again once the grace period is over', async () => {
    const { clock, service, sent, notifier, loseReply, stop } = recovery(db(), 5_000);
    const chat = {
      channel: 'telegram' as const,
      chatId: String(800_000 + Math.floor(Math.random() * 100_000)),
    };
    try {
      // Shown by the caller itself (no copy kept), like the console's first screen.
      const shown = await service.handleInput({ ...chat, lang: 'en' }, { type: 'command', command: 'start' });
      const asked = shown.find((m): m is QuestionMessage => m.type === 'question')!;
      // The answer is committed, but its reply (the refusal and the question again) is lost.
      await loseReply(chat, { type: 'text', text: '12345' });

      await notifier.worker.drain();
      expect(sent).toEqual([]);
      clock.advance(5_000);
      await notifier.worker.drain();
      expect(sent).toHaveLength(1);
      expect(sent[0]?.chatId).toBe(chat.chatId);
      expect(sent[0]?.lang).toBe('en');
      const again = sent[0]?.messages.filter((m): m is QuestionMessage => m.type === 'question');
      expect(again?.map((q) => [q.fieldId, q.token])).toEqual([[asked.fieldId, asked.token]]);
      await notifier.worker.drain();
      expect(sent).toHaveLength(1);

      // Two answers whose replies were both lost: the chat is shown where it stands once, not twice.
      for (const text of ['67890', 'abc']) {
        await loseReply(chat, { type: 'text', text });
      }
      clock.advance(5_000);
      await notifier.worker.drain();
      expect(sent).toHaveLength(2);
    } finally {
      await stop();
    }
  });

  it('puts the console chat where it stands in its inbox, and sends nothing for a chat without a conversation', async () => {
    const { clock, service, sent, notifier, loseReply, stop } = recovery(db(), 1_000);
    const console = { channel: 'console' as const, chatId: 'local' };
    try {
      await service.handleInput({ ...console, lang: 'zh' }, { type: 'command', command: 'start' });
      await loseReply(console, { type: 'command', command: 'summary' });
      // A copy whose chat has no conversation (removed meanwhile) is done with, nothing sent.
      await enqueue(db(), [
        {
          topic: 'chat_reply',
          orderKey: 'telegram:nobody',
          payload: { channel: 'telegram', chatId: 'nobody', lang: 'en', reask: true },
        },
      ]);
      clock.advance(1_000);
      await notifier.worker.drain();
      const inbox = await peekConsoleInbox(db(), 'local', clock.now());
      expect(inbox).toHaveLength(1);
      expect(inbox[0]?.lang).toBe('zh');
      expect(inbox[0]?.messages.some((m) => m.type === 'question')).toBe(true);
      expect(sent).toEqual([]);
      expect(await pendingOutbox(db().prisma, { orderKey: 'telegram:nobody' })).toEqual([]);
    } finally {
      await stop();
    }
  });
});

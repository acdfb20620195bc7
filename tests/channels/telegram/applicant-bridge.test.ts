import { describe, expect, it } from 'vitest';
import {
  type ApplicantServiceLike,
  applicantPortFromService,
} from '../../../src/channels/telegram/applicant-bridge.ts';
import type { EngineInput, Outgoing } from '../../../src/conversation/types.ts';

/** Behaves like the applicant service: commit, deliver, then mark the outbox copy sent (or keep it). */
class ServiceDouble implements ApplicantServiceLike {
  readonly outbox: Array<{ messages: Outgoing[]; sent: boolean }> = [];
  readonly seen = new Set<string>();
  async handleInput(
    _chat: { channel: 'telegram'; chatId: string },
    input: EngineInput,
    options: { updateId?: string; deliver?: (messages: Outgoing[]) => Promise<void> } = {},
  ): Promise<Outgoing[]> {
    if (options.updateId && this.seen.has(options.updateId)) return [];
    if (options.updateId) this.seen.add(options.updateId);
    const messages: Outgoing[] = [{ type: 'info', text: { key: `echo.${input.type}` } }];
    const row = { messages, sent: false };
    this.outbox.push(row);
    if (options.deliver) {
      await options.deliver(messages);
      row.sent = true;
    }
    return messages;
  }
}

const chat = { channel: 'telegram' as const, chatId: '9' };

describe('applicantPortFromService', () => {
  it('hands the reply over before the service finishes, and marks it sent once settled', async () => {
    const service = new ServiceDouble();
    const port = applicantPortFromService(service, { langOf: async () => 'en' });
    const reply = await port.handleInput(chat, { type: 'text', text: 'x' }, { updateId: '1', lang: 'zh' });
    expect(reply.lang).toBe('en');
    expect(reply.messages).toEqual([{ type: 'info', text: { key: 'echo.text' } }]);
    expect(service.outbox[0]?.sent).toBe(false);
    await reply.settle?.();
    expect(service.outbox[0]?.sent).toBe(true);
  });

  it('leaves the outbox copy unsent when sending failed', async () => {
    const service = new ServiceDouble();
    const port = applicantPortFromService(service);
    const reply = await port.handleInput(chat, { type: 'text', text: 'x' }, { updateId: '1', lang: 'zh' });
    await reply.settle?.(new Error('telegram down'));
    expect(service.outbox).toEqual([{ messages: reply.messages, sent: false }]);
    expect(reply.lang).toBe('zh');
  });

  it('returns an empty reply for a redelivered update', async () => {
    const service = new ServiceDouble();
    const port = applicantPortFromService(service);
    const first = await port.handleInput(chat, { type: 'text', text: 'x' }, { updateId: '5' });
    await first.settle?.();
    const again = await port.handleInput(chat, { type: 'text', text: 'x' }, { updateId: '5' });
    expect(again.messages).toEqual([]);
    expect(again.settle).toBeUndefined();
  });
});

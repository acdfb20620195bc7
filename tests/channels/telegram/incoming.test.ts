import type { Update } from 'telegraf/types';
import { describe, expect, it } from 'vitest';
import { langFromCode, parseCommand, parseUpdate } from '../../../src/channels/telegram/incoming.ts';

const from = { id: 7, is_bot: false, first_name: 'A', language_code: 'zh-hans' };
const chat = { id: 7, type: 'private' as const, first_name: 'A' };

describe('incoming updates', () => {
  it('maps language codes: zh-* to zh, anything else to en', () => {
    expect([
      langFromCode('zh'),
      langFromCode('zh-hant'),
      langFromCode('en'),
      langFromCode(undefined),
    ]).toEqual(['zh', 'zh', 'en', 'en']);
  });

  it('reads commands with arguments and a bot mention, ignoring unknown ones', () => {
    expect(parseCommand('/edit 3')).toEqual({ command: 'edit', arg: '3' });
    expect(parseCommand('/lang@icp_bot en')).toEqual({ command: 'lang', arg: 'en' });
    expect(parseCommand('/start')).toEqual({ command: 'start' });
    expect(parseCommand('/nonsense')).toBeUndefined();
  });

  it('takes the largest photo size', () => {
    const update = {
      update_id: 1,
      message: {
        message_id: 1,
        date: 0,
        chat,
        from,
        photo: [
          { file_id: 'small', file_unique_id: 's', width: 90, height: 60, file_size: 1000 },
          { file_id: 'big', file_unique_id: 'b', width: 1280, height: 853, file_size: 90_000 },
          { file_id: 'mid', file_unique_id: 'm', width: 320, height: 213, file_size: 9000 },
        ],
      },
    } as unknown as Update;
    expect(parseUpdate(update)).toEqual({
      updateId: 1,
      chatId: 7,
      lang: 'zh',
      action: { kind: 'file', file: { fileId: 'big', source: 'photo', declaredSize: 90_000 } },
    });
  });

  it('reads a callback query with its button caption', () => {
    const update = {
      update_id: 2,
      callback_query: {
        id: 'cb1',
        from,
        chat_instance: 'x',
        data: 't:k1:o:enterprise',
        message: {
          message_id: 9,
          date: 0,
          chat,
          text: 'q',
          reply_markup: { inline_keyboard: [[{ text: 'Enterprise', callback_data: 't:k1:o:enterprise' }]] },
        },
      },
    } as unknown as Update;
    expect(parseUpdate(update)?.action).toEqual({
      kind: 'callback',
      callbackId: 'cb1',
      messageId: 9,
      data: { token: 'k1', action: 'o', value: 'enterprise' },
      buttonText: 'Enterprise',
    });
  });

  it('ignores group chats', () => {
    const update = {
      update_id: 3,
      message: { message_id: 1, date: 0, chat: { id: -5, type: 'group', title: 'g' }, from, text: 'hi' },
    } as unknown as Update;
    expect(parseUpdate(update)).toBeUndefined();
  });
});

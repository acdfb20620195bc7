/**
 * A scripted applicant on Telegram: reads the question the bot shows, answers by typing or by
 * pressing the inline buttons of the bot's last message (paging with ‹ › when needed), uploads
 * photos after tapping a document button. Each action waits until the bot has fully handled it:
 * Telegram was told the update is done (telegraf asked for the next ones) and, since that can
 * happen once the answer is committed, the bot has no update in hand (its replies are out).
 */
import type { QuestionMessage } from '../../../src/conversation/types.ts';
import type { FakeBotApi, FakeChat, Json } from '../../support/fake-bot-api.ts';
import type { EngineApplicant } from './engine-applicant.ts';

export type Answer = { text: string } | { choice: string } | { ticks: string[] } | { skip: true };

export interface Script {
  answers: Record<string, Answer>;
  websites?: number;
}

interface Button {
  text: string;
  callback_data: string;
}

export class TelegramApplicant {
  private fileSeq = 0;
  constructor(
    readonly fake: FakeBotApi,
    readonly chat: FakeChat,
    readonly app: Pick<EngineApplicant, 'question' | 'state'>,
    /** The running bot's `idle()` (read at each use: the bot may be restarted). */
    private readonly botIdle: () => Promise<void> | undefined = () => undefined,
  ) {}

  async settle(update: Json): Promise<void> {
    const id = Number(update.update_id);
    await this.fake.waitForCall((c) => c.method === 'getUpdates' && Number(c.params.offset) > id, {
      timeoutMs: 10_000,
    });
    await this.botIdle();
  }

  async type(text: string): Promise<void> {
    await this.settle(this.fake.pushText(this.chat, text));
  }

  /** Presses the button whose callback data is `data` on the most recent bot message that has it. */
  async press(data: string): Promise<void> {
    const messageId = this.findButton((b) => b.callback_data === data)?.messageId;
    if (messageId === undefined) throw new Error(`no button ${data} in chat ${this.chat.id}`);
    await this.settle(this.fake.pushCallback(this.chat, data, messageId));
  }

  findButton(match: (b: Button) => boolean): { messageId: number; button: Button } | undefined {
    const messages = [...(this.fake.messages.get(this.chat.id)?.values() ?? [])].reverse();
    for (const m of messages) {
      const rows = (m.replyMarkup?.inline_keyboard ?? []) as Button[][];
      const button = rows.flat().find(match);
      if (button) return { messageId: m.messageId, button };
    }
    return undefined;
  }

  /** The buttons of the most recent bot message that has a button matching `match`. */
  latestKeyboard(match: (b: Button) => boolean): Button[] {
    const found = this.findButton(match);
    if (!found) return [];
    const message = this.fake.messages.get(this.chat.id)?.get(found.messageId);
    return ((message?.replyMarkup?.inline_keyboard ?? []) as Button[][]).flat();
  }

  get question(): QuestionMessage {
    return this.app.question(this.chat.id);
  }

  /** Pages forward with the › button until `value` is on the page, then presses it. */
  async choose(value: string): Promise<void> {
    for (let i = 0; i < 20; i++) {
      const q = this.question;
      const action = q.multi ? 'x' : 'o';
      const data = `t:${q.token}:${action}:${value}`;
      if (this.findButton((b) => b.callback_data === data)) return this.press(data);
      if (!q.page || q.page.index + 1 >= q.page.count) throw new Error(`${q.path}: no option ${value}`);
      await this.press(`t:${q.token}:p:${q.page.index + 1}`);
    }
    throw new Error(`${value}: paged too far`);
  }

  async answer(answer: Answer): Promise<void> {
    const q = this.question;
    if ('text' in answer) return this.type(answer.text);
    if ('choice' in answer) return this.choose(answer.choice);
    if ('skip' in answer) return this.press(`t:${q.token}:s:`);
    // Only what differs from the options ticked in advance (a suggestion) is pressed.
    const ticked = new Set(this.app.state(this.chat.id)?.current?.toggles ?? []);
    for (const value of answer.ticks) if (!ticked.has(value)) await this.choose(value);
    for (const value of ticked) if (!answer.ticks.includes(value)) await this.choose(value);
    await this.press(`t:${this.question.token}:d:`);
  }

  /** Taps the document's button, then sends the file as a photo (largest size last) or a document. */
  async upload(ref: string, bytes: Buffer, as: 'photo' | 'document', fileName = 'scan.pdf'): Promise<void> {
    await this.press(`t:doc:k:${ref}`);
    await this.send(bytes, as, fileName);
  }

  async send(
    bytes: Buffer,
    as: 'photo' | 'document',
    fileName = 'scan.pdf',
    mimeType?: string,
  ): Promise<Json> {
    const fileId = `f${this.chat.id}-${++this.fileSeq}`;
    this.fake.addFile(fileId, bytes, { path: `${as}s/file_${this.fileSeq}` });
    const update =
      as === 'photo'
        ? this.fake.pushPhoto(this.chat, [
            { fileId: `${fileId}-thumb`, width: 90, height: 64, size: 1200 },
            { fileId, width: 1280, height: 900, size: bytes.length },
          ])
        : this.fake.pushDocument(this.chat, {
            fileId,
            fileName,
            mimeType: mimeType ?? 'application/pdf',
            size: bytes.length,
          });
    await this.settle(update);
    return update;
  }

  /** Answers from the script until the flow reaches the submit question. */
  async fileUntilSubmit(script: Script): Promise<void> {
    let websitesLeft = (script.websites ?? 1) - 1;
    for (let i = 0; i < 300; i++) {
      const q = this.question;
      if (q.fieldId === '@submit') return;
      if (q.fieldId === '@add_website') await this.choose(websitesLeft-- > 0 ? 'yes' : 'no');
      else if (q.fieldId === '@confirm') await this.choose(websitesLeft-- > 0 ? 'add_website' : 'confirm');
      else {
        const answer = script.answers[q.path] ?? script.answers[q.fieldId];
        if (!answer) throw new Error(`script has no answer for ${q.path}`);
        const before = this.app.state(this.chat.id)?.seq;
        await this.answer(answer);
        if (this.app.state(this.chat.id)?.seq === before && this.question.path === q.path) {
          throw new Error(
            `answer for ${q.path} refused: ${this.fake.sentTexts(this.chat.id).slice(-4).join(' ||| ')}`,
          );
        }
      }
    }
    throw new Error('script did not reach @submit');
  }
}

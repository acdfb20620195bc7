/**
 * An applicant on Telegram in front of the whole app (startApp): the scripted TelegramApplicant of
 * the channel tests, reading the question it is asked from the database (the conversation state
 * the app committed) instead of from an in-memory engine, so it also sees questions the app asks
 * on its own (the corrections round, sent by the notify worker).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { buildQuestion } from '../../src/conversation/question.ts';
import type { ConversationState, EngineDeps, QuestionMessage } from '../../src/conversation/types.ts';
import { findApplicantByChat } from '../../src/db/applicants.ts';
import { readConversation } from '../../src/db/conversations.ts';
import type { Database } from '../../src/db/database.ts';
import { catalog } from '../../src/filing/catalog.ts';
import { requiredMaterials } from '../../src/filing/materials.ts';
import { validateDraft, validateFiling } from '../../src/filing/validate-filing.ts';
import { TelegramApplicant } from '../channels/telegram/telegram-driver.ts';
import { isCompleteMail } from '../support/console-process.ts';
import type { FakeBotApi, FakeChat, Json } from '../support/fake-bot-api.ts';
import { colourPhotoJpeg, minimalPdf } from '../support/images.ts';
import { type ParsedMail, parseMail } from '../support/smtp-server.ts';

const deps: EngineDeps = { catalog, validateDraft, validateFiling, requiredMaterials };

/** Polls `probe` until it gives a value (real time: the app's worker and channels run on their own). */
export async function eventually<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The committed conversation of each Telegram chat, as the app stored it. */
export class StoredConversations {
  private readonly states = new Map<number, ConversationState>();
  /** `db` is read at each use: a restarted app opens the database again. */
  constructor(
    private readonly db: () => Pick<Database, 'prisma' | 'pii'>,
    private readonly now: () => Date,
  ) {}

  async applicantId(chatId: number): Promise<string | undefined> {
    const applicant = await findApplicantByChat(this.db().prisma, {
      channel: 'telegram',
      chatId: String(chatId),
    });
    return applicant?.id;
  }

  async refresh(chatId: number): Promise<ConversationState | undefined> {
    const applicantId = await this.applicantId(chatId);
    const row = applicantId ? await readConversation(this.db().prisma, this.db().pii, applicantId) : null;
    const state = row?.state as ConversationState | undefined;
    if (state) this.states.set(chatId, state);
    else this.states.delete(chatId);
    return state;
  }

  state(chat: number): ConversationState | undefined {
    return this.states.get(chat);
  }

  question(chat: number): QuestionMessage {
    const state = this.states.get(chat);
    if (!state?.current) throw new Error(`no question asked in chat ${chat}`);
    return buildQuestion(state, state.current, deps, this.now());
  }
}

export class AppApplicant extends TelegramApplicant {
  constructor(
    fake: FakeBotApi,
    chat: FakeChat,
    readonly conversations: StoredConversations,
    botIdle: () => Promise<void> | undefined,
  ) {
    super(fake, chat, conversations, botIdle);
  }

  override async settle(update: Json): Promise<void> {
    await super.settle(update);
    await this.conversations.refresh(this.chat.id);
  }

  /**
   * Uploads every document the bot lists as missing (📎 buttons after /documents): colour photos
   * for identity documents, distinct PDFs for the rest. Returns the document refs uploaded.
   */
  async uploadMissing(): Promise<string[]> {
    const refs: string[] = [];
    const photo = await colourPhotoJpeg();
    await this.type('/documents');
    for (let i = 0; i < 30; i++) {
      const missing = this.latestKeyboard((b) => b.callback_data.startsWith('t:doc:k:')).find((b) =>
        b.text.startsWith('📎'),
      );
      if (!missing) break;
      const ref = missing.callback_data.slice('t:doc:k:'.length);
      refs.push(ref);
      if (ref.includes('id_')) await this.upload(ref, photo, 'photo');
      else
        await this.upload(
          ref,
          Buffer.concat([minimalPdf(), Buffer.from(`\n% variant ${i}\n`)]),
          'document',
          `${ref}.pdf`,
        );
      await this.type('/documents');
    }
    return refs;
  }
}

/** The .eml files under `dir`, oldest first (by write time), parsed. */
export async function mailFiles(dir: string): Promise<(ParsedMail & { file: string })[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.eml'));
  const files = await Promise.all(
    names.map(async (name) => ({ name, mtime: (await stat(join(dir, name))).mtimeMs })),
  );
  files.sort((a, b) => a.mtime - b.mtime || a.name.localeCompare(b.name));
  const raws = await Promise.all(
    files.map(async ({ name }) => ({ name, raw: await readFile(join(dir, name), 'utf8') })),
  );
  // A mail still being written is left for the next look.
  return raws
    .filter(({ raw }) => isCompleteMail(raw))
    .map(({ name, raw }) => ({ file: name, ...parseMail(raw) }));
}

/**
 * The real conversation engine (real catalog, rules and materials) behind the ApplicantPort, with
 * the state kept in memory: what the applicant service does, minus the database. Dedupes by
 * update id like the service does.
 */

import type {
  ApplicantPort,
  ChannelReply,
  ChatRef,
  HandleInputOptions,
} from '../../../src/channels/telegram/ports.ts';
import { createEngine } from '../../../src/conversation/engine.ts';
import type {
  ConversationState,
  EngineDeps,
  EngineInput,
  QuestionMessage,
} from '../../../src/conversation/types.ts';
import { catalog } from '../../../src/filing/catalog.ts';
import { requiredMaterials } from '../../../src/filing/materials.ts';
import { validateDraft, validateFiling } from '../../../src/filing/validate-filing.ts';

const deps: EngineDeps = { catalog, validateDraft, validateFiling, requiredMaterials };

export class EngineApplicant implements ApplicantPort {
  readonly engine = createEngine(deps);
  readonly states = new Map<string, ConversationState>();
  readonly questions = new Map<string, QuestionMessage>();
  readonly inputs: Array<{ chat: string; input: EngineInput }> = [];
  private readonly seen = new Set<string>();

  constructor(private readonly now: Date) {}

  async handleInput(
    chat: ChatRef,
    input: EngineInput,
    options: HandleInputOptions = {},
  ): Promise<ChannelReply> {
    const previous = this.states.get(chat.chatId);
    if (options.updateId && input.type !== 'document' && input.type !== 'document_rejected') {
      const key = `${chat.chatId}:${options.updateId}`;
      if (this.seen.has(key)) return { lang: previous?.lang ?? 'zh', messages: [] };
      this.seen.add(key);
    }
    this.inputs.push({ chat: chat.chatId, input });
    const result = this.engine.step(previous, input, {
      now: this.now,
      ...(options.lang ? { lang: options.lang } : {}),
    });
    this.states.set(chat.chatId, JSON.parse(JSON.stringify(result.state)) as ConversationState);
    const question = result.messages.filter((m): m is QuestionMessage => m.type === 'question').at(-1);
    if (question) this.questions.set(chat.chatId, question);
    return { lang: result.state.lang, messages: result.messages };
  }

  state(chat: number): ConversationState | undefined {
    return this.states.get(String(chat));
  }

  question(chat: number): QuestionMessage {
    const q = this.questions.get(String(chat));
    if (!q) throw new Error(`no question asked in chat ${chat}`);
    return q;
  }
}

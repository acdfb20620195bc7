/**
 * The local terminal chat: the embedded default when no Telegram token is set. Same engine, same
 * applicant service and database as Telegram; only the rendering and the input differ.
 */
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { EngineInput, Outgoing, QuestionMessage } from '../../conversation/types.ts';
import { type Lang, t } from '../../i18n/index.ts';
import { type ConsoleAction, parseConsoleLine, type UploadCommand } from './parse-console-line.ts';
import { renderConsole } from './render-console.ts';

export interface ConsoleReply {
  lang: Lang;
  messages: Outgoing[];
}

export interface ConsolePorts {
  handleInput(input: EngineInput): Promise<ConsoleReply>;
  acceptUpload(upload: UploadCommand, bytes: Buffer): Promise<ConsoleReply>;
}

export interface ConsoleChatOptions {
  ports: ConsolePorts;
  input: Readable;
  output: Writable;
  /** Language of the banner and of a brand-new conversation. */
  lang: Lang;
  /** Where the data lives, shown in the first line. */
  dataDir: string;
}

export async function runConsoleChat(options: ConsoleChatOptions): Promise<void> {
  const { ports, output } = options;
  let lang = options.lang;
  let question: QuestionMessage | undefined;
  const print = (text: string) => output.write(`${text}\n`);
  const show = (reply: ConsoleReply) => {
    lang = reply.lang;
    const asked = [...reply.messages].reverse().find((m): m is QuestionMessage => m.type === 'question');
    if (asked) question = asked;
    if (reply.messages.length > 0) print(`${renderConsole(lang, reply.messages)}\n`);
    output.write('> ');
  };

  print(t(lang, 'console:banner', { dataDir: options.dataDir }));
  show(await ports.handleInput({ type: 'command', command: 'start' }));

  const lines = createInterface({ input: options.input, terminal: false });
  for await (const line of lines) {
    if (line.trim() === '') {
      output.write('> ');
      continue;
    }
    const action: ConsoleAction = parseConsoleLine(line, question);
    if (action.type === 'quit') break;
    if (action.type === 'usage') {
      print(t(lang, action.key));
      output.write('> ');
      continue;
    }
    if (action.type === 'upload') {
      const bytes = await readFile(action.upload.path).catch(() => undefined);
      if (!bytes) {
        print(t(lang, 'console:fileUnreadable', { path: action.upload.path }));
        output.write('> ');
        continue;
      }
      show(await ports.acceptUpload(action.upload, bytes));
      continue;
    }
    show(await ports.handleInput(action.input));
  }
  print(`\n${t(lang, 'console:bye')}`);
}

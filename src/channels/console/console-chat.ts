/**
 * The local terminal chat: the embedded default when no Telegram token is set. Same engine, same
 * applicant service and database as Telegram; only the rendering and the input differ.
 */
import { readFile, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { EngineInput, Outgoing, QuestionMessage } from '../../conversation/types.ts';
import { type Lang, t } from '../../i18n/index.ts';
import { type ConsoleTrace, traceLines } from './console-trace.ts';
import { type ConsoleAction, parseConsoleLine, type UploadCommand } from './parse-console-line.ts';
import { renderConsole } from './render-console.ts';
import { terminalSafe } from './terminal-safe.ts';

export interface ConsoleReply {
  lang: Lang;
  messages: Outgoing[];
}

export interface ConsolePorts {
  handleInput(input: EngineInput): Promise<ConsoleReply>;
  acceptUpload(upload: UploadCommand, bytes: Buffer): Promise<ConsoleReply>;
  /** `/photo`: the photo answers the question on screen; undefined when that question takes none. */
  answerWithPhoto?(path: string, bytes: Buffer): Promise<ConsoleReply | undefined>;
  /** Review pings waiting for this chat (shown once, then gone from the inbox). */
  takeInbox?(): Promise<ConsoleReply>;
}

export interface ConsoleChatOptions {
  ports: ConsolePorts;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Language of the banner and of a brand-new conversation. */
  lang: Lang;
  /** Where the data lives, shown in the first line. */
  dataDir: string;
  /** Uploads larger than this are refused before the file is read. */
  maxUploadBytes?: number;
  /** While the person is idle, look for review pings this often (0 = only between turns). */
  inboxPollMs?: number;
  /** Machine-readable lines for scripted driving (see console-trace.ts); off by default. */
  trace?: ConsoleTrace;
  /** Ends the chat as /exit does (the app stops on a signal): input is no longer read. */
  signal?: AbortSignal;
}

export async function runConsoleChat(options: ConsoleChatOptions): Promise<void> {
  const { ports } = options;
  const trace = options.trace ?? (() => {});
  let lang = options.lang;
  let question: QuestionMessage | undefined;
  // Bytes written so far: `ready` traces carry it, so a script reading stdout and stderr from
  // separate pipes knows when it has the whole reply.
  let written = 0;
  const output = {
    write(raw: string) {
      // The one way out to the terminal: nothing printed can carry a control sequence.
      const text = terminalSafe(raw);
      written += Buffer.byteLength(text);
      options.output.write(text);
    },
  };
  const print = (text: string) => output.write(`${text}\n`);
  const show = (reply: ConsoleReply, prompt = true) => {
    lang = reply.lang;
    const asked = [...reply.messages].reverse().find((m): m is QuestionMessage => m.type === 'question');
    if (asked) question = asked;
    for (const line of traceLines(reply.messages)) trace(line);
    if (reply.messages.length > 0) print(`${renderConsole(lang, reply.messages)}\n`);
    if (prompt) output.write('> ');
  };
  // One thing at a time: a ping shown while an answer is being handled would interleave its text.
  let turn: Promise<void> = Promise.resolve();
  const serial = (work: () => Promise<void>) => {
    turn = turn.then(work, work);
    return turn;
  };
  const showInbox = async (prompt: boolean) => {
    if (!ports.takeInbox) return;
    const pings = await ports.takeInbox();
    if (pings.messages.length > 0) {
      if (prompt) output.write('\n');
      show(pings, prompt);
    }
  };

  print(t(lang, 'console:banner', { dataDir: options.dataDir }));
  await showInbox(false);
  show(await ports.handleInput({ type: 'command', command: 'start' }));
  trace(`ready 0 ${written}`);

  const timer =
    options.inboxPollMs && ports.takeInbox
      ? setInterval(() => void serial(() => showInbox(true)).catch(() => undefined), options.inboxPollMs)
      : undefined;
  timer?.unref();

  const lines = createInterface({ input: options.input, terminal: false });
  // Without this, a stopped app (SIGTERM, Ctrl-C) would keep waiting for a line, then handle it
  // with the database closed.
  const endChat = () => lines.close();
  if (options.signal?.aborted) endChat();
  options.signal?.addEventListener('abort', endChat, { once: true });
  let lineNumber = 0;
  try {
    for await (const line of lines) {
      let quit = false;
      lineNumber += 1;
      await serial(async () => {
        try {
          quit = await handleLine(line);
        } catch {
          // Whatever failed was rolled back: say so and keep the chat going.
          print(t(lang, 'console:failed'));
          output.write('> ');
        }
      });
      if (quit) break;
      trace(`ready ${lineNumber} ${written}`);
    }
  } finally {
    if (timer) clearInterval(timer);
    options.signal?.removeEventListener('abort', endChat);
    lines.close();
  }
  await turn.catch(() => undefined);
  print(`\n${t(lang, 'console:bye')}`);

  /** The file's bytes; undefined when it is too large or unreadable (said, with a new prompt). */
  async function readUploadFile(path: string): Promise<Buffer | undefined> {
    // Refuse a large file before reading it into memory.
    const size = (await stat(path).catch(() => undefined))?.size;
    if (size !== undefined && options.maxUploadBytes !== undefined && size > options.maxUploadBytes) {
      const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
      print(
        t(lang, 'documents:problems.upload.too_large', {
          sizeMb: mb(size),
          maxMb: mb(options.maxUploadBytes),
        }),
      );
      output.write('> ');
      return undefined;
    }
    const bytes = await readFile(path).catch(() => undefined);
    if (!bytes) {
      print(t(lang, 'console:fileUnreadable', { path }));
      output.write('> ');
    }
    return bytes;
  }

  async function handleLine(line: string): Promise<boolean> {
    if (line.trim() === '') {
      output.write('> ');
      return false;
    }
    const action: ConsoleAction = parseConsoleLine(line, question);
    if (action.type === 'quit') return true;
    if (action.type === 'usage') {
      print(t(lang, action.key));
      output.write('> ');
      return false;
    }
    if (action.type === 'upload' || action.type === 'photo') {
      const path = action.type === 'upload' ? action.upload.path : action.path;
      const bytes = await readUploadFile(path);
      if (!bytes) return false;
      if (action.type === 'upload') {
        show(await ports.acceptUpload(action.upload, bytes));
      } else {
        const reply = await ports.answerWithPhoto?.(path, bytes);
        if (!reply) {
          print(t(lang, 'console:photo.notNow'));
          output.write('> ');
          return false;
        }
        show(reply);
      }
    } else {
      show(await ports.handleInput(action.input));
    }
    await showInbox(true);
    return false;
  }
}

/**
 * `npm start` (node bin/icp.js start) as a child process, driven through its terminal: lines go to
 * stdin, the chat is read from stdout, and the console's trace hook (ICP_CONSOLE_TRACE=1, see
 * src/channels/console/console-trace.ts) says on stderr which question is shown and when a typed
 * line has been fully answered. Mails (no SMTP) are read from the .eml files under DATA_DIR/mail.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ParsedMail, parseMail } from './smtp-server.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** The 6-digit code in a verification mail. */
export function codeIn(mail: ParsedMail): string {
  const code = /(?<!\d)\d{6}(?!\d)/.exec(mail.text)?.[0];
  if (!code) throw new Error(`no code in the mail:\n${mail.text}`);
  return code;
}

/**
 * nodemailer's messages end with their closing MIME boundary: a file without it is still being
 * written (the mailer writes the .eml in place), so readers wait for it.
 */
export function isCompleteMail(raw: string): boolean {
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(raw)?.[1];
  return boundary ? raw.trimEnd().endsWith(`--${boundary}--`) : raw.endsWith('\n');
}

export interface TracedQuestion {
  fieldId: string;
  path: string;
  token: string;
  kind: string;
  options: string[];
  page?: { index: number; count: number };
  multi: boolean;
  ticked?: string[];
  skippable: boolean;
}

export interface TracedDocument {
  kind: string;
  websiteIndex?: number;
  preApprovalType?: string;
  uploaded: boolean;
}

export interface Trace {
  type: string;
  data: Record<string, unknown>;
}

export interface ConsoleProcessOptions {
  dataDir: string;
  /** LANG of the child, e.g. en_US.UTF-8 or zh_CN.UTF-8. */
  locale: string;
  /** How long one reply may take before the test fails (first start migrates: slow). */
  replyTimeoutMs?: number;
}

/** Variables of the test runner that would change what `npm start` starts. */
const DROPPED = /^(TELEGRAM_|SLACK_|SMTP_|DATABASE_URL$|LC_ALL$|LC_MESSAGES$|LANGUAGE$|PORT$|S3_)/;

export class ConsoleProcess {
  /** Everything the child wrote to stdout, as text. */
  stdout = '';
  private stdoutBytes = 0;
  /** Non-trace stderr lines (warnings, the "mail written" notes). */
  readonly stderrLines: string[] = [];
  readonly traces: Trace[] = [];
  private lineCount = 0;
  private readyBytes = new Map<number, number>();
  private exitCode: number | null | undefined;
  private readonly exited: Promise<number | null>;
  private waiters = new Set<() => void>();
  private mailsSeen = new Set<string>();
  private constructor(
    private readonly child: ChildProcess,
    readonly options: ConsoleProcessOptions,
  ) {
    let pending = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      this.stdoutBytes += chunk.length;
      this.stdout += chunk.toString('utf8');
      this.wake();
    });
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) this.onStderrLine(line);
      this.wake();
    });
    this.exited = new Promise((resolve) => {
      child.on('exit', (code) => {
        this.exitCode = code;
        this.wake();
        resolve(code);
      });
    });
  }

  /** Spawns the console and waits for its first reply (the banner and the first question). */
  static async start(options: ConsoleProcessOptions): Promise<ConsoleProcess> {
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) if (!DROPPED.test(key)) env[key] = value;
    Object.assign(env, { DATA_DIR: options.dataDir, LANG: options.locale, ICP_CONSOLE_TRACE: '1' });
    const child = spawn(process.execPath, [join(REPO, 'bin/icp.js'), 'start', '--console'], {
      cwd: REPO,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const proc = new ConsoleProcess(child, options);
    await proc.waitReady(0);
    return proc;
  }

  private onStderrLine(line: string): void {
    const match = /^trace (\S+) ?(.*)$/.exec(line);
    if (!match) {
      this.stderrLines.push(line);
      return;
    }
    const [, type = '', rest = ''] = match;
    if (type === 'ready') {
      const [n, bytes] = rest.split(' ').map(Number);
      this.readyBytes.set(n ?? -1, bytes ?? 0);
      return;
    }
    this.traces.push({ type, data: rest ? (JSON.parse(rest) as Record<string, unknown>) : {} });
  }

  private wake(): void {
    for (const waiter of this.waiters) waiter();
  }

  /** Resolves when `probe` returns a value; fails on timeout or when the child exits first. */
  private until<T>(probe: () => T | undefined, what: string): Promise<T> {
    const timeoutMs = this.options.replyTimeoutMs ?? 60_000;
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        const value = probe();
        if (value !== undefined) {
          done();
          resolve(value);
        } else if (this.exitCode !== undefined) {
          done();
          reject(new Error(`console exited (${this.exitCode}) while waiting for ${what}\n${this.tail()}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`console: no ${what} within ${timeoutMs} ms\n${this.tail()}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  private tail(): string {
    return `--- stdout (end) ---\n${this.stdout.slice(-1500)}\n--- stderr ---\n${this.stderrLines.slice(-10).join('\n')}`;
  }

  /** Waits until typed line `n` is handled and all of its reply has been read from stdout. */
  private waitReady(n: number): Promise<true> {
    return this.until(() => {
      const bytes = this.readyBytes.get(n);
      return bytes !== undefined && this.stdoutBytes >= bytes ? true : undefined;
    }, `reply to line ${n}`);
  }

  /** Types one line and returns what the console printed in reply. */
  async type(line: string): Promise<string> {
    const from = this.stdout.length;
    const tracesFrom = this.traces.length;
    this.lineCount += 1;
    this.child.stdin!.write(`${line}\n`);
    await this.waitReady(this.lineCount);
    this.lastTraces = this.traces.slice(tracesFrom);
    return this.stdout.slice(from);
  }

  /** Traces of the last typed line's reply. */
  lastTraces: Trace[] = [];

  /** The question shown last. */
  get question(): TracedQuestion {
    const last = this.traces.findLast((t) => t.type === 'question');
    if (!last) throw new Error(`no question shown yet\n${this.tail()}`);
    return last.data as unknown as TracedQuestion;
  }

  /** The document list shown last. */
  get documents(): TracedDocument[] {
    const last = this.traces.findLast((t) => t.type === 'documents');
    return (last?.data.required as TracedDocument[] | undefined) ?? [];
  }

  /** The newest .eml under DATA_DIR/mail not returned before, parsed; waits for it to be written. */
  async nextMail(): Promise<ReturnType<typeof parseMail>> {
    const dir = join(this.options.dataDir, 'mail');
    const deadline = Date.now() + (this.options.replyTimeoutMs ?? 60_000);
    for (;;) {
      const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.eml')).sort();
      const found = names.filter((n) => !this.mailsSeen.has(n)).at(-1);
      const raw = found ? await readFile(join(dir, found), 'utf8') : '';
      if (found && isCompleteMail(raw)) {
        for (const name of names) this.mailsSeen.add(name);
        return parseMail(raw);
      }
      if (Date.now() > deadline) throw new Error(`no new mail in ${dir}\n${this.tail()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Types /exit and waits for the process to end; returns its exit code. */
  async exit(): Promise<number | null> {
    this.child.stdin!.write('/exit\n');
    return this.until(() => (this.exitCode === undefined ? undefined : this.exitCode), 'exit');
  }

  /** Sends `signal` (SIGTERM, SIGINT as Ctrl-C does) and waits for the process to end; returns its exit code. */
  async signal(signal: NodeJS.Signals): Promise<number | null> {
    this.child.kill(signal);
    return this.until(
      () => (this.exitCode === undefined ? undefined : this.exitCode),
      `exit after ${signal}`,
    );
  }

  /** Ends a process a failed test left running: SIGTERM, then SIGKILL if it does not go. */
  async kill(): Promise<void> {
    if (this.exitCode !== undefined) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }
}

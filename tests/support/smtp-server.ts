import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on loopback for end-to-end mail tests. It keeps its port across
 * stop()/start(), so a test can take the server down and bring it back as an outage would.
 */

export interface ParsedMail {
  headers: Map<string, string>;
  subject: string;
  to: string;
  from: string;
  text: string;
  html: string;
}

export interface ReceivedMail extends ParsedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  raw: string;
}

/** An SMTP reply the server gives to RCPT TO instead of accepting, e.g. 451 or 550. */
export interface Rejection {
  responseCode: number;
  message: string;
}

export interface TestSmtpServer {
  readonly port: number;
  /** smtp://127.0.0.1:<port> */
  readonly url: string;
  readonly received: ReceivedMail[];
  /** While set, every recipient is refused with this reply. */
  reject(rejection: Rejection | undefined): void;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Resolves once `count` messages have arrived (fails after `timeoutMs`). */
  waitForMessages(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
}

export async function startSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  let rejection: Rejection | undefined;
  let server: SMTPServer | undefined;
  let port = 0;

  const listen = async () => {
    const instance = new SMTPServer({
      secure: false,
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 200,
      onRcptTo(_address, _session, callback) {
        if (!rejection) return callback();
        const err = Object.assign(new Error(rejection.message), { responseCode: rejection.responseCode });
        callback(err);
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const mailFrom = session.envelope.mailFrom;
          received.push({
            ...parseMail(raw),
            raw,
            envelopeFrom: mailFrom ? mailFrom.address : '',
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      instance.server.once('error', reject);
      instance.listen(port, '127.0.0.1', () => {
        instance.server.off('error', reject);
        resolve();
      });
    });
    port = (instance.server.address() as AddressInfo).port;
    server = instance;
  };

  await listen();

  return {
    get port() {
      return port;
    },
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    received,
    reject(next) {
      rejection = next;
    },
    async stop() {
      const instance = server;
      server = undefined;
      if (instance) await new Promise<void>((resolve) => instance.close(() => resolve()));
    },
    async start() {
      if (!server) await listen();
    },
    async waitForMessages(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} messages, got ${received.length}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return received;
    },
  };
}

/**
 * Just enough MIME for the messages nodemailer writes: unfolded headers, RFC 2047 encoded words,
 * multipart bodies, base64 and quoted-printable parts in UTF-8.
 */
export function parseMail(raw: string): ParsedMail {
  const part = parsePart(raw);
  const texts = { text: '', html: '' };
  collectBodies(part, texts);
  return {
    headers: part.headers,
    subject: decodeWords(part.headers.get('subject') ?? ''),
    to: decodeWords(part.headers.get('to') ?? ''),
    from: decodeWords(part.headers.get('from') ?? ''),
    ...texts,
  };
}

interface Part {
  headers: Map<string, string>;
  body: string;
}

function parsePart(raw: string): Part {
  const normalized = raw.replace(/\r\n/g, '\n');
  const split = normalized.indexOf('\n\n');
  const head = split === -1 ? normalized : normalized.slice(0, split);
  const body = split === -1 ? '' : normalized.slice(split + 2);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function collectBodies(part: Part, into: { text: string; html: string }): void {
  const type = part.headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (type.toLowerCase().startsWith('multipart/') && boundary) {
    const sections = part.body.split(`--${boundary}`).slice(1);
    for (const section of sections) {
      if (section.startsWith('--')) break;
      collectBodies(parsePart(section.replace(/^\n/, '')), into);
    }
    return;
  }
  const decoded = decodeBody(part.body, part.headers.get('content-transfer-encoding') ?? '7bit');
  if (type.toLowerCase().startsWith('text/html')) into.html += decoded;
  else if (type.toLowerCase().startsWith('text/plain')) into.text += decoded;
}

function decodeBody(body: string, encoding: string): string {
  switch (encoding.toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable':
      return decodeQuotedPrintable(body.replace(/=\n/g, '')).replace(/\n$/, '');
    default:
      return body.replace(/\n$/, '');
  }
}

function decodeQuotedPrintable(value: string): string {
  return quotedPrintableBytes(value).toString('utf8');
}

function quotedPrintableBytes(value: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const hex = value.slice(i + 1, i + 3);
    if (value[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(value[i]!, 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

const ENCODED_WORD = /=\?([^?]+)\?([BQ])\?([^?]*)\?=/gi;

/**
 * `=?UTF-8?B?...?=` and `=?UTF-8?Q?...?=` words. Adjacent words are joined at the byte level
 * (whitespace between them dropped), since a long header may split a character across two words.
 */
function decodeWords(value: string): string {
  return value.replace(/=\?[^?]+\?[BQ]\?[^?]*\?=(?:\s*=\?[^?]+\?[BQ]\?[^?]*\?=)*/gi, (run) => {
    const bytes = [...run.matchAll(ENCODED_WORD)].map(([, , kind, data]) =>
      kind!.toUpperCase() === 'B'
        ? Buffer.from(data!, 'base64')
        : quotedPrintableBytes(data!.replace(/_/g, ' ')),
    );
    return Buffer.concat(bytes).toString('utf8');
  });
}

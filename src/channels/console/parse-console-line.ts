/**
 * One typed line → what the console should do. Numbers answer the question on screen (choices,
 * ticks), `n`/`p` page, `/commands` map to engine commands; anything else is the answer's text.
 */
import { COMMANDS, type Command, type EngineInput, type QuestionMessage } from '../../conversation/types.ts';

export interface UploadCommand {
  kind: string;
  websiteIndex?: number;
  preApprovalType?: string;
  path: string;
}

export type ConsoleAction =
  | { type: 'input'; input: EngineInput }
  | { type: 'upload'; upload: UploadCommand }
  /** `/photo <path>`: a photo answering the question on screen (an ID card front, a licence). */
  | { type: 'photo'; path: string }
  | { type: 'quit' }
  | { type: 'usage'; key: string };

/** Console spellings that differ from the engine's command names. */
const ALIASES: Record<string, Command> = {
  quit: 'cancel',
  add: 'add_website',
  remove: 'remove_website',
  docs: 'documents',
};

export function parseConsoleLine(line: string, question: QuestionMessage | undefined): ConsoleAction {
  const text = line.trim();
  if (text.startsWith('/')) return parseCommand(text.slice(1));
  if (question?.options && question.options.length > 0) {
    const choice = parseChoice(text, question);
    if (choice) return { type: 'input', input: choice };
  }
  return { type: 'input', input: { type: 'text', text: line } };
}

function parseCommand(body: string): ConsoleAction {
  const [name = '', ...args] = body.split(/\s+/).filter(Boolean);
  const lower = name.toLowerCase();
  if (lower === 'exit') return { type: 'quit' };
  if (lower === 'upload') return parseUpload(body.trim().slice(name.length).trim());
  if (lower === 'photo') {
    const path = unquote(body.trim().slice(name.length).trim());
    return path === '' ? { type: 'usage', key: 'console:photo.usage' } : { type: 'photo', path };
  }
  // Account commands belong to the registration step, which reads them from the text.
  // So do `/export` and `/delete` (issue 13), which the privacy step reads before the account step.
  if (
    lower === 'email' ||
    lower === 'resend' ||
    lower === 'refuse' ||
    lower === 'export' ||
    lower === 'delete'
  )
    return { type: 'input', input: { type: 'text', text: `/${body}` } };
  const command = (COMMANDS as readonly string[]).includes(lower) ? (lower as Command) : ALIASES[lower];
  if (!command) return { type: 'usage', key: 'console:unknownCommand' };
  const arg = args.join(' ');
  return { type: 'input', input: { type: 'command', command, ...(arg ? { arg } : {}) } };
}

/**
 * `/upload <kind> [website number] [pre-approval type] <path>`: the path is the rest of the line,
 * so a path with spaces works as typed, quoted ('…' or "…", as a terminal's drag and drop gives
 * it) or with backslash-escaped spaces. A pre-approval type is read only for `pre_approval`.
 */
function parseUpload(rest: string): ConsoleAction {
  const words = rest.split(/\s+/);
  const kind = words[0] ?? '';
  let remaining = rest.slice(kind.length).trimStart();
  const upload: UploadCommand = { kind, path: '' };
  const number = /^(\d+)\s+/.exec(remaining);
  if (number) {
    upload.websiteIndex = Number(number[1]) - 1;
    remaining = remaining.slice(number[0].length);
  }
  const type = kind === 'pre_approval' ? /^([a-z_]+)\s+/.exec(remaining) : null;
  if (type) {
    upload.preApprovalType = type[1]!;
    remaining = remaining.slice(type[0].length);
  }
  upload.path = unquote(remaining.trim());
  if (kind === '' || upload.path === '') return { type: 'usage', key: 'console:uploadUsage' };
  if (upload.websiteIndex !== undefined && upload.websiteIndex < 0) {
    return { type: 'usage', key: 'console:uploadUsage' };
  }
  return { type: 'upload', upload };
}

function unquote(path: string): string {
  const quoted = /^(['"])(.*)\1$/.exec(path);
  return quoted ? quoted[2]! : path.replace(/\\ /g, ' ');
}

function parseChoice(text: string, q: QuestionMessage): EngineInput | undefined {
  const options = q.options ?? [];
  const lower = text.toLowerCase();
  if (q.page && (lower === 'n' || lower === '>') && q.page.index < q.page.count - 1) {
    return { type: 'page', token: q.token, page: q.page.index + 1 };
  }
  if (q.page && (lower === 'p' || lower === '<') && q.page.index > 0) {
    return { type: 'page', token: q.token, page: q.page.index - 1 };
  }
  if (q.multi && (text === '0' || lower === 'done' || text === '完成'))
    return { type: 'done', token: q.token };
  if (!/^\d+$/.test(text)) return undefined;
  const option = options[Number(text) - 1];
  if (!option) return undefined;
  return q.multi
    ? { type: 'toggle', token: q.token, value: option.value }
    : { type: 'choice', token: q.token, value: option.value };
}

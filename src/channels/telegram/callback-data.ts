/**
 * Inline-button payloads. Telegram allows 64 bytes of callback data, so a button carries only
 * `t:<token>:<action>:<value>`: the question token the engine issued (so a press on an old
 * message is recognised as stale), a one-letter action and a short value (an option index, a page
 * number, a document kind). Everything else stays server-side in the conversation state.
 */
export const CALLBACK_DATA_MAX_BYTES = 64;

export type CallbackAction =
  /** choose option <index> of a single-choice question */
  | 'o'
  /** tick or untick option <index> of a multi-choice question */
  | 'x'
  /** finish a multi-choice question */
  | 'd'
  /** show page <n> of a paged list */
  | 'p'
  /** skip an optional question */
  | 's'
  /** the next photo or file is document kind <value> */
  | 'k'
  /** switch the language to <value> */
  | 'l';

const ACTIONS: readonly string[] = ['o', 'x', 'd', 'p', 's', 'k', 'l'];

export interface CallbackData {
  token: string;
  action: CallbackAction;
  value: string;
}

/** Throws on a payload that does not fit: that is a bug in the caller (a token or value too long), not user input. */
export function encodeCallbackData({ token, action, value }: CallbackData): string {
  if (token.includes(':')) throw new Error('callback token must not contain ":"');
  const data = `t:${token}:${action}:${value}`;
  if (Buffer.byteLength(data, 'utf8') > CALLBACK_DATA_MAX_BYTES) {
    throw new Error(`callback data over ${CALLBACK_DATA_MAX_BYTES} bytes (action ${action})`);
  }
  return data;
}

/** Anything not made by `encodeCallbackData` (an old format, a forged press) comes back undefined. */
export function decodeCallbackData(data: string | undefined): CallbackData | undefined {
  if (!data || Buffer.byteLength(data, 'utf8') > CALLBACK_DATA_MAX_BYTES) return undefined;
  const match = /^t:([^:]*):([a-z]):(.*)$/s.exec(data);
  if (!match || !ACTIONS.includes(match[2]!)) return undefined;
  return { token: match[1]!, action: match[2] as CallbackAction, value: match[3]! };
}

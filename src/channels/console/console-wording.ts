/**
 * Texts the core words for channels with buttons, and the console's own wording for them: the
 * console shows numbered options, so it never asks to press a button (issue 17 item 10).
 */
import type { Text } from '../../i18n/index.ts';

const CONSOLE_WORDING: Readonly<Record<string, string>> = {
  'privacy:consent.choose': 'console:wording.consentChoose',
  'conversation:stale': 'console:wording.stale',
};

export function consoleWording(text: Text): Text {
  const own = CONSOLE_WORDING[text.key];
  return own ? { ...text, key: own } : text;
}

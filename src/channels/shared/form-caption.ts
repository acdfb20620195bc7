/** What the chat says with a printable form, and when it could not be made or sent. */
import type { Outgoing } from '../../conversation/types.ts';
import { type Lang, t } from '../../i18n/index.ts';

type FormMessage = Extract<Outgoing, { type: 'form' }>;

export function formTitle(lang: Lang, message: FormMessage): string {
  return t(lang, `documents:kinds.${message.document}`);
}

/** Organisations stamp their seal as well as signing. */
export function formCaption(lang: Lang, message: FormMessage): string {
  const sponsor = message.filing.sponsor as { nature?: unknown } | undefined;
  const stamp = sponsor?.nature === 'individual' ? '' : t(lang, 'forms:chat.stamp');
  return t(lang, 'forms:chat.caption', { title: formTitle(lang, message), stamp });
}

export function formFailedText(lang: Lang, message: FormMessage): string {
  return t(lang, 'forms:chat.failed', { title: formTitle(lang, message) });
}

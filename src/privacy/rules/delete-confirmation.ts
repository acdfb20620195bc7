/**
 * The `/delete` confirmation: what goes, what must stay (and why), then two buttons. Pure: the
 * service says which filings keep the legal minimum.
 */
import type { Outgoing, QuestionMessage } from '../../conversation/types.ts';
import type { Text } from '../../i18n/index.ts';

export const DELETE_FIELD_ID = '@privacy_delete';
/** Fixed: a press is checked against the chat's account at the time, not against the token. */
export const DELETE_TOKEN = 'pdel';

export function isDeleteToken(token: string): boolean {
  return token === DELETE_TOKEN;
}

export interface KeptFiling {
  /** The first domain, or the sponsor's name: how the applicant recognises the filing. */
  label: string;
}

export function keptTexts(kept: readonly KeptFiling[]): Text[] {
  if (kept.length === 0) return [];
  return [
    { key: 'privacy:delete.kept', params: { filings: kept.map((k) => k.label).join(', ') } },
    { key: 'privacy:delete.kept_what' },
  ];
}

export function deleteConfirmation(kept: readonly KeptFiling[]): Outgoing[] {
  const question: QuestionMessage = {
    type: 'question',
    token: DELETE_TOKEN,
    fieldId: DELETE_FIELD_ID,
    path: '',
    section: 'flow',
    title: { key: 'privacy:delete.title' },
    help: { key: 'privacy:delete.confirm_help' },
    kind: 'choice',
    options: [
      { value: 'confirm', label: { key: 'privacy:delete.confirm' } },
      { value: 'keep', label: { key: 'privacy:delete.cancel' } },
    ],
    skippable: false,
    progress: { answered: 0, total: 0 },
  };
  return [{ type: 'notice', texts: [{ key: 'privacy:delete.what_goes' }, ...keptTexts(kept)] }, question];
}

export function erasedMessages(kept: readonly KeptFiling[]): Outgoing[] {
  return [{ type: 'notice', texts: [{ key: 'privacy:delete.done' }, ...keptTexts(kept)] }];
}

/** `/export`, `/delete` (Telegram may add `@botname`), as typed or as the console passes them on. */
export function privacyCommandOf(text: string): 'export' | 'delete' | undefined {
  const match = /^\/(export|delete)(?:@\w+)?\s*$/i.exec(text.trim());
  return match ? (match[1]!.toLowerCase() as 'export' | 'delete') : undefined;
}

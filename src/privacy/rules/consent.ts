/**
 * Consent before collection (PIPL arts. 14, 17, 29): what the applicant is told before the first
 * question that collects personal data, and the separate consent for the sensitive part (ID numbers
 * and ID photos). Pure: the texts are locale keys, the decision a function of the recorded rows.
 *
 * The texts live in locales/<lang>/privacy.json under `consent.*`. Any change of their wording must
 * bump CONSENT_VERSION (a test pins a fingerprint of the texts to this number): every chat is then
 * asked again at its next message, since what it agreed to is no longer what is shown.
 */
import type { QuestionMessage } from '../../conversation/types.ts';
import type { Text } from '../../i18n/index.ts';

export const CONSENT_VERSION = 1;

export type ConsentScope = 'general' | 'sensitive';
export type ConsentDecision = 'agreed' | 'refused';

export interface ConsentRecord {
  scope: ConsentScope;
  decision: ConsentDecision;
  version: number;
}

/** Where a chat stands: both consents of the current version given, or the next one to ask. */
export type ConsentStanding = { kind: 'given' } | { kind: 'ask'; scope: ConsentScope };

/** Records oldest first; only the latest decision per scope at the current version counts. */
export function consentStanding(
  records: readonly ConsentRecord[],
  version = CONSENT_VERSION,
): ConsentStanding {
  const latest = new Map<ConsentScope, ConsentDecision>();
  for (const record of records) if (record.version === version) latest.set(record.scope, record.decision);
  if (latest.get('general') !== 'agreed') return { kind: 'ask', scope: 'general' };
  if (latest.get('sensitive') !== 'agreed') return { kind: 'ask', scope: 'sensitive' };
  return { kind: 'given' };
}

export const CONSENT_FIELD_ID = '@privacy_consent';
/** Engine tokens start with `q`, interview tokens with `iv`: `pc` never collides with either. */
const PREFIX = 'pc';

export function consentToken(scope: ConsentScope, version = CONSENT_VERSION): string {
  return `${PREFIX}${version}${scope === 'general' ? 'g' : 's'}`;
}

export function isConsentToken(token: string): boolean {
  return token.startsWith(PREFIX);
}

/** The scope a token asks about; undefined for a token of another version (a stale button) or a forged one. */
export function scopeOfConsentToken(token: string, version = CONSENT_VERSION): ConsentScope | undefined {
  if (token === consentToken('general', version)) return 'general';
  if (token === consentToken('sensitive', version)) return 'sensitive';
  return undefined;
}

const AGREE_WORDS = new Set(['agree', 'i agree', 'yes', 'y', '同意', '我同意', '是']);
const REFUSE_WORDS = new Set([
  'disagree',
  'i do not agree',
  "i don't agree",
  'no',
  'n',
  '不同意',
  '我不同意',
  '否',
]);

/** A typed answer to the consent question (the console types numbers, which arrive as choices). */
export function typedDecision(text: string): ConsentDecision | undefined {
  const word = text
    .trim()
    .toLowerCase()
    .replace(/[.!。！]+$/u, '');
  if (AGREE_WORDS.has(word)) return 'agreed';
  if (REFUSE_WORDS.has(word)) return 'refused';
  return undefined;
}

/** How long things are kept, as the general text states it (from DRAFT_/DOCUMENT_RETENTION_DAYS). */
export interface RetentionDays {
  draftDays: number;
  documentDays: number;
}

export function consentQuestion(
  scope: ConsentScope,
  retention: RetentionDays,
  version = CONSENT_VERSION,
): QuestionMessage {
  return {
    type: 'question',
    token: consentToken(scope, version),
    fieldId: CONSENT_FIELD_ID,
    path: '',
    section: 'flow',
    title: { key: `privacy:consent.${scope}.title` },
    help: {
      key: `privacy:consent.${scope}.body`,
      ...(scope === 'general'
        ? { params: { draftDays: retention.draftDays, documentDays: retention.documentDays } }
        : {}),
    },
    kind: 'choice',
    options: [
      { value: 'agreed', label: { key: 'privacy:consent.agree' } },
      { value: 'refused', label: { key: 'privacy:consent.refuse' } },
    ],
    skippable: false,
    progress: { answered: 0, total: 0 },
  };
}

export function refusedText(): Text {
  return { key: 'privacy:consent.refused' };
}

/** Every locale key whose wording the consent covers (the version's fingerprint is taken over these). */
export const CONSENT_TEXT_KEYS: readonly string[] = [
  'privacy:consent.general.title',
  'privacy:consent.general.body',
  'privacy:consent.sensitive.title',
  'privacy:consent.sensitive.body',
];

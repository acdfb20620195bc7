/**
 * The interview choice asked in the applicant's chat with the first-review ping. It is not an
 * engine question (the conversation is over once the filing is submitted), so its token names the
 * filing instead of the engine's counter: `iv` + the filing id without dashes. The applicant
 * front recognises the prefix and records the choice through the staff service; the engine never
 * sees these presses. Engine tokens start with `q`, so the two never collide.
 */
import type { QuestionMessage } from '../conversation/types.ts';
import type { Text } from '../i18n/index.ts';
import { INTERVIEW_OPTIONS } from '../review/review-state.ts';
import { interviewChoice, interviewOptionLabel } from '../review/status-message.ts';

export const INTERVIEW_FIELD_ID = '@interview';
const PREFIX = 'iv';
const HEX_ID = /^[0-9a-f]{32}$/;

export function interviewToken(filingId: string): string {
  return `${PREFIX}${filingId.replace(/-/g, '').toLowerCase()}`;
}

/** True for every token of this question, well-formed or not (a forged one must not reach the engine). */
export function isInterviewToken(token: string): boolean {
  return token.startsWith(PREFIX);
}

/** The filing id carried by an interview token; undefined for a malformed one. */
export function filingIdOfInterviewToken(token: string): string | undefined {
  const hex = token.slice(PREFIX.length);
  if (!isInterviewToken(token) || !HEX_ID.test(hex)) return undefined;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function interviewQuestion(filingId: string): QuestionMessage {
  return {
    type: 'question',
    token: interviewToken(filingId),
    fieldId: INTERVIEW_FIELD_ID,
    path: '',
    section: 'flow',
    title: { key: 'notify:interview.question' },
    help: { key: 'notify:interview.help' },
    kind: 'choice',
    options: INTERVIEW_OPTIONS.map((option) => ({ value: option, label: interviewOptionLabel(option) })),
    skippable: false,
    progress: { answered: 0, total: 0 },
  };
}

/**
 * A first-review ping delivered after the choice was settled (the app was down, staff recorded the
 * interview meanwhile) keeps its news but no longer asks: the "please choose" lines are dropped.
 */
export function withoutInterviewChoice(texts: readonly Text[]): Text[] {
  const asking = new Set(interviewChoice().map((text) => text.key));
  return texts.filter((text) => !asking.has(text.key));
}

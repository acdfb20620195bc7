import type { DocumentReading } from '../documents/reading/document-reading.ts';
import type { PrintableForm } from '../filing/printable-forms.ts';
import type { Text } from '../i18n/index.ts';
import type { ActionType, ReviewAction } from '../review/actions.ts';
import type { FilingEta, StageAge } from '../review/eta.ts';
import type { ReviewState } from '../review/review-state.ts';
import type { ReviewStatus } from '../review/stages.ts';
import type { ReviewEvent } from '../review/workflow.ts';

/** What staff may do; submitting and resubmitting belong to the applicant (`onSubmitted`). */
export type StaffAction = Exclude<ReviewAction, { type: 'submit' | 'resubmit' }>;
export type StaffActionType = StaffAction['type'];

/**
 * A refusal. `code` is stable (`staff.not_staff`, `staff.already_handled`, `review.*`,
 * `icp_number.*`); `text` is how to say it (rendered by the channel in the staff member's language).
 */
export interface StaffProblem {
  code: string;
  params: Record<string, string | number>;
  text: Text;
}

export type StaffResult<T> = { ok: true; value: T } | { ok: false; problem: StaffProblem };

/** One line of a filing's details: a field label and its value as shown to staff. */
export interface DetailLine {
  path: string;
  section: string;
  websiteIndex?: number;
  label: Text;
  /** Already a string for plain answers; labels of choices stay Texts until rendered. */
  value: string | Text | { zh: string; en: string } | Array<Text | { zh: string; en: string }>;
}

export interface StaffDocument {
  id: string;
  kind: string;
  contentType: string;
  size: number;
  /** What was read on it (licence QR, OCR) and how it compares with the answers. */
  reading?: DocumentReading;
}

/** Everything a staff surface shows about a filing (Slack message, App Home, `icp staff show`). */
export interface StaffFilingView {
  id: string;
  version: number;
  applicantId: string;
  status: ReviewStatus;
  sponsorName: string | null;
  sponsorProvince: string;
  domains: string[];
  icpNumber: string | null;
  claimedBy: string | null;
  submittedAt: string | null;
  stageDueAt: string | null;
  dueIsEstimate: boolean;
  age: StageAge | undefined;
  overdue: boolean;
  eta: FilingEta | undefined;
  /** Only the actions valid now (the buttons to show). */
  actions: StaffActionType[];
  review: ReviewState;
  /** Field paths and labels of the filing (for "request changes" pickers). */
  details: DetailLine[];
  documents: StaffDocument[];
  /** The printable forms this filing needs (staff may make them from the filing). */
  forms: PrintableForm[];
  slackChannel: string | null;
  slackTs: string | null;
}

export interface ActOutcome {
  filing: StaffFilingView;
  event: ReviewEvent;
  /** Staff-facing one-liner for the Slack thread and the CLI. */
  logText: Text;
  /** The queued `slack_update` row when the caller said it updates Slack itself (mark it sent after). */
  slackUpdateId: bigint | null;
}

export type { ActionType };

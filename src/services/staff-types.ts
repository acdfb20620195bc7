import type { DocumentReading } from '../documents/reading/document-reading.ts';
import type { FilingType } from '../filing/enums.ts';
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

/** One corrected field of a change order: the approved value beside the new one (IDs masked like the details). */
export interface ChangeLine {
  path: string;
  websiteIndex?: number;
  label: Text;
  before: DetailLine['value'];
  after: DetailLine['value'];
  /** Inside a section the applicant declared in `changedSections`; false = changed without saying so. */
  declared: boolean;
}

/** What a change order changes against the filing approved here (if this provider holds it). */
export interface ChangeView {
  /** The approved filing the change refers to; null when it was filed elsewhere (only new values shown). */
  previousFilingId: string | null;
  lines: ChangeLine[];
}

/** Everything a staff surface shows about a filing (Slack message, App Home, `icp staff show`). */
export interface StaffFilingView {
  id: string;
  version: number;
  applicantId: string;
  status: ReviewStatus;
  sponsorName: string | null;
  sponsorProvince: string;
  /** The order (首次备案, 变更备案, 注销网站…): decides the stages and what staff check. */
  filingType: FilingType;
  domains: string[];
  /** The number issued here on approval (null before). */
  icpNumber: string | null;
  /**
   * The ICP number an order on an existing filing refers to (and its websites' numbers), as the
   * applicant gave it: staff look it up on the MIIT public query site.
   */
  orderIcpNumber: string | null;
  orderWebsiteIcpNumbers: string[];
  /** Only for a change order viewed on its own (not in queue lists). */
  change?: ChangeView;
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

import type { FilingType } from '../filing/enums.ts';
import type { ActionType } from './actions.ts';
import type { InterviewOption } from './interview-options.ts';
import type { ReviewStatus } from './stages.ts';

export { INTERVIEW_OPTIONS, type InterviewOption, isInterviewOption } from './interview-options.ts';

/** One stay in one status. Times are ISO strings so the whole state is plain JSON. */
export interface StageEntry {
  status: ReviewStatus;
  startedAt: string;
  /** Deadline of the stage; null when it has none (waiting for the applicant). */
  dueAt: string | null;
  dueIsEstimate: boolean;
  endedAt: string | null;
  /** The action that ended the stage. */
  endedBy: ActionType | null;
}

export interface RequestedChanges {
  /** Document paths of the fields to fix, e.g. `websites.0.domains`. */
  fields: string[];
  /** Kinds of the documents to upload again, e.g. `id_card_front`. */
  documents: string[];
  reason: string;
  requestedAt: string;
  requestedBy: string;
  /** The stage that asked for the changes. */
  fromStatus: ReviewStatus;
}

export interface InterviewRecord {
  option: InterviewOption | null;
  chosenAt: string | null;
  outcome: 'passed' | 'failed' | null;
  recordedAt: string | null;
  recordedBy: string | null;
  note: string | null;
}

export interface Rejection {
  reason: string;
  /** The provider's staff, or the provincial administration (管局). */
  by: 'provider' | 'administration';
  atStatus: ReviewStatus;
  at: string;
}

/** The review of one filing: stored as JSON by the persistence layer, changed only by applyAction. */
export interface ReviewState {
  schemaVersion: 1;
  status: ReviewStatus;
  /**
   * The order under review, recorded at each (re)submission: it decides the stages (see
   * order-stages.ts). Absent in reviews stored before orders existed, which were first filings.
   */
  filingType?: FilingType;
  stageStartedAt: string | null;
  stageDueAt: string | null;
  dueIsEstimate: boolean;
  submittedAt: string | null;
  claimedBy: string | null;
  claimedAt: string | null;
  history: StageEntry[];
  /** The latest request; kept after resubmission so the next reviewer sees what was asked. */
  requestedChanges: RequestedChanges | null;
  changeRounds: number;
  interview: InterviewRecord | null;
  /** MIIT SMS windows the principals let expire. */
  smsMisses: number;
  icpNumber: string | null;
  websiteIcpNumbers: string[];
  rejection: Rejection | null;
}

/**
 * The applicant still has to choose how to do the interview: the filing waits at the interview
 * and nobody (the applicant's press or staff recording it) has settled it yet.
 */
export function awaitsInterviewChoice(review: Pick<ReviewState, 'status' | 'interview'>): boolean {
  return review.status === 'interview' && !review.interview?.option && !review.interview?.outcome;
}

export function createReview(): ReviewState {
  return {
    schemaVersion: 1,
    status: 'draft',
    stageStartedAt: null,
    stageDueAt: null,
    dueIsEstimate: false,
    submittedAt: null,
    claimedBy: null,
    claimedAt: null,
    history: [],
    requestedChanges: null,
    changeRounds: 0,
    interview: null,
    smsMisses: 0,
    icpNumber: null,
    websiteIcpNumbers: [],
    rejection: null,
  };
}

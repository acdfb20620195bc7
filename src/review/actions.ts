import type { InterviewOption } from './interview-options.ts';
import type { ReviewStatus } from './stages.ts';

export type ReviewAction =
  | { type: 'submit' }
  /** Not a status change: records who is working on the filing. */
  | { type: 'claim'; staffId: string }
  | { type: 'unclaim' }
  | { type: 'approve_first_review' }
  | { type: 'request_changes'; fields: string[]; documents: string[]; reason: string }
  | { type: 'resubmit' }
  /** Not a status change: the applicant's pick, which staff may also record after a call. */
  | { type: 'choose_interview'; option: InterviewOption }
  | {
      type: 'record_interview';
      outcome: 'passed' | 'failed';
      option?: InterviewOption;
      reason?: string;
      note?: string;
    }
  | { type: 'approve_second_review' }
  | { type: 'submitted_to_miit' }
  | { type: 'sms_verified' }
  | { type: 'sms_expired' }
  | { type: 'approve'; icpNumber: string }
  /** The provider rejects the filing (first review, interview or second review). */
  | { type: 'reject'; reason: string }
  | { type: 'administration_reject'; reason: string };

export type ActionType = ReviewAction['type'];

export type ActorKind = 'staff' | 'applicant' | 'system';
export interface Actor {
  kind: ActorKind;
  id: string;
}

/** Which statuses each action may be taken from. `claim`/`unclaim` work in every active status. */
export const ALLOWED_FROM: Readonly<
  Record<Exclude<ActionType, 'claim' | 'unclaim'>, readonly ReviewStatus[]>
> = {
  submit: ['draft'],
  approve_first_review: ['first_review'],
  // Problems found later in the provider's review also go back to the applicant, then to first review.
  request_changes: ['first_review', 'interview', 'second_review'],
  resubmit: ['changes_requested'],
  choose_interview: ['interview'],
  record_interview: ['interview'],
  approve_second_review: ['second_review'],
  submitted_to_miit: ['submitted_to_miit'],
  sms_verified: ['miit_sms_check'],
  sms_expired: ['miit_sms_check'],
  approve: ['administration_review'],
  reject: ['first_review', 'interview', 'second_review'],
  administration_reject: ['administration_review'],
};

/**
 * Who may take each action. The applicant submits, resubmits and picks the interview (staff may
 * record a pick made by phone); the MIIT outcomes can come from a scheduler (system) or from staff
 * who looked them up; everything else is a staff decision.
 */
export const ALLOWED_ACTORS: Readonly<Record<ActionType, readonly ActorKind[]>> = {
  submit: ['applicant', 'system'],
  resubmit: ['applicant', 'system'],
  choose_interview: ['applicant', 'staff'],
  claim: ['staff'],
  unclaim: ['staff'],
  approve_first_review: ['staff'],
  request_changes: ['staff'],
  record_interview: ['staff'],
  approve_second_review: ['staff'],
  submitted_to_miit: ['staff'],
  sms_verified: ['staff', 'system'],
  sms_expired: ['staff', 'system'],
  approve: ['staff'],
  reject: ['staff'],
  administration_reject: ['staff'],
};

export const ACTION_TYPES = Object.keys(ALLOWED_ACTORS) as ActionType[];

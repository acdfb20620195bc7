/**
 * How the applicant wants the identity interview (seed Step II). A file of its own because both
 * the actions and the review state name it; review-state.ts re-exports it for its callers.
 */
export const INTERVIEW_OPTIONS = ['beijing_office', 'shanghai_office', 'phone'] as const;
export type InterviewOption = (typeof INTERVIEW_OPTIONS)[number];

export function isInterviewOption(value: string): value is InterviewOption {
  return (INTERVIEW_OPTIONS as readonly string[]).includes(value);
}

/** The review workflow's public surface: pure, no I/O; the clock and the calendar are injected. */
export {
  ACTION_TYPES,
  type ActionType,
  type Actor,
  type ActorKind,
  ALLOWED_ACTORS,
  ALLOWED_FROM,
  type ReviewAction,
} from './actions.ts';
export { chineseWorkingDayCalendar } from './chinese-days-source.ts';
export {
  type EtaContext,
  expectedByText,
  type FilingEta,
  filingEta,
  type StageAge,
  stageAge,
  stageAgeText,
  stageDueText,
} from './eta.ts';
export { checkIcpNumber, type IcpNumber, parseIcpNumber, websiteIcpNumbers } from './icp-number.ts';
export { administrationReviewDays, icpAbbreviation, LEGAL_MAX_ADMINISTRATION_DAYS } from './provinces.ts';
export {
  createReview,
  INTERVIEW_OPTIONS,
  type InterviewOption,
  type InterviewRecord,
  type Rejection,
  type RequestedChanges,
  type ReviewState,
  type StageEntry,
} from './review-state.ts';
export {
  ACTIVE_STATUSES,
  PIPELINE,
  REVIEW_STATUSES,
  type ReviewStatus,
  stageDue,
  stageDuration,
  TERMINAL_STATUSES,
} from './stages.ts';
export {
  etaTexts,
  eventLogText,
  historyTexts,
  interviewChoice,
  interviewOptionLabel,
  type MessageOptions,
  MIIT_BEIAN_URL,
  PROGRESS_SEPARATOR,
  progressLine,
  statusMessage,
} from './status-message.ts';
export {
  type ApplyResult,
  applyAction,
  availableActions,
  type ReviewEvent,
  type ReviewProblem,
  type WorkflowContext,
} from './workflow.ts';
export {
  createWorkingDayCalendar,
  type DaySource,
  OFFICE_HOURS,
  type WorkingDayCalendar,
} from './working-days.ts';

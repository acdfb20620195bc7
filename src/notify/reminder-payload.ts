import type { Text } from '../i18n/index.ts';

/** Rows of topic `reminder`: delivered like a status ping (chat, and email when verified). */
export const REMINDER_TOPIC = 'reminder';
/** An overdue stage, for staff: H's Slack publisher refreshes the message and notes it in the thread. */
export { SLACK_OVERDUE_TOPIC as SLACK_ALERT_TOPIC } from '../services/staff-outbox.ts';

/** `draft_retention`: the idle draft will be erased (issue 13, src/privacy/retention-sweep.ts). */
export type ReminderKind = 'draft_idle' | 'miit_sms' | 'address_move' | 'draft_retention';

export interface ReminderPayload {
  applicantId: string;
  kind: ReminderKind;
  filingId?: string;
  texts: Text[];
  /** Subject of the reminder mail. */
  subject: Text;
}

export interface OverdueAlertPayload {
  filingId: string;
  status: string;
  stageStartedAt: string;
  stageDueAt: string;
  /** Staff-facing line (SlackTriagePayload.logText). */
  logText: Text;
}

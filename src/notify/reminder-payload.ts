import type { Text } from '../i18n/index.ts';

/** Rows of topic `reminder`: delivered like a status ping (chat, and email when verified). */
export const REMINDER_TOPIC = 'reminder';
/** Rows of topic `slack_alert`: an overdue stage, for staff. */
export const SLACK_ALERT_TOPIC = 'slack_alert';

export type ReminderKind = 'draft_idle' | 'miit_sms';

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
  /** Staff-facing line (the Slack publisher renders it). */
  text: Text;
}

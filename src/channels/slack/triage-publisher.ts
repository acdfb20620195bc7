/**
 * Posts and updates triage messages. The notify worker calls `deliver` for `slack_triage` and
 * `slack_update` outbox rows; the Slack handlers call `afterAction` right after a button so staff
 * see the result at once. Both re-read the filing, so a late or repeated delivery shows the
 * current state, never an old one.
 */
import type { webApi } from '@slack/bolt';
import type { Lang, Text } from '../../i18n/index.ts';
import {
  SLACK_OVERDUE_TOPIC,
  SLACK_UPDATE_TOPIC,
  type SlackTriagePayload,
} from '../../services/staff-outbox.ts';
import type { StaffService } from '../../services/staff-service.ts';
import type { StaffFilingView } from '../../services/staff-types.ts';
import { translator } from './slack-text.ts';
import { threadNote, triageMessage } from './triage-message.ts';

export interface SlackTriagePublisher {
  /**
   * For the notify worker: one outbox row of topic `slack_triage`, `slack_update` or
   * `slack_overdue` (the SLA timer's alert: the message is refreshed and the thread told).
   */
  deliver(topic: string, payload: SlackTriagePayload): Promise<void>;
  /** Posts the filing's message, or updates it in place when it exists; returns where it is. */
  upsert(filingId: string): Promise<{ channel: string; ts: string } | undefined>;
  /** The same for a view the caller already has. */
  refresh(view: StaffFilingView): Promise<{ channel: string; ts: string }>;
  /** Updates the message and notes the action in its thread. */
  afterAction(view: StaffFilingView, logText: Text, at: string): Promise<void>;
}

export interface PublisherDeps {
  client: webApi.WebClient;
  /** SLACK_TRIAGE_CHANNEL: where new triage messages go. */
  channel: string;
  staffService: StaffService;
  lang: Lang;
}

export function createSlackTriagePublisher(deps: PublisherDeps): SlackTriagePublisher {
  const { client, staffService } = deps;
  const tr = translator(deps.lang);

  async function render(view: StaffFilingView): Promise<{ channel: string; ts: string }> {
    const message = triageMessage(view, deps.lang);
    if (view.slackChannel && view.slackTs) {
      await client.chat.update({ channel: view.slackChannel, ts: view.slackTs, ...message });
      return { channel: view.slackChannel, ts: view.slackTs };
    }
    const posted = await client.chat.postMessage({ channel: deps.channel, ...message, unfurl_links: false });
    if (!posted.channel || !posted.ts) throw new Error('chat.postMessage returned no channel/ts');
    const ref = { channel: posted.channel, ts: posted.ts };
    await staffService.recordSlackMessage(view.id, ref);
    return ref;
  }

  async function note(ref: { channel: string; ts: string }, logText: Text, at: string | undefined) {
    await client.chat.postMessage({
      channel: ref.channel,
      thread_ts: ref.ts,
      text: threadNote(logText, at, tr),
    });
  }

  async function upsert(filingId: string) {
    const view = await staffService.show(filingId, { unmask: false });
    return view ? render(view) : undefined;
  }

  return {
    upsert,
    refresh: render,
    async deliver(topic, payload) {
      const view = await staffService.show(payload.filingId, { unmask: false });
      if (!view) return;
      const ref = await render(view);
      if (topic === SLACK_UPDATE_TOPIC && payload.logText) await note(ref, payload.logText, payload.at);
      // The stage may have moved on between the timer and the delivery: then there is nothing to say.
      if (topic === SLACK_OVERDUE_TOPIC && view.overdue) {
        await note(ref, { key: 'slack:thread.overdue', params: { stage: view.status } }, undefined);
      }
    },
    async afterAction(view, logText, at) {
      await note(await render(view), logText, at);
    },
  };
}

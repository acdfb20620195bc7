/**
 * Runs the real Bolt app (HTTP mode) against the fake Slack Web API and a test database, and
 * sends it requests signed the way Slack signs them (v0, HMAC-SHA256 of `v0:<ts>:<body>`).
 */
import { createHmac } from 'node:crypto';
import pino from 'pino';
import { type SlackHandle, startSlack } from '../../../src/channels/slack/slack-app.ts';
import type { Database } from '../../../src/db/database.ts';
import { markOutboxSent, pendingOutbox } from '../../../src/db/outbox.ts';
import { createFormMaker } from '../../../src/documents/forms/form-maker.ts';
import { chineseWorkingDayCalendar } from '../../../src/review/chinese-days-source.ts';
import type { SlackTriagePayload } from '../../../src/services/staff-outbox.ts';
import type { StaffService } from '../../../src/services/staff-service.ts';
import { createStaffService } from '../../../src/services/staff-service.ts';
import { clock, draftFiling, recordingBlobStore, sh } from '../../services/staff-fixtures.ts';
import { openTestDatabase, type TestDatabase } from '../../support/db.ts';
import { FakeSlackApi, type Json, type StoredMessage } from '../../support/fake-slack-api.ts';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const CHANNEL = 'C_TRIAGE';
export const STAFF = ['U_STAFF1', 'U_STAFF2'];

export interface Harness {
  db: TestDatabase;
  slack: FakeSlackApi;
  app: SlackHandle;
  staff: StaffService;
  blobStore: ReturnType<typeof recordingBlobStore>;
  time: ReturnType<typeof clock>;
  close(): Promise<void>;
}

/** What a signed request needs: the app's Slack port and the fake's URL (for response_url). */
export interface SlackTarget {
  app: Pick<SlackHandle, 'port'>;
  slack: Pick<FakeSlackApi, 'url'>;
}

export async function startHarness(): Promise<Harness> {
  const db = await openTestDatabase('pglite');
  const slack = await new FakeSlackApi().start();
  const time = clock(sh('2026-03-02T10:00:00'));
  const blobStore = recordingBlobStore();
  const staff = createStaffService({
    db,
    calendar: chineseWorkingDayCalendar(),
    now: time.now,
    staffIds: STAFF,
    blobStore,
  });
  const app = await startSlack({
    config: {
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_APP_TOKEN: undefined,
      SLACK_API_URL: slack.url,
      SLACK_TRIAGE_CHANNEL: CHANNEL,
      PORT: 3000,
    },
    staffService: staff,
    logger: pino({ level: 'silent' }),
    lang: 'en',
    port: 0,
    host: '127.0.0.1',
    forms: createFormMaker({ providerName: 'Example Cloud', now: time.now }),
  });
  return {
    db,
    slack,
    app,
    staff,
    blobStore,
    time,
    close: async () => {
      await app.stop();
      await slack.stop();
      await db.close();
    },
  };
}

/** A submitted filing whose triage message is posted (as the notify worker would). */
export async function postedFiling(h: Harness) {
  const made = await draftFiling(h.db as Database, h.time.now());
  const submitted = await h.staff.onSubmitted(made.filing.id);
  if (!submitted.ok) throw new Error(submitted.problem.code);
  await deliverSlackRows(h, made.filing.id);
  const view = await h.staff.show(made.filing.id);
  if (!view?.slackTs) throw new Error('triage message not recorded');
  return { ...made, ts: view.slackTs };
}

/** Does what the notify worker does with the filing's Slack outbox rows: deliver, mark sent. */
export async function deliverSlackRows(h: Harness, filingId: string): Promise<void> {
  for (const row of await pendingOutbox(h.db.prisma, { orderKey: `slack:${filingId}` })) {
    await h.app.publisher.deliver(
      row.topic,
      h.db.pii.decryptPii(row.payload) as unknown as SlackTriagePayload,
    );
    await markOutboxSent(h.db.prisma, row.id, h.time.now());
  }
}

export interface SignOptions {
  /** Seconds since the epoch; default now. */
  timestamp?: number;
  secret?: string;
}

export function sign(body: string, options: SignOptions = {}) {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', options.secret ?? SIGNING_SECRET)
    .update(`v0:${timestamp}:${body}`)
    .digest('hex')}`;
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature };
}

export interface SlackResponse {
  status: number;
  body: string;
  json(): Json;
}

export async function send(h: SlackTarget, body: string, contentType: string, options: SignOptions = {}) {
  const res = await fetch(`http://127.0.0.1:${h.app.port}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...sign(body, options) },
    body,
  });
  const text = await res.text();
  return { status: res.status, body: text, json: () => (text ? (JSON.parse(text) as Json) : {}) };
}

/** An interactive payload (block_actions, view_submission) as Slack posts it: `payload=<json>`. */
export function interactive(h: SlackTarget, payload: Json, options: SignOptions = {}) {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return send(h, body, 'application/x-www-form-urlencoded', options);
}

export function slashCommand(h: SlackTarget, user: string, text: string) {
  const body = new URLSearchParams({
    token: 'legacy',
    team_id: 'T0001',
    channel_id: CHANNEL,
    user_id: user,
    command: '/icp',
    text,
    response_url: `${h.slack.url}respond`,
    trigger_id: 'trigger-cmd',
    api_app_id: 'A0001',
  }).toString();
  return send(h, body, 'application/x-www-form-urlencoded');
}

export function eventCallback(h: SlackTarget, event: Json) {
  const body = JSON.stringify({
    token: 'legacy',
    team_id: 'T0001',
    api_app_id: 'A0001',
    type: 'event_callback',
    event_id: `Ev${Date.now()}`,
    event_time: Math.floor(Date.now() / 1000),
    event,
  });
  return send(h, body, 'application/json');
}

/** The button with `actionId` in a stored message (undefined when the message does not offer it). */
export function findButton(message: StoredMessage | undefined, actionId: string): Json | undefined {
  for (const block of message?.blocks ?? []) {
    const elements = (block.elements as Json[] | undefined) ?? [];
    const accessory = block.accessory as Json | undefined;
    for (const element of [...elements, ...(accessory ? [accessory] : [])]) {
      if (element.type === 'button' && element.action_id === actionId) return element;
    }
  }
  return undefined;
}

export function buttonIds(message: StoredMessage | undefined): string[] {
  const block = message?.blocks.find((b) => b.type === 'actions');
  return ((block?.elements as Json[] | undefined) ?? []).map((e) => String(e.action_id));
}

/** A click on a triage message button, as Slack sends it. */
export function click(h: SlackTarget, user: string, ts: string, button: Json, options: SignOptions = {}) {
  return interactive(
    h,
    {
      type: 'block_actions',
      user: { id: user, username: user.toLowerCase(), team_id: 'T0001' },
      api_app_id: 'A0001',
      token: 'legacy',
      team: { id: 'T0001', domain: 'icp-test' },
      trigger_id: `trigger-${user}-${ts}`,
      container: { type: 'message', message_ts: ts, channel_id: CHANNEL, is_ephemeral: false },
      channel: { id: CHANNEL, name: 'icp-triage' },
      message: { type: 'message', ts, text: '' },
      response_url: `${h.slack.url}respond`,
      actions: [
        {
          type: 'button',
          action_id: button.action_id,
          block_id: 'icp_actions',
          value: button.value,
          text: button.text,
          action_ts: String(Date.now() / 1000),
        },
      ],
    },
    options,
  );
}

/** Submitting the dialog the app opened last, with these state values. */
export function submitModal(h: Pick<Harness, 'app' | 'slack'>, user: string, values: Json) {
  const opened = h.slack.callsOf('views.open').at(-1)?.view as Json | undefined;
  if (!opened) throw new Error('no dialog was opened');
  return interactive(h, {
    type: 'view_submission',
    user: { id: user, username: user.toLowerCase(), team_id: 'T0001' },
    team: { id: 'T0001', domain: 'icp-test' },
    api_app_id: 'A0001',
    token: 'legacy',
    trigger_id: 'trigger-view',
    view: {
      id: 'V0001',
      team_id: 'T0001',
      type: 'modal',
      callback_id: opened.callback_id,
      private_metadata: opened.private_metadata,
      blocks: opened.blocks,
      state: { values },
      hash: 'h',
      title: opened.title,
      close: null,
      submit: null,
      root_view_id: 'V0001',
      previous_view_id: null,
      app_id: 'A0001',
      bot_id: 'B0001',
      clear_on_close: false,
      notify_on_close: false,
    },
  });
}

export function plainValue(value: string) {
  return { value: { type: 'plain_text_input', value } };
}

/**
 * Slack's Socket Mode, driven end to end against a local WebSocket server that speaks the protocol
 * as Slack does: the app asks the Web API (`apps.connections.open`) for the socket URL, connects,
 * gets `hello`, then an `interactive` envelope carrying a Claim click; it must acknowledge the
 * envelope by its id and apply the claim (committed in the database; the message update follows
 * through the outbox, the worker's job).
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { type SlackHandle, startSlack } from '../../src/channels/slack/slack-app.ts';
import { chineseWorkingDayCalendar } from '../../src/review/chinese-days-source.ts';
import { createStaffService, type StaffService } from '../../src/services/staff-service.ts';
import { CHANNEL, findButton, type Harness, postedFiling, STAFF } from '../channels/slack/slack-harness.ts';
import { clock, recordingBlobStore, sh } from '../services/staff-fixtures.ts';
import { openTestDatabase, type TestDatabase } from '../support/db.ts';
import { FakeSlackApi } from '../support/fake-slack-api.ts';

let server: WebSocketServer;
let slack: FakeSlackApi;
let db: TestDatabase;
let staff: StaffService;
let app: SlackHandle;
let socket: WebSocket;
const received: Record<string, unknown>[] = [];
const time = clock(sh('2026-03-02T10:00:00'));

beforeAll(async () => {
  server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await once(server, 'listening');
  const connected = new Promise<WebSocket>((resolve) => {
    server.on('connection', (ws) => {
      ws.on('message', (data) => received.push(JSON.parse(String(data)) as Record<string, unknown>));
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0001' } }));
      resolve(ws);
    });
  });
  slack = await new FakeSlackApi().start();
  slack.socketModeUrl = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/link/?ticket=t1`;
  db = await openTestDatabase('pglite');
  staff = createStaffService({
    db,
    calendar: chineseWorkingDayCalendar(),
    now: time.now,
    staffIds: STAFF,
    blobStore: recordingBlobStore(),
  });
  app = await startSlack({
    config: {
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: undefined,
      SLACK_APP_TOKEN: 'xapp-test',
      SLACK_API_URL: slack.url,
      SLACK_TRIAGE_CHANNEL: CHANNEL,
      PORT: 3000,
    },
    staffService: staff,
    logger: pino({ level: 'silent' }),
    lang: 'en',
  });
  socket = await connected;
}, 120_000);

afterAll(async () => {
  await app?.stop();
  server?.close();
  await slack?.stop();
  await db?.close();
});

it('connects, takes a Claim click from an envelope, acknowledges it, and commits the claim', async () => {
  expect(app.mode).toBe('socket');
  expect(slack.callsOf('apps.connections.open')).toHaveLength(1);
  const h = {
    db,
    slack,
    app,
    staff,
    time,
    blobStore: recordingBlobStore(),
    close: async () => {},
  } as Harness;
  const { filing, ts } = await postedFiling(h);
  const button = findButton(slack.messages.get(ts), 'icp:act:claim');
  expect(button).toBeDefined();

  const envelopeId = 'env-claim-1';
  socket.send(
    JSON.stringify({
      envelope_id: envelopeId,
      type: 'interactive',
      accepts_response_payload: false,
      payload: {
        type: 'block_actions',
        user: { id: STAFF[0], username: 'staff1', team_id: 'T0001' },
        api_app_id: 'A0001',
        token: 'legacy',
        team: { id: 'T0001', domain: 'icp-test' },
        trigger_id: 'trigger-socket',
        container: { type: 'message', message_ts: ts, channel_id: CHANNEL, is_ephemeral: false },
        channel: { id: CHANNEL, name: 'icp-triage' },
        message: { type: 'message', ts, text: '' },
        response_url: `${slack.url}respond`,
        actions: [
          {
            type: 'button',
            action_id: button!.action_id,
            block_id: 'icp_actions',
            value: button!.value,
            text: button!.text,
            action_ts: String(Date.now() / 1000),
          },
        ],
      },
    }),
  );

  for (let i = 0; i < 100 && !received.some((m) => m.envelope_id === envelopeId); i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(received.find((m) => m.envelope_id === envelopeId)).toBeDefined();
  for (let i = 0; i < 100 && (await staff.show(filing.id))?.claimedBy !== STAFF[0]; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect((await staff.show(filing.id))?.claimedBy).toBe(STAFF[0]);
});

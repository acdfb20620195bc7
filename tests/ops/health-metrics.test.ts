/**
 * /healthz, /readyz and /metrics of a running app (startApp with Slack in HTTP mode over a test
 * database): on Slack's port, or /metrics on a port of its own; counters move with real requests,
 * the database figures are read at scrape time, and no label carries what a user typed.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../../src/app/start-app.ts';
import { loadConfig } from '../../src/config.ts';
import { type Harness, SIGNING_SECRET, STAFF, slashCommand } from '../channels/slack/slack-harness.ts';
import { draftFiling } from '../services/staff-fixtures.ts';
import { openTestDatabase, type TestDatabase } from '../support/db.ts';
import { FakeSlackApi } from '../support/fake-slack-api.ts';

let slack: FakeSlackApi;
let db: TestDatabase;
let app: RunningApp;

const get = async (port: number | undefined, path: string) => {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') ?? '' };
};

async function start(extra: { metricsListen?: { port: number; host: string }; lang?: string } = {}) {
  const config = loadConfig({
    ...(extra.lang ? { SLACK_LANG: extra.lang } : {}),
    DATA_DIR: db.dataDir,
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.url,
    SLACK_TRIAGE_CHANNEL: 'C_TRIAGE',
    SLACK_STAFF_USER_IDS: STAFF.join(','),
  });
  return startApp({
    config,
    logger: pino({ level: 'silent' }),
    database: db,
    roles: { slack: 'http', worker: true, console: false },
    slackListen: { port: 0, host: '127.0.0.1' },
    documentLinkListen: { port: 0, host: '127.0.0.1' },
    ...(extra.metricsListen ? { metricsListen: extra.metricsListen } : {}),
  });
}

beforeAll(async () => {
  slack = await new FakeSlackApi().start();
  db = await openTestDatabase('pglite', { onDisk: true });
  app = await start();
}, 120_000);

afterAll(async () => {
  await app?.stop('test end');
  await slack?.stop();
});

describe('on the Slack HTTP port', () => {
  it('answers /healthz and a ready /readyz with each check named', async () => {
    const port = app.handles.slack?.port;
    expect(await get(port, '/healthz')).toMatchObject({ status: 200 });
    const ready = await get(port, '/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.text)).toEqual({
      ready: true,
      checks: { database: 'ok', migrations: 'ok', storage: 'ok', accepting: 'ok' },
    });
  });

  it('counts a Slack request and reads the outbox and filings at scrape time, with no typed text in it', async () => {
    const port = app.handles.slack?.port;
    const before = await get(port, '/metrics');
    const handled = (text: string) =>
      Number(/icp_updates_total\{channel="slack",outcome="handled"\} (\d+)/.exec(text)?.[1] ?? 0);
    const h = { app: { port }, slack } as unknown as Harness;
    const answer = await slashCommand(h, STAFF[0]!, 'secret-domain-zhangsan.cn');
    expect(answer.status).toBe(200);
    const after = await get(port, '/metrics');
    expect(after.status).toBe(200);
    expect(after.type).toContain('text/plain');
    expect(handled(after.text)).toBe(handled(before.text) + 1);
    expect(after.text).toMatch(/icp_answer_latency_seconds_count\{channel="slack_command"\} [1-9]/);
    expect(after.text).toMatch(/icp_outbox_rows\{state="pending"\} \d+/);
    expect(after.text).toMatch(/icp_outbox_oldest_pending_age_seconds \d/);
    expect(after.text).toMatch(/icp_filings_overdue \d+/);
    expect(after.text).toContain('process_cpu_user_seconds_total');
    expect(after.text).not.toContain('zhangsan');
    expect(after.text).not.toContain(STAFF[0]);
  });

  it('shows filings by stage as the database holds them', async () => {
    const made = await draftFiling(db, new Date());
    const submitted = await app.handles.staff.onSubmitted(made.filing.id);
    expect(submitted.ok).toBe(true);
    const port = app.handles.slack?.port;
    const text = (await get(port, '/metrics')).text;
    expect(text).toMatch(/icp_filings\{stage="first_review"\} [1-9]/);
    expect(text).not.toContain(made.filing.id);
  });

  it('is not ready once stopping, while still alive', async () => {
    app.handles.readiness.markStopping();
    const port = app.handles.slack?.port;
    const ready = await get(port, '/readyz');
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.text).checks.accepting).toBe('failed');
    expect((await get(port, '/healthz')).status).toBe(200);
  });
});

it('serves /metrics on METRICS_PORT instead of the Slack port when one is set; SLACK_LANG=en posts in English', async () => {
  await app.stop('next');
  db = await db.reopen();
  const postsBefore = slack.calls.filter((c) => c.method === 'chat.postMessage').length;
  app = await start({ metricsListen: { port: 0, host: '127.0.0.1' }, lang: 'en' });
  // The filing submitted above is posted by this instance's worker, in English.
  const made = await draftFiling(db, new Date());
  await app.handles.staff.onSubmitted(made.filing.id);
  app.handles.notifier.wake();
  for (
    let i = 0;
    i < 200 && slack.calls.filter((c) => c.method === 'chat.postMessage').length === postsBefore;
    i++
  ) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const post = slack.calls.filter((c) => c.method === 'chat.postMessage')[postsBefore];
  expect(String(post?.params.text)).toMatch(/^ICP filing /);
  const metricsPort = app.handles.metricsPort;
  expect(metricsPort).toBeDefined();
  expect((await get(metricsPort, '/metrics')).text).toContain('icp_updates_total');
  expect((await get(metricsPort, '/readyz')).status).toBe(200);
  expect((await get(app.handles.slack?.port, '/metrics')).status).toBe(404);
  expect((await get(app.handles.slack?.port, '/healthz')).status).toBe(200);
}, 60_000);

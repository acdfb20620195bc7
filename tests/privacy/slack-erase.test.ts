/**
 * Staff erase from Slack (issue 13): the triage message's button opens a dialog, the reason is
 * required, the erasure is recorded with the staff member and the reason, and the thread says so.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlack } from '../../src/channels/slack/slack-app.ts';
import { createErasureRunner } from '../../src/privacy/erasure.ts';
import { createStaffPrivacy } from '../../src/privacy/staff-privacy.ts';
import { chineseWorkingDayCalendar } from '../../src/review/chinese-days-source.ts';
import { createStaffService } from '../../src/services/staff-service.ts';
import {
  CHANNEL,
  click,
  findButton,
  type Harness,
  plainValue,
  postedFiling,
  SIGNING_SECRET,
  STAFF,
  submitModal,
} from '../channels/slack/slack-harness.ts';
import { clock, recordingBlobStore, sh } from '../services/staff-fixtures.ts';
import { openTestDatabase } from '../support/db.ts';
import { FakeSlackApi } from '../support/fake-slack-api.ts';

let h: Harness;

beforeAll(async () => {
  const db = await openTestDatabase('pglite');
  const slack = await new FakeSlackApi().start();
  const time = clock(sh('2026-03-02T10:00:00'));
  const blobStore = recordingBlobStore();
  const dataDir = mkdtempSync(join(tmpdir(), 'icp-slack-erase-'));
  const staff = createStaffService({
    db,
    calendar: chineseWorkingDayCalendar(),
    now: time.now,
    staffIds: STAFF,
    blobStore,
  });
  const erasure = createErasureRunner({ db, blobs: blobStore, dataDir, now: time.now });
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
    privacy: createStaffPrivacy({ db, erasure, now: time.now }),
  });
  h = {
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
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe('Slack: erase personal data', () => {
  it('needs staff and a reason; erases, records who and why, and notes it in the thread', async () => {
    const { filing, ts } = await postedFiling(h);
    const message = h.slack.messages.get(ts);
    const button = findButton(message, 'icp:privacy:erase');
    expect(button).toBeDefined();

    // Not staff: refused, no dialog.
    expect((await click(h, 'U_OUTSIDER', ts, button!)).status).toBe(200);
    expect(h.slack.callsOf('views.open')).toHaveLength(0);

    await click(h, 'U_STAFF1', ts, button!);
    expect(h.slack.callsOf('views.open')).toHaveLength(1);
    const empty = await submitModal(h, 'U_STAFF1', { reason: plainValue('  ') });
    expect(JSON.stringify(empty.body)).toContain('reason is required');
    expect(await h.db.prisma.filing.count({ where: { id: filing.id } })).toBe(1);

    const done = await submitModal(h, 'U_STAFF1', { reason: plainValue('Applicant withdrew by email') });
    expect(done.status).toBe(200);
    expect(await h.db.prisma.filing.count({ where: { id: filing.id } })).toBe(0);
    const events = await h.db.prisma.event.findMany({
      where: { filingId: filing.id, type: 'privacy.erased' },
    });
    expect(events.map((e) => [e.actor, (e.data as { reason: string }).reason])).toEqual([
      ['staff:U_STAFF1', 'Applicant withdrew by email'],
    ]);
    const note = h.slack.thread(ts).at(-1)?.text ?? '';
    expect(note).toContain('<@U_STAFF1> erased the personal data');
    expect(note).toContain('Applicant withdrew by email');
  });
});

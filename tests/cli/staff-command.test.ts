import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStaff } from '../../src/cli/staff-command.ts';
import { listEvents } from '../../src/db/events.ts';
import type { Lang } from '../../src/i18n/index.ts';
import { chineseWorkingDayCalendar } from '../../src/review/chinese-days-source.ts';
import { createStaffService } from '../../src/services/staff-service.ts';
import { clock, draftFiling, recordingBlobStore, sh } from '../services/staff-fixtures.ts';
import { openTestDatabase, TEST_PII_KEY, type TestDatabase } from '../support/db.ts';

const run = promisify(execFile);

describe('icp staff (run() with an injected database)', () => {
  let db: TestDatabase;
  const time = clock(sh('2026-03-02T10:00:00'));
  const blobStore = recordingBlobStore();

  beforeAll(async () => {
    db = await openTestDatabase('pglite');
  });
  afterAll(async () => {
    await db?.close();
  });

  async function staff(args: string[], lang: Lang = 'en', env: NodeJS.ProcessEnv = {}) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runStaff(args, {
      serviceFor: (staffId) =>
        createStaffService({
          db,
          calendar: chineseWorkingDayCalendar(),
          now: time.now,
          staffIds: [staffId],
          blobStore,
        }),
      lang,
      env,
      out: (line) => out.push(line),
      err: (line) => err.push(line),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  async function submitted() {
    const made = await draftFiling(db, time.now());
    const service = createStaffService({
      db,
      calendar: chineseWorkingDayCalendar(),
      now: time.now,
      staffIds: [],
      blobStore,
    });
    const result = await service.onSubmitted(made.filing.id);
    if (!result.ok) throw new Error(result.problem.code);
    return made;
  }

  it('runs a filing through every stage to approval, logging each action under --as', async () => {
    const { filing } = await submitted();
    const id = filing.id;
    const steps: [string[], string][] = [
      [['claim', id, '--as', 'alice'], 'Claimed by alice.'],
      [
        [
          'request-changes',
          id,
          '--fields',
          'websites.0.domains,sponsor.name',
          '--documents',
          'sponsor_certificate',
          '--reason',
          'Holder mismatch',
          '--as',
          'alice',
        ],
        'alice requested changes. Fields: websites.0.domains, sponsor.name. Documents: sponsor_certificate. Reason: Holder mismatch',
      ],
    ];
    for (const [args, line] of steps) {
      const r = await staff(args);
      expect(r, args.join(' ')).toMatchObject({ code: 0 });
      expect(r.out.split('\n')[0]).toBe(line);
    }
    const service = createStaffService({
      db,
      calendar: chineseWorkingDayCalendar(),
      now: time.now,
      staffIds: [],
      blobStore,
    });
    expect((await service.onSubmitted(id)).ok).toBe(true);
    for (const args of [
      ['approve-first-review', id],
      ['interview', id, '--option', 'shanghai_office', '--outcome', 'passed'],
      ['approve-second-review', id],
      ['miit', id],
      ['sms-verified', id],
    ]) {
      const r = await staff([...args, '--as', 'alice']);
      expect(r.code, `${args[0]}: ${r.err}`).toBe(0);
    }
    const bad = await staff(['approve', id, '--icp', '沪ICP备2021003158号', '--as', 'alice']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('闽');
    const good = await staff(['approve', id, '--icp', '闽ICP备2021003158号', '--as', 'alice']);
    expect(good.code).toBe(0);
    expect(good.out).toContain('Now: Approved.');

    const events = await listEvents(db.prisma, db.pii, { filingId: id });
    expect(events.filter((e) => e.actor === 'staff:alice').map((e) => e.type)).toEqual([
      'review.claim',
      'review.request_changes',
      'review.approve_first_review',
      'review.record_interview',
      'review.approve_second_review',
      'review.submitted_to_miit',
      'review.sms_verified',
      'review.approve',
    ]);
  });

  it('refuses a transition the stage does not allow (exit 1) and explains it in the chosen language', async () => {
    const { filing } = await submitted();
    const r = await staff(['miit', filing.id], 'zh');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/[\u4e00-\u9fff]/);
    const events = await listEvents(db.prisma, db.pii, { filingId: filing.id });
    expect(events.map((e) => e.type)).toEqual(['review.submit']);
  });

  it('list shows the queue; --mine uses --as (or ICP_STAFF_ID)', async () => {
    const { filing } = await submitted();
    await staff(['claim', filing.id], 'en', { ICP_STAFF_ID: 'bob' });
    const mine = await staff(['list', '--mine'], 'en', { ICP_STAFF_ID: 'bob' });
    expect(mine.out).toContain(filing.id);
    expect(mine.out).toContain('claimed by bob');
    const unclaimed = await staff(['list', '--unclaimed']);
    expect(unclaimed.out).not.toContain(filing.id);
  });

  it('show prints the full filing with ID numbers unmasked, documents and history', async () => {
    const { filing, document } = await submitted();
    const r = await staff(['show', filing.id]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('350102198801010001');
    expect(r.out).toContain(document.id);
    expect(r.out).toContain('First review');
    expect(r.out).toContain('Next possible: claim, approve-first-review, request-changes, reject');
    const zh = await staff(['show', filing.id, '--lang', 'zh']);
    expect(zh.out).toContain('初审');
  });

  it('misuse exits 2 with the usage', async () => {
    expect((await staff([])).code).toBe(2);
    expect((await staff(['fly', 'x'])).err).toContain('usage: icp staff');
    expect((await staff(['interview', 'x', '--outcome', 'maybe'])).code).toBe(2);
    expect((await staff(['show', 'not-a-filing'])).code).toBe(1);
  });
});

describe('icp staff (child process on a temporary DATA_DIR)', () => {
  it('claims a filing submitted on the same machine, without Slack', async () => {
    const db = await openTestDatabase('pglite', { onDisk: true });
    const made = await draftFiling(db, new Date());
    const service = createStaffService({
      db,
      calendar: chineseWorkingDayCalendar(),
      now: () => new Date(),
      staffIds: [],
      blobStore: recordingBlobStore(),
    });
    expect((await service.onSubmitted(made.filing.id)).ok).toBe(true);
    await db.close();

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: db.dataDir,
      PII_ENCRYPTION_KEY: TEST_PII_KEY,
      LANG: 'en_US.UTF-8',
      LC_ALL: '',
    };
    delete env.DATABASE_URL;
    const bin = new URL('../../bin/icp.js', import.meta.url).pathname;
    const claimed = await run(process.execPath, [bin, 'staff', 'claim', made.filing.id, '--as', 'carol'], {
      env,
    });
    expect(claimed.stdout).toContain('Claimed by carol.');

    const reopened = await db.reopen();
    try {
      const events = await listEvents(reopened.prisma, reopened.pii, { filingId: made.filing.id });
      expect(events.map((e) => [e.type, e.actor])).toContainEqual(['review.claim', 'staff:carol']);
    } finally {
      await reopened.close();
      rmSync(db.dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});

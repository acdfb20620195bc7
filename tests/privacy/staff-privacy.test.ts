/**
 * `icp staff show|link|export|audit|erase` (issue 13): every full view, document link and export
 * is an event (who, what, when), noted in the filing's Slack thread and listed by `audit`, with
 * the encrypted file store's link events; erasure needs a reason, is recorded, and shows as
 * "erased on".
 */
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStaff } from '../../src/cli/staff-command.ts';
import { appendEvent } from '../../src/db/events.ts';
import { createErasureRunner } from '../../src/privacy/erasure.ts';
import { createStaffPrivacy } from '../../src/privacy/staff-privacy.ts';
import { chineseWorkingDayCalendar } from '../../src/review/chinese-days-source.ts';
import { createStaffService } from '../../src/services/staff-service.ts';
import { clock, draftFiling, recordingBlobStore, sh } from '../services/staff-fixtures.ts';
import { openTestDatabase, type TestDatabase } from '../support/db.ts';

describe('icp staff: privacy verbs and the access audit', () => {
  let db: TestDatabase;
  const time = clock(sh('2026-03-02T10:00:00'));
  const blobStore = recordingBlobStore();
  const deleted: string[] = [];
  blobStore.delete = async (key) => {
    deleted.push(key);
  };
  const dataDir = mkdtempSync(join(tmpdir(), 'icp-staff-privacy-'));

  beforeAll(async () => {
    db = await openTestDatabase('pglite');
  });
  afterAll(async () => {
    await db?.close();
  });

  async function staff(args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const erasure = createErasureRunner({ db, blobs: blobStore, dataDir, now: time.now });
    const code = await runStaff(args, {
      serviceFor: (staffId) =>
        createStaffService({
          db,
          calendar: chineseWorkingDayCalendar(),
          now: time.now,
          staffIds: [staffId],
          blobStore,
        }),
      privacy: createStaffPrivacy({ db, erasure, now: time.now }),
      dataDir,
      lang: 'en',
      env: {},
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

  it('show, link and export are recorded, noted in the Slack thread, and listed by audit with the file store events', async () => {
    const { filing, document } = await submitted();
    expect((await staff(['show', filing.id, '--as', 'U_ALICE'])).code).toBe(0);
    expect((await staff(['link', filing.id, document.id, '--as', 'U_BOB'])).code).toBe(0);
    const exported = await staff(['export', filing.id, '--as', 'U_ALICE']);
    expect(exported.code).toBe(0);
    const path = /written to (\S+)/.exec(exported.out)?.[1];
    expect(path).toBeDefined();
    expect(statSync(path!).mode & 0o777).toBe(0o600);
    const record = JSON.parse(readFileSync(path!, 'utf8')) as { filings: { answers: unknown }[] };
    // ID numbers in full in an export (the example's principal).
    expect(JSON.stringify(record.filings[0]!.answers)).toMatch(/"idNumber":"\d{17}[\dX]"/);
    // The encrypted file store's own link events (recorded by that part of the app).
    await appendEvent(db.prisma, db.pii, {
      filingId: filing.id,
      actor: 'staff:U_CAROL',
      type: 'document_downloaded',
      data: { documentId: document.id, kind: 'sponsor_certificate' },
    });
    // An applicant's own actions are no staff access.
    await appendEvent(db.prisma, db.pii, {
      filingId: filing.id,
      actor: 'applicant',
      type: 'staff.full_view',
    });

    const audit = await staff(['audit', filing.id]);
    expect(audit.code).toBe(0);
    const lines = audit.out.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/staff:U_ALICE {2}viewed the full ID numbers/);
    // The app-served link (main: document_link_created).
    expect(lines[1]).toMatch(/staff:U_BOB {2}created a document link/);
    expect(lines[2]).toMatch(/staff:U_ALICE {2}exported the applicant's data/);
    expect(lines[3]).toMatch(/staff:U_CAROL {2}downloaded a document \(sponsor_certificate\)/);
    for (const line of lines) expect(line).toContain(filing.id);

    const notes = await db.prisma.outbox.findMany({
      where: { topic: 'slack_update', orderKey: `slack:${filing.id}`, dedupeKey: { startsWith: 'audit:' } },
      orderBy: { id: 'asc' },
    });
    expect(notes.map((n) => (n.payload as { logText: { key: string } }).logText.key)).toEqual([
      'privacy:staff.thread.full_view',
      'privacy:staff.thread.export',
    ]);
    expect((await staff(['audit'])).out).toContain('U_CAROL');
  });

  it('erase needs a reason; a filing in review goes, recorded with who and why, and show says when', async () => {
    const { filing } = await submitted();
    const noReason = await staff(['erase', filing.id]);
    expect(noReason.code).toBe(2);
    expect(noReason.err).toContain('reason is required');
    expect(await db.prisma.filing.count({ where: { id: filing.id } })).toBe(1);

    const done = await staff(['erase', filing.id, '--reason', 'Applicant asked by phone', '--as', 'U_ALICE']);
    expect(done.code).toBe(0);
    expect(done.out).toContain('1 filing(s) deleted, 0 kept');
    expect(deleted).toContain(`uploads/${filing.id}/licence.jpg`);
    expect(await db.prisma.filing.count({ where: { id: filing.id } })).toBe(0);
    const events = await db.prisma.event.findMany({
      where: { filingId: filing.id, type: { startsWith: 'privacy.' } },
      orderBy: { id: 'asc' },
    });
    expect(events.map((e) => [e.type, e.actor, (e.data as { reason: string }).reason])).toEqual([
      ['privacy.erasure_requested', 'staff:U_ALICE', 'Applicant asked by phone'],
      ['privacy.erased', 'staff:U_ALICE', 'Applicant asked by phone'],
    ]);
    const shown = await staff(['show', filing.id]);
    expect(shown.code).toBe(0);
    expect(shown.out).toContain(`Filing ${filing.id} was erased on 2026-03-02`);
    expect((await staff(['audit', filing.id])).out).toContain(
      'erased personal data (Applicant asked by phone)',
    );
    expect((await staff(['erase', filing.id, '--reason', 'again'])).code).toBe(1);
  });
});

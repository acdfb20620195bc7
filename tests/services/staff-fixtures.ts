import { readFileSync } from 'node:fs';
import { findOrCreateApplicantByChat } from '../../src/db/applicants.ts';
import type { Database } from '../../src/db/database.ts';
import { addDocument } from '../../src/db/documents.ts';
import { createFiling } from '../../src/db/filings.ts';
import { chineseWorkingDayCalendar } from '../../src/review/chinese-days-source.ts';
import { createStaffService, type StaffService } from '../../src/services/staff-service.ts';
import type { BlobStore } from '../../src/storage/blob-store.ts';

export const EXAMPLE = JSON.parse(
  readFileSync(new URL('../../examples/enterprise-two-websites.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

/** A Shanghai wall-clock time as an instant. */
export const sh = (local: string) => new Date(`${local}+08:00`);

/** A settable clock. */
export function clock(start: Date) {
  let current = start;
  return {
    now: () => current,
    set: (at: Date) => {
      current = at;
    },
  };
}

/** Records presign requests instead of talking to storage. */
export function recordingBlobStore(): BlobStore & { presigned: { key: string; ttl: number }[] } {
  const presigned: { key: string; ttl: number }[] = [];
  return {
    presigned,
    put: async () => {},
    get: async () => Buffer.alloc(0),
    exists: async () => true,
    delete: async () => {},
    presignGet: async (key, ttl) => {
      presigned.push({ key, ttl });
      return `https://files.test/${key}?expires=${ttl}`;
    },
  };
}

let chatSeq = 0;

/** A draft filing of the example document, with one uploaded document, for a fresh applicant. */
export async function draftFiling(db: Database, at: Date, lang: 'zh' | 'en' = 'en') {
  chatSeq += 1;
  const chatId = `staff-test-${process.pid}-${Date.now()}-${chatSeq}`;
  const { applicant } = await findOrCreateApplicantByChat(db.prisma, { channel: 'console', chatId, lang });
  const document0 = structuredClone(EXAMPLE) as { websites: { domains: string[] }[] };
  const domain = `site${chatSeq}-${process.pid}.example.cn`;
  document0.websites[0]!.domains = [domain];
  const filing = await createFiling(db.prisma, db.pii, { applicantId: applicant.id, document: document0 });
  const { document } = await db.prisma.$transaction((tx) =>
    addDocument(
      tx,
      {
        filingId: filing.id,
        kind: 'sponsor_certificate',
        storageKey: `uploads/${filing.id}/licence.jpg`,
        sha256: `sha-${filing.id}`,
        size: 1234,
        contentType: 'image/jpeg',
      },
      at,
    ),
  );
  return { applicant, filing, document, domain };
}

export function service(db: Database, now: () => Date, staffIds = ['U_STAFF1', 'U_STAFF2']) {
  const blobStore = recordingBlobStore();
  const staff: StaffService = createStaffService({
    db,
    calendar: chineseWorkingDayCalendar(),
    now,
    staffIds,
    blobStore,
  });
  return { staff, blobStore };
}

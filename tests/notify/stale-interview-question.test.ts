/**
 * No stale prompts (issue 17 item 10): a first-review ping delivered late, after staff recorded the
 * interview meanwhile (the app was down), keeps its news but neither asks for the interview choice
 * nor shows its buttons. Delivered while the choice is still open, it asks.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import type { Outgoing } from '../../src/conversation/types.ts';
import { findOrCreateApplicantByChat } from '../../src/db/applicants.ts';
import { createFiling } from '../../src/db/filings.ts';
import type { Text } from '../../src/i18n/index.ts';
import { createDeliveryHandlers } from '../../src/notify/delivery-handlers.ts';
import { INTERVIEW_FIELD_ID } from '../../src/notify/interview-question.ts';
import type { TelegramOutbound } from '../../src/notify/telegram-outbound.ts';
import { chineseWorkingDayCalendar } from '../../src/review/chinese-days-source.ts';
import { STATUS_PING_TOPIC } from '../../src/services/staff-outbox.ts';
import { createStaffService } from '../../src/services/staff-service.ts';
import type { BlobStore } from '../../src/storage/blob-store.ts';
import { describeEachBackend, type TestDatabase } from '../support/db.ts';
import { frozenClock } from './helpers.ts';

const EXAMPLE = JSON.parse(
  readFileSync(new URL('../../examples/enterprise-two-websites.json', import.meta.url), 'utf8'),
) as unknown;

const noBlobs: BlobStore = {
  put: async () => {},
  get: async () => Buffer.alloc(0),
  exists: async () => false,
  delete: async () => {},
  presignGet: async () => 'https://files.test/none',
};

const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** A filing past the first review with its ping queued but not delivered; `recorded`: staff record the interview before delivery. */
async function deliverFirstReviewPing(db: TestDatabase, recorded: boolean) {
  const clock = frozenClock();
  const chatId = String(800_000 + Math.floor(Math.random() * 100_000));
  const { applicant } = await findOrCreateApplicantByChat(db.prisma, {
    channel: 'telegram',
    chatId,
    lang: 'en',
  });
  const filing = await createFiling(db.prisma, db.pii, { applicantId: applicant.id, document: EXAMPLE });
  const staff = createStaffService({
    db,
    calendar: chineseWorkingDayCalendar(),
    now: clock.now,
    staffIds: ['U_STAFF'],
    blobStore: noBlobs,
  });
  expect((await staff.onSubmitted(filing.id)).ok).toBe(true);
  expect((await staff.act('U_STAFF', filing.id, { type: 'approve_first_review' })).ok).toBe(true);
  if (recorded) {
    const done = await staff.act('U_STAFF', filing.id, {
      type: 'record_interview',
      outcome: 'passed',
      option: 'phone',
    });
    expect(done.ok).toBe(true);
  }
  const row = await db.prisma.outbox.findFirstOrThrow({
    where: { topic: STATUS_PING_TOPIC, orderKey: `applicant:${applicant.id}` },
    orderBy: { id: 'asc' },
    skip: 1,
  });
  const texts: Text[] = [];
  const messages: Outgoing[] = [];
  const telegram: TelegramOutbound = {
    sendTexts: async (_chat, _lang, sent) => void texts.push(...sent),
    sendMessages: async (_chat, _lang, sent) => void messages.push(...sent),
  };
  const handlers = createDeliveryHandlers({ db, telegram, logger: silent });
  await handlers[STATUS_PING_TOPIC]!({
    id: row.id,
    topic: row.topic,
    orderKey: row.orderKey,
    payload: db.pii.decryptPii(row.payload),
    dedupeKey: row.dedupeKey,
    attempts: 1,
    createdAt: row.createdAt,
  });
  return { texts: texts.map((t) => t.key), messages };
}

describeEachBackend('a first-review ping delivered late', (db) => {
  it('asks for the interview choice while it is still open', async () => {
    const { texts, messages } = await deliverFirstReviewPing(db(), false);
    expect(texts).toContain('review:message.first_review_passed');
    expect(texts).toContain('review:next.choose_interview');
    expect(messages.map((m) => m.type === 'question' && m.fieldId)).toEqual([INTERVIEW_FIELD_ID]);
  });

  it('does not ask again once staff recorded the interview', async () => {
    const { texts, messages } = await deliverFirstReviewPing(db(), true);
    expect(texts).toContain('review:message.first_review_passed');
    expect(texts).not.toContain('review:next.choose_interview');
    expect(texts.some((key) => key.startsWith('review:interview.details.'))).toBe(false);
    expect(messages).toEqual([]);
  });
});

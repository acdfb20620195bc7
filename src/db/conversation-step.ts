/**
 * The statements of one conversation step, written for the fewest round trips: one statement
 * finds the chat's applicant, marks the delivery id processed, locks the conversation and reads
 * its filing; one statement writes the filing, the events, the applicant's language, the
 * conversation and the reply row. ID numbers are encrypted on the way in and out as everywhere.
 * Runs on any SqlSession (pg, PGlite or a Prisma transaction), inside the caller's transaction.
 */
import type { ChatRef, Lang } from './applicants.ts';
import { VersionConflict } from './errors.ts';
import type { NewEvent } from './events.ts';
import { type NewOutboxMessage, outboxInsert } from './outbox.ts';
import type { PiiCipher } from './pii-cipher.ts';
import type { SqlParam, SqlSession } from './sql-session.ts';
import {
  conversationUpdate,
  eventsInsert,
  type FilingChanges,
  filingInsert,
  filingUpdate,
  langUpdate,
  StepStatement,
} from './step-sql.ts';

/** What a step needs of the conversation's filing (document decrypted). */
export interface FilingHead {
  id: string;
  status: string;
  version: number;
  document: unknown;
}

/** A conversation row held under `FOR UPDATE` until the transaction ends. */
export interface ClaimedConversation {
  applicantId: string;
  applicantLang: Lang;
  id: string;
  filingId: string | null;
  /** Decrypted engine state; undefined until the first commit (version 0). */
  state: unknown;
  version: number;
  /** The filing `filingId` points at, read after the lock; null when there is none. */
  filing: FilingHead | null;
}

export type ConversationClaim =
  | { kind: 'claimed'; conversation: ClaimedConversation }
  /** The delivery id was processed before: nothing was locked or written. */
  | { kind: 'duplicate' }
  /** No applicant behind this chat (or id) yet: nothing was written. */
  | { kind: 'unknown' };

interface ClaimRow extends FilingColumns {
  inserted: number;
  applicant_id: string;
  lang: string;
  conversation_id: string | null;
  filing_id: string | null;
  state: unknown;
  version: number | null;
  seen_version: number | null;
}

/** The conversation's filing as the claim and snapshot statements return it (a LEFT JOIN: all null when none). */
export interface FilingColumns {
  f_id: string | null;
  f_status: string | null;
  f_version: number | null;
  f_document: unknown;
}

export function filingOfColumns(row: FilingColumns): FilingRow | null {
  return row.f_id === null
    ? null
    : {
        id: row.f_id,
        status: String(row.f_status),
        version: Number(row.f_version),
        document: row.f_document,
      };
}

export interface FilingRow {
  id: string;
  status: string;
  version: number;
  document: unknown;
}

type Who = { chat: ChatRef } | { applicantId: string };

/**
 * Locks the conversation of the chat's applicant (creating the row on first contact) and reads
 * its filing, marking `updateId` processed in the same statement. A second transaction for the
 * same applicant waits on the lock until this one commits.
 */
export function claimChatConversation(
  sql: SqlSession,
  pii: PiiCipher,
  chat: ChatRef,
  updateId?: string,
): Promise<ConversationClaim> {
  return claim(sql, pii, { chat }, updateId ?? null);
}

/** The same for an applicant id (inputs that come from the review, not from a chat). */
export function claimApplicantConversation(
  sql: SqlSession,
  pii: PiiCipher,
  applicantId: string,
): Promise<ConversationClaim> {
  return claim(sql, pii, { applicantId }, null);
}

async function claim(
  sql: SqlSession,
  pii: PiiCipher,
  who: Who,
  updateId: string | null,
): Promise<ConversationClaim> {
  const rows = await claimStatement(sql, who, updateId);
  const row = rows[0];
  if (!row) return { kind: 'unknown' };
  if (updateId !== null && row.inserted === 0) return { kind: 'duplicate' };
  if (row.conversation_id === null) {
    // First input: create the row (a racing first input may win; either way we then lock it).
    await sql.query(
      `INSERT INTO conversations (id, applicant_id, state, version, updated_at)
       VALUES (gen_random_uuid(), $1::uuid, '{}'::jsonb, 0, now())
       ON CONFLICT (applicant_id) DO NOTHING`,
      [row.applicant_id],
    );
    return claim(sql, pii, { applicantId: row.applicant_id }, null);
  }
  const version = Number(row.version);
  let filing = filingOfColumns(row);
  if (row.filing_id !== null && (Number(row.seen_version) !== version || filing === null)) {
    // The lock waited for another step of this applicant: the row is the newest, but the filing
    // was read at the statement's start. Read it again now.
    const fresh = await sql.query<FilingRow>(
      'SELECT id::text AS id, status, version, document FROM filings WHERE id = $1::uuid',
      [row.filing_id],
    );
    filing = fresh[0] ?? null;
  }
  return {
    kind: 'claimed',
    conversation: {
      applicantId: row.applicant_id,
      applicantLang: row.lang as Lang,
      id: row.conversation_id,
      filingId: row.filing_id,
      state: version === 0 ? undefined : pii.decryptPii(row.state),
      version,
      filing: filing && filingHead(pii, filing),
    },
  };
}

/** A filing as read (document encrypted, version maybe a string) → what a step needs of it. */
export function filingHead(pii: PiiCipher, row: FilingRow): FilingHead {
  return {
    id: row.id,
    status: String(row.status),
    version: Number(row.version),
    document: pii.decryptPii(row.document),
  };
}

function claimStatement(sql: SqlSession, who: Who, updateId: string | null): Promise<ClaimRow[]> {
  const params: SqlParam[] = [];
  const whoSql =
    'chat' in who
      ? `SELECT a.id, a.lang FROM chat_identities i JOIN applicants a ON a.id = i.applicant_id
         WHERE i.channel = $1::text AND i.chat_id = $2::text`
      : 'SELECT a.id, a.lang FROM applicants a WHERE a.id = $1::uuid';
  if ('chat' in who) params.push(who.chat.channel, who.chat.chatId);
  else params.push(who.applicantId);
  const fresh =
    updateId === null
      ? 'SELECT 1 WHERE false'
      : `INSERT INTO processed_updates (channel, update_id)
         SELECT $1::text, $${params.push(updateId)}::text WHERE EXISTS (SELECT 1 FROM who)
         ON CONFLICT DO NOTHING RETURNING 1`;
  // `locked` takes the row lock and, after waiting, sees the newest row; `seen` reads the same
  // row as of the statement's start. Different versions mean `f` (read at the start) may be old.
  return sql.query<ClaimRow>(
    `WITH who AS (${whoSql}),
     fresh AS (${fresh}),
     locked AS (
       SELECT c.id, c.filing_id, c.state, c.version FROM conversations c
       WHERE c.applicant_id = (SELECT id FROM who) FOR UPDATE),
     seen AS (SELECT c.version FROM conversations c WHERE c.applicant_id = (SELECT id FROM who)),
     f AS (SELECT f.id, f.status, f.version, f.document FROM filings f WHERE f.id = (SELECT filing_id FROM locked))
     SELECT (SELECT count(*) FROM fresh)::int AS inserted, w.id::text AS applicant_id, w.lang,
       l.id::text AS conversation_id, l.filing_id::text AS filing_id, l.state, l.version,
       (SELECT version FROM seen) AS seen_version,
       f.id::text AS f_id, f.status AS f_status, f.version AS f_version, f.document AS f_document
     FROM who w LEFT JOIN locked l ON true LEFT JOIN f ON true`,
    params,
  );
}

/** A new draft filing for the applicant, with `document` as its content, under the caller's id. */
export async function insertFiling(
  sql: SqlSession,
  pii: PiiCipher,
  input: { id: string; applicantId: string; document: unknown },
): Promise<void> {
  const q = new StepStatement();
  await sql.query(filingInsert(q, pii, input), q.params);
}

/** The chat the applicant used most recently (replies that do not answer a chat message go there). */
export async function latestChat(sql: SqlSession, applicantId: string): Promise<ChatRef | null> {
  const rows = await sql.query<{ channel: ChatRef['channel']; chat_id: string }>(
    `SELECT channel, chat_id FROM chat_identities WHERE applicant_id = $1::uuid
     ORDER BY updated_at DESC LIMIT 1`,
    [applicantId],
  );
  const row = rows[0];
  return row ? { channel: row.channel, chatId: row.chat_id } : null;
}

export interface StepWrite {
  applicantId: string;
  /** Stored on the applicant when it differs (status pings use it). */
  lang?: Lang;
  /** The locked conversation's new state, at the version it was read with. */
  conversation?: { id: string; version: number; state: unknown; filingId: string | null };
  /** Changes to the filing at `version`; `document` also refreshes the search keys. */
  filing?: FilingChanges;
  events?: NewEvent[];
  outbox?: NewOutboxMessage;
}

interface WriteRow {
  c: number | null;
  f: number | null;
  o: string | null;
}

/**
 * Writes one step in one statement. Throws VersionConflict when the filing or the conversation
 * is no longer at the given version (the caller's transaction then rolls everything back).
 * Returns the outbox row id (null when none was written or its dedupe key was taken).
 */
export async function commitStep(
  sql: SqlSession,
  pii: PiiCipher,
  write: StepWrite,
): Promise<{ outboxId: bigint | null }> {
  const q = new StepStatement();
  const results: string[] = [];
  const { filing, conversation, events, outbox } = write;
  if (filing) {
    q.add('f', filingUpdate(q, pii, filing));
    results.push('(SELECT version FROM f) AS f');
  }
  if (events && events.length > 0) q.add('e', eventsInsert(q, pii, events));
  if (write.lang !== undefined) q.add('l', langUpdate(q, write.applicantId, write.lang));
  if (conversation) {
    q.add('c', conversationUpdate(q, pii, conversation));
    results.push('(SELECT version FROM c) AS c');
  }
  if (outbox) {
    q.add('o', outboxInsert(q, pii, outbox));
    results.push('(SELECT id::text FROM o) AS o');
  }
  const text = q.text(results.length > 0 ? results.join(', ') : '1 AS done');
  if (text === null) return { outboxId: null };
  const rows = await sql.query<WriteRow>(text, q.params);
  const row = rows[0];
  if (filing && (row?.f ?? null) === null) throw new VersionConflict('filing', filing.id, filing.version);
  if (conversation && (row?.c ?? null) === null) {
    throw new VersionConflict('conversation', conversation.id, conversation.version);
  }
  return { outboxId: row?.o ? BigInt(row.o) : null };
}

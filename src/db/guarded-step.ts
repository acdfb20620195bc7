/**
 * A conversation step without a row lock: the step is computed from a snapshot (read in one
 * statement, or remembered from the chat's previous step), then written in ONE statement that is
 * also its own transaction. That statement checks every version the step relied on (conversation,
 * filing, the chat's applicant) and that the delivery id is new; if any check fails, its final
 * SELECT calls icp_abort_step (a migration) and the error rolls the whole statement back, so
 * either the entire step is durable or nothing of it is. One round trip and one commit per answer;
 * answers of several chats ready together go in one statement (guarded-batch.ts).
 */
import type { ChatRef, Lang } from './applicants.ts';
import { type FilingColumns, type FilingHead, filingHead, filingOfColumns } from './conversation-step.ts';
import type { NewEvent } from './events.ts';
import { type NewOutboxMessage, outboxInsert } from './outbox.ts';
import type { PiiCipher } from './pii-cipher.ts';
import { sealState } from './sealed-rows.ts';
import type { SqlSession } from './sql-session.ts';
import { abortReason, StepsRefused } from './step-refusal.ts';
import {
  conversationUpdate,
  eventsInsert,
  type FilingChanges,
  filingInsert,
  filingUpdate,
  langUpdate,
  StepStatement,
} from './step-sql.ts';

/** What a step needs to know about the chat's applicant, as of one moment. */
export interface ConversationSnapshot {
  applicantId: string;
  applicantLang: Lang;
  /** Null until the applicant's first step wrote one. */
  conversation: { id: string; version: number; filingId: string | null; state: unknown } | null;
  filing: FilingHead | null;
}

export type SnapshotRead =
  | { kind: 'found'; snapshot: ConversationSnapshot }
  /** No applicant behind this chat yet (first contact). */
  | { kind: 'unknown' }
  /** The delivery id was processed before. */
  | { kind: 'duplicate' };

interface SnapshotRow extends FilingColumns {
  applicant_id: string;
  lang: string;
  conversation_id: string | null;
  filing_id: string | null;
  state: unknown;
  version: number | null;
  seen: boolean;
}

/** One read (no lock, no write): the chat's applicant, conversation and filing, and whether `updateId` was seen. */
export async function readChatSnapshot(
  sql: SqlSession,
  pii: PiiCipher,
  chat: ChatRef,
  updateId: string | null,
): Promise<SnapshotRead> {
  const rows = await sql.query<SnapshotRow>(
    `SELECT a.id::text AS applicant_id, a.lang, c.id::text AS conversation_id, c.filing_id::text AS filing_id,
       c.state, c.version, f.id::text AS f_id, f.status AS f_status, f.version AS f_version, f.document AS f_document,
       EXISTS (SELECT 1 FROM processed_updates p WHERE p.channel = $1::text AND p.update_id = $3::text) AS seen
     FROM chat_identities i JOIN applicants a ON a.id = i.applicant_id
       LEFT JOIN conversations c ON c.applicant_id = a.id
       LEFT JOIN filings f ON f.id = c.filing_id
     WHERE i.channel = $1::text AND i.chat_id = $2::text`,
    [chat.channel, chat.chatId, updateId],
  );
  const row = rows[0];
  if (!row) return { kind: 'unknown' };
  if (row.seen) return { kind: 'duplicate' };
  const version = Number(row.version ?? 0);
  const filing = filingOfColumns(row);
  return {
    kind: 'found',
    snapshot: {
      applicantId: row.applicant_id,
      applicantLang: row.lang as Lang,
      conversation:
        row.conversation_id === null
          ? null
          : {
              id: row.conversation_id,
              version,
              filingId: row.filing_id,
              state: version === 0 ? undefined : pii.decryptPii(row.state),
            },
      filing: filing && filingHead(pii, filing),
    },
  };
}

export type GuardedFilingWrite =
  | { kind: 'insert'; id: string; document: unknown }
  | { kind: 'update'; changes: FilingChanges }
  /** Not written, but the step relied on it: it must still be at this version. */
  | { kind: 'check'; id: string; version: number };

export interface GuardedStepWrite {
  chat: ChatRef;
  /** Marked processed with the step; a second delivery finds it and writes nothing. */
  updateId?: string;
  applicantId: string;
  /** First contact: the applicant and the chat identity are created with the step. */
  newApplicant?: boolean;
  conversation:
    | { kind: 'insert'; id: string; state: unknown; filingId: string | null }
    | {
        kind: 'update';
        id: string;
        version: number;
        filingIdBefore: string | null;
        state: unknown;
        filingId: string | null;
      };
  filing?: GuardedFilingWrite;
  lang: Lang;
  events: readonly NewEvent[];
  outbox?: NewOutboxMessage;
}

export interface GuardedStepResult {
  conversationVersion: number;
  /** The filing's version after the step (unchanged for a check). */
  filingVersion: number | null;
  outboxId: bigint | null;
}

interface GuardedRow {
  c: number | null;
  f: number | null;
  o: string | null;
}

/**
 * Writes one step in a statement made for it (its own transaction). Throws StepsRefused when a
 * check failed: then nothing was written.
 */
export async function writeOneGuardedStep(
  sql: SqlSession,
  pii: PiiCipher,
  write: GuardedStepWrite,
): Promise<GuardedStepResult> {
  const q = new StepStatement();
  // Checks in order; the first that fails names the reason (`icp_step:<reason>`).
  const checks: { missing: string; reason: string }[] = [];
  const applicant = q.p(write.applicantId);

  if (write.updateId !== undefined) {
    q.add(
      'fresh',
      `INSERT INTO processed_updates (channel, update_id) VALUES (${q.p(write.chat.channel)}::text, ${q.p(write.updateId)}::text)
       ON CONFLICT DO NOTHING RETURNING 1`,
    );
    checks.push({ missing: 'fresh', reason: 'duplicate' });
  }
  const channel = q.p(write.chat.channel);
  const chatId = q.p(write.chat.chatId);
  if (write.newApplicant) {
    q.add(
      'na',
      `INSERT INTO applicants (id, lang, updated_at) VALUES (${applicant}::uuid, ${q.p(write.lang)}::text, now()) RETURNING 1`,
    );
    q.add(
      'ni',
      `INSERT INTO chat_identities (id, channel, chat_id, applicant_id, updated_at)
       VALUES (gen_random_uuid(), ${channel}::text, ${chatId}::text, ${applicant}::uuid, now())
       ON CONFLICT (channel, chat_id) DO NOTHING RETURNING 1`,
    );
    checks.push({ missing: 'ni', reason: 'chat' });
  } else {
    // The chat may have moved to another account (email linking) since the snapshot.
    q.add(
      'who',
      `SELECT 1 FROM chat_identities WHERE channel = ${channel}::text AND chat_id = ${chatId}::text
       AND applicant_id = ${applicant}::uuid`,
    );
    checks.push({ missing: 'who', reason: 'chat' });
    q.add('l', langUpdate(q, write.applicantId, write.lang));
  }

  const { conversation, filing } = write;
  if (conversation.kind === 'insert') {
    q.add(
      'c',
      `INSERT INTO conversations (id, applicant_id, state, version, filing_id, updated_at)
       VALUES (${q.p(conversation.id)}::uuid, ${applicant}::uuid, ${q.p(JSON.stringify(sealState(pii, conversation.state)))}::jsonb,
               1, ${q.p(conversation.filingId)}::uuid, now())
       ON CONFLICT (applicant_id) DO NOTHING RETURNING version`,
    );
  } else {
    // The filing it points at is part of what the step read (a draft may be attached meanwhile).
    const before = q.p(conversation.filingIdBefore);
    q.add(
      'c',
      conversationUpdate(q, pii, conversation, ` AND filing_id IS NOT DISTINCT FROM ${before}::uuid`),
    );
  }
  checks.push({ missing: 'c', reason: 'conversation' });

  let filingVersion = 'NULL::int';
  if (filing?.kind === 'insert') {
    q.add(
      'f',
      filingInsert(q, pii, { id: filing.id, applicantId: write.applicantId, document: filing.document }),
    );
  } else if (filing?.kind === 'update') {
    q.add('f', filingUpdate(q, pii, filing.changes));
  } else if (filing?.kind === 'check') {
    q.add(
      'f',
      `SELECT version FROM filings WHERE id = ${q.p(filing.id)}::uuid AND version = ${q.p(filing.version)}::int`,
    );
  }
  if (filing) {
    checks.push({ missing: 'f', reason: 'filing' });
    filingVersion = '(SELECT version FROM f)';
  }
  if (write.events.length > 0) q.add('e', eventsInsert(q, pii, write.events));
  if (write.outbox) q.add('o', outboxInsert(q, pii, write.outbox));

  const guard = checks
    .map((check) => `WHEN NOT EXISTS (SELECT 1 FROM ${check.missing}) THEN icp_abort_step('${check.reason}')`)
    .join(' ');
  const text = q.text(
    `CASE ${guard} ELSE 0 END AS ok, (SELECT version FROM c) AS c, ${filingVersion} AS f, ` +
      `${write.outbox ? '(SELECT id::text FROM o)' : 'NULL::text'} AS o`,
  );
  let rows: GuardedRow[];
  try {
    rows = await sql.query<GuardedRow>(text ?? 'SELECT 1', q.params);
  } catch (error) {
    const reason = abortReason(error);
    if (reason !== undefined) throw new StepsRefused(reason);
    throw error;
  }
  const row = rows[0];
  return {
    conversationVersion: Number(row?.c),
    filingVersion: row?.f === null || row?.f === undefined ? null : Number(row.f),
    outboxId: row?.o ? BigInt(row.o) : null,
  };
}

/**
 * Several chats' answers committed together (group commit, see src/services/step-writer.ts): the
 * same writes and checks as a single guarded step (guarded-step.ts), for a batch of steps in one
 * statement of fixed text that takes them as one JSON array. All of the batch or none of it.
 */
import type { GuardedStepResult, GuardedStepWrite } from './guarded-step.ts';
import { writeOneGuardedStep } from './guarded-step.ts';
import { outboxRowJson } from './outbox.ts';
import type { PiiCipher } from './pii-cipher.ts';
import { sealState } from './sealed-rows.ts';
import type { SqlSession } from './sql-session.ts';
import { abortReason, StepsRefused } from './step-refusal.ts';
import { eventJson, filingDocumentJson } from './step-sql.ts';

/**
 * Writes steps of different chats in ONE statement (their own transaction): every step's checks
 * must pass, or none is written. The statement is the function `icp_guarded_steps` (migration
 * 20261129063000_guarded_steps_function) over the steps as one JSON array, so a batch of any size is
 * one round trip and one commit, and its plan is made once per session: PGlite has no prepared
 * statements, and planning the statement's dozen CTEs cost it more than running them.
 */
const GUARDED_STEPS_SQL = `SELECT step_ok AS ok, step_conversations AS conversations, step_filings AS filings,
  step_outbox AS outbox FROM icp_guarded_steps($1::jsonb)`;

interface GuardedRow {
  conversations: [string, number][];
  filings: [string, number][];
  outbox: [string, string][];
}

/** The step as the statement reads it (ID numbers encrypted, search keys derived). */
function stepJson(pii: PiiCipher, write: GuardedStepWrite): Record<string, unknown> {
  const { conversation, filing, outbox } = write;
  let filingJson: Record<string, unknown> | null = null;
  if (filing?.kind === 'insert') {
    filingJson = { kind: 'insert', id: filing.id, ...filingDocumentJson(pii, filing.document) };
  } else if (filing?.kind === 'update') {
    const { changes } = filing;
    filingJson = { kind: 'update', id: changes.id, version: changes.version };
    if (changes.document !== undefined) Object.assign(filingJson, filingDocumentJson(pii, changes.document));
    if (changes.status !== undefined) filingJson.status = changes.status;
    if (changes.submittedAt !== undefined) filingJson.submittedAt = changes.submittedAt.toISOString();
  } else if (filing?.kind === 'check') {
    filingJson = { kind: 'check', id: filing.id, version: filing.version };
  }
  return {
    updateId: write.updateId ?? null,
    channel: write.chat.channel,
    chatId: write.chat.chatId,
    applicantId: write.applicantId,
    newApplicant: write.newApplicant === true,
    lang: write.lang,
    conversation: {
      ...conversation,
      state: sealState(pii, conversation.state),
    },
    filing: filingJson,
    events: write.events.map((event) => eventJson(pii, event)),
    outbox: outbox ? outboxRowJson(pii, outbox) : null,
  };
}

/**
 * Writes the steps (of different chats) in one statement. Throws StepsRefused when any check of
 * any step failed: then nothing of any of them was written. `loneStepAlone`: one step goes through
 * the statement made for it alone (guarded-step.ts), which PostgreSQL, where it is prepared, runs
 * faster than this general one; on PGlite, which plans every statement it is sent, the function
 * with its kept plan is faster for one step too.
 */
export async function commitGuardedSteps(
  sql: SqlSession,
  pii: PiiCipher,
  writes: readonly GuardedStepWrite[],
  { loneStepAlone = true }: { loneStepAlone?: boolean } = {},
): Promise<GuardedStepResult[]> {
  if (writes.length === 1 && loneStepAlone) return [await writeOneGuardedStep(sql, pii, writes[0]!)];
  let rows: GuardedRow[];
  try {
    rows = await sql.query<GuardedRow>(GUARDED_STEPS_SQL, [
      JSON.stringify(writes.map((w) => stepJson(pii, w))),
    ]);
  } catch (error) {
    const reason = abortReason(error);
    if (reason !== undefined) throw new StepsRefused(reason);
    throw error;
  }
  const row = rows[0];
  const conversations = new Map(row?.conversations ?? []);
  const filings = new Map(row?.filings ?? []);
  const outbox = new Map((row?.outbox ?? []).map(([id, orderKey]) => [orderKey, id]));
  return writes.map((write) => {
    const filingId = write.filing?.kind === 'update' ? write.filing.changes.id : write.filing?.id;
    const outboxId = write.outbox ? outbox.get(write.outbox.orderKey) : undefined;
    return {
      conversationVersion: Number(conversations.get(write.conversation.id)),
      filingVersion: filingId === undefined ? null : Number(filings.get(filingId)),
      outboxId: outboxId === undefined ? null : BigInt(outboxId),
    };
  });
}

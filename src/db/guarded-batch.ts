/**
 * Several chats' answers committed together (group commit, see src/services/step-writer.ts): the
 * same writes and checks as a single guarded step (guarded-step.ts), for a batch of steps in one
 * statement of fixed text that takes them as one JSON array. All of the batch or none of it.
 */
import type { GuardedStepResult, GuardedStepWrite } from './guarded-step.ts';
import { writeOneGuardedStep } from './guarded-step.ts';
import { outboxRowJson } from './outbox.ts';
import type { PiiCipher } from './pii-cipher.ts';
import type { SqlSession } from './sql-session.ts';
import { abortReason, StepsRefused } from './step-refusal.ts';
import { eventJson, filingDocumentJson } from './step-sql.ts';

/**
 * Writes steps of different chats in ONE statement (their own transaction): every step's checks
 * must pass, or none is written. A fixed text (prepared once per connection) that takes the steps
 * as one JSON array, so a batch of any size is one round trip and one commit.
 */
const GUARDED_STEPS_SQL = `
WITH s AS (SELECT x.step FROM jsonb_array_elements($1::jsonb) AS x(step)),
fresh AS (
  INSERT INTO processed_updates (channel, update_id)
  SELECT step->>'channel', step->>'updateId' FROM s WHERE step->>'updateId' IS NOT NULL
  ON CONFLICT DO NOTHING RETURNING 1),
na AS (
  INSERT INTO applicants (id, lang, updated_at)
  SELECT (step->>'applicantId')::uuid, step->>'lang', now() FROM s WHERE (step->>'newApplicant')::boolean
  RETURNING 1),
ni AS (
  INSERT INTO chat_identities (id, channel, chat_id, applicant_id, updated_at)
  SELECT gen_random_uuid(), step->>'channel', step->>'chatId', (step->>'applicantId')::uuid, now()
  FROM s WHERE (step->>'newApplicant')::boolean
  ON CONFLICT (channel, chat_id) DO NOTHING RETURNING 1),
who AS (
  SELECT 1 FROM s JOIN chat_identities i ON i.channel = s.step->>'channel' AND i.chat_id = s.step->>'chatId'
    AND i.applicant_id = (s.step->>'applicantId')::uuid
  WHERE NOT (s.step->>'newApplicant')::boolean),
l AS (
  UPDATE applicants a SET lang = s.step->>'lang', updated_at = now() FROM s
  WHERE NOT (s.step->>'newApplicant')::boolean AND a.id = (s.step->>'applicantId')::uuid
    AND a.lang <> s.step->>'lang'),
ci AS (
  INSERT INTO conversations (id, applicant_id, state, version, filing_id, updated_at)
  SELECT (step->'conversation'->>'id')::uuid, (step->>'applicantId')::uuid, step->'conversation'->'state', 1,
         (step->'conversation'->>'filingId')::uuid, now()
  FROM s WHERE step->'conversation'->>'kind' = 'insert'
  ON CONFLICT (applicant_id) DO NOTHING RETURNING id, version),
cu AS (
  UPDATE conversations t SET state = s.step->'conversation'->'state', version = t.version + 1,
    filing_id = (s.step->'conversation'->>'filingId')::uuid, updated_at = now()
  FROM s
  WHERE s.step->'conversation'->>'kind' = 'update' AND t.id = (s.step->'conversation'->>'id')::uuid
    AND t.version = (s.step->'conversation'->>'version')::int
    -- The filing it points at is part of what the step read (a draft may be attached meanwhile).
    AND t.filing_id IS NOT DISTINCT FROM (s.step->'conversation'->>'filingIdBefore')::uuid
  RETURNING t.id, t.version),
fi AS (
  INSERT INTO filings (id, applicant_id, document, domains, sponsor_name, updated_at)
  SELECT (step->'filing'->>'id')::uuid, (step->>'applicantId')::uuid, step->'filing'->'document',
         ARRAY(SELECT jsonb_array_elements_text(step->'filing'->'domains')), step->'filing'->>'sponsorName', now()
  FROM s WHERE step->'filing'->>'kind' = 'insert'
  RETURNING id, version),
fu AS (
  UPDATE filings t SET version = t.version + 1, updated_at = now(),
    document = CASE WHEN s.step->'filing' ? 'document' THEN s.step->'filing'->'document' ELSE t.document END,
    domains = CASE WHEN s.step->'filing' ? 'document'
      THEN ARRAY(SELECT jsonb_array_elements_text(s.step->'filing'->'domains')) ELSE t.domains END,
    sponsor_name = CASE WHEN s.step->'filing' ? 'document' THEN s.step->'filing'->>'sponsorName' ELSE t.sponsor_name END,
    status = coalesce(s.step->'filing'->>'status', t.status),
    submitted_at = coalesce((s.step->'filing'->>'submittedAt')::timestamptz, t.submitted_at)
  FROM s
  WHERE s.step->'filing'->>'kind' = 'update' AND t.id = (s.step->'filing'->>'id')::uuid
    AND t.version = (s.step->'filing'->>'version')::int
  RETURNING t.id, t.version),
fc AS (
  SELECT t.id, t.version FROM filings t JOIN s ON s.step->'filing'->>'kind' = 'check'
    AND t.id = (s.step->'filing'->>'id')::uuid AND t.version = (s.step->'filing'->>'version')::int),
e AS (
  INSERT INTO events (filing_id, applicant_id, actor, type, data, created_at)
  SELECT (x->>'filingId')::uuid, (x->>'applicantId')::uuid, x->>'actor', x->>'type', x->'data',
         coalesce((x->>'at')::timestamptz, now())
  FROM s, jsonb_array_elements(s.step->'events') AS x),
o AS (
  INSERT INTO outbox (topic, order_key, payload, dedupe_key, next_attempt_at)
  SELECT step->'outbox'->>'topic', step->'outbox'->>'orderKey', step->'outbox'->'payload',
         step->'outbox'->>'dedupeKey', (step->'outbox'->>'notBefore')::timestamptz
  FROM s WHERE jsonb_typeof(step->'outbox') = 'object'
  ON CONFLICT (dedupe_key) DO NOTHING RETURNING id, order_key)
SELECT CASE
    WHEN (SELECT count(*) FROM fresh) < (SELECT count(*) FROM s WHERE step->>'updateId' IS NOT NULL)
      THEN icp_abort_step('duplicate')
    WHEN (SELECT count(*) FROM ni) < (SELECT count(*) FROM s WHERE (step->>'newApplicant')::boolean)
      THEN icp_abort_step('chat')
    WHEN (SELECT count(*) FROM who) < (SELECT count(*) FROM s WHERE NOT (step->>'newApplicant')::boolean)
      THEN icp_abort_step('chat')
    WHEN (SELECT count(*) FROM ci) + (SELECT count(*) FROM cu) < (SELECT count(*) FROM s)
      THEN icp_abort_step('conversation')
    WHEN (SELECT count(*) FROM fi) + (SELECT count(*) FROM fu) + (SELECT count(*) FROM fc)
         < (SELECT count(*) FROM s WHERE jsonb_typeof(step->'filing') = 'object')
      THEN icp_abort_step('filing')
    ELSE 0 END AS ok,
  (SELECT coalesce(jsonb_agg(jsonb_build_array(id::text, version)), '[]'::jsonb)
     FROM (SELECT id, version FROM ci UNION ALL SELECT id, version FROM cu) c) AS conversations,
  (SELECT coalesce(jsonb_agg(jsonb_build_array(id::text, version)), '[]'::jsonb)
     FROM (SELECT id, version FROM fi UNION ALL SELECT id, version FROM fu UNION ALL SELECT id, version FROM fc) f) AS filings,
  (SELECT coalesce(jsonb_agg(jsonb_build_array(id::text, order_key)), '[]'::jsonb) FROM o) AS outbox`;

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
      state: pii.encryptPii(conversation.state),
    },
    filing: filingJson,
    events: write.events.map((event) => eventJson(pii, event)),
    outbox: outbox ? outboxRowJson(pii, outbox) : null,
  };
}

/**
 * Writes the steps (of different chats) in one statement. Throws StepsRefused when any check of
 * any step failed: then nothing of any of them was written. One step goes through the statement
 * made for it alone (guarded-step.ts), which PostgreSQL plans and runs faster than this general one.
 */
export async function commitGuardedSteps(
  sql: SqlSession,
  pii: PiiCipher,
  writes: readonly GuardedStepWrite[],
): Promise<GuardedStepResult[]> {
  if (writes.length === 1) return [await writeOneGuardedStep(sql, pii, writes[0]!)];
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

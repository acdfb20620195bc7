/**
 * The pieces of a conversation step's write, as data-modifying CTEs of one statement: the filing,
 * the events, the applicant's language, the conversation and the reply row. Both ways of writing a
 * step use them: under the conversation's row lock (conversation-step.ts) and optimistically,
 * guarded by the versions the step was computed from (guarded-step.ts). The reply row's insert is
 * outbox.ts's `outboxInsert`.
 */
import type { Lang } from './applicants.ts';
import type { NewEvent } from './events.ts';
import { filingSearchColumns } from './filing-search-keys.ts';
import type { PiiCipher } from './pii-cipher.ts';
import { sealDocument, sealState } from './sealed-rows.ts';
import type { SqlParam } from './sql-session.ts';

/** Collects the CTEs and their parameters (`$n` placeholders numbered as they are added). */
export class StepStatement {
  readonly params: SqlParam[] = [];
  readonly parts: string[] = [];

  p(value: SqlParam): string {
    return `$${this.params.push(value)}`;
  }

  add(name: string, sql: string): void {
    this.parts.push(`${name} AS (${sql})`);
  }

  /** `WITH <parts> SELECT <select>`; null when nothing was added. */
  text(select: string): string | null {
    return this.parts.length === 0 ? null : `WITH ${this.parts.join(',\n')} SELECT ${select}`;
  }
}

export interface FilingChanges {
  id: string;
  version: number;
  document?: unknown;
  status?: string;
  submittedAt?: Date;
}

/** A draft as the filings row stores it: the document sealed whole and its search keys (names and sponsor number as keyed hashes). */
export function filingDocumentJson(pii: PiiCipher, document: unknown) {
  return { document: sealDocument(pii, document), ...filingSearchColumns(pii, document) };
}

/** `UPDATE filings` at `version` (bumped), returning the new version; the document refreshes the search keys. */
export function filingUpdate(q: StepStatement, pii: PiiCipher, filing: FilingChanges): string {
  const sets = ['version = version + 1', 'updated_at = now()'];
  if (filing.document !== undefined) {
    const row = filingDocumentJson(pii, filing.document);
    sets.push(
      `document = ${q.p(JSON.stringify(row.document))}::jsonb`,
      `domains = ARRAY(SELECT jsonb_array_elements_text(${q.p(JSON.stringify(row.domains))}::jsonb))`,
      `name_hashes = ARRAY(SELECT jsonb_array_elements_text(${q.p(JSON.stringify(row.nameHashes))}::jsonb))`,
      `sponsor_number_hash = ${q.p(row.sponsorNumberHash)}::text`,
      'sponsor_name = NULL',
    );
  }
  if (filing.status !== undefined) sets.push(`status = ${q.p(filing.status)}::text`);
  if (filing.submittedAt !== undefined) {
    sets.push(`submitted_at = ${q.p(filing.submittedAt.toISOString())}::timestamptz`);
  }
  return `UPDATE filings SET ${sets.join(', ')}
    WHERE id = ${q.p(filing.id)}::uuid AND version = ${q.p(filing.version)}::int RETURNING version`;
}

/** `INSERT INTO filings` of a new draft with a caller-chosen id, returning its version. */
export function filingInsert(
  q: StepStatement,
  pii: PiiCipher,
  filing: { id: string; applicantId: string; document: unknown },
): string {
  const row = filingDocumentJson(pii, filing.document);
  return `INSERT INTO filings (id, applicant_id, document, domains, name_hashes, sponsor_number_hash, updated_at)
    VALUES (${q.p(filing.id)}::uuid, ${q.p(filing.applicantId)}::uuid, ${q.p(JSON.stringify(row.document))}::jsonb,
            ARRAY(SELECT jsonb_array_elements_text(${q.p(JSON.stringify(row.domains))}::jsonb)),
            ARRAY(SELECT jsonb_array_elements_text(${q.p(JSON.stringify(row.nameHashes))}::jsonb)),
            ${q.p(row.sponsorNumberHash)}::text, now())
    RETURNING version`;
}

/** An event as the step statements read it from JSON (ID numbers in its data encrypted). */
export function eventJson(pii: PiiCipher, event: NewEvent) {
  return {
    filingId: event.filingId ?? null,
    applicantId: event.applicantId ?? null,
    actor: event.actor,
    type: event.type,
    data: pii.encryptPii(event.data ?? {}),
    at: event.at?.toISOString() ?? null,
  };
}

/** `INSERT INTO events` of all of them in one statement (ID numbers in their data encrypted). */
export function eventsInsert(q: StepStatement, pii: PiiCipher, events: readonly NewEvent[]): string {
  const rows = events.map((event) => eventJson(pii, event));
  return `INSERT INTO events (filing_id, applicant_id, actor, type, data, created_at)
    SELECT (x->>'filingId')::uuid, (x->>'applicantId')::uuid, x->>'actor', x->>'type', x->'data',
           coalesce((x->>'at')::timestamptz, now())
    FROM jsonb_array_elements(${q.p(JSON.stringify(rows))}::jsonb) AS x`;
}

/** The applicant's language, written only when it changed. */
export function langUpdate(q: StepStatement, applicantId: string, lang: Lang): string {
  const value = q.p(lang);
  return `UPDATE applicants SET lang = ${value}::text, updated_at = now()
    WHERE id = ${q.p(applicantId)}::uuid AND lang <> ${value}::text`;
}

/** The conversation's new state at `version` (bumped), returning the new version. */
export function conversationUpdate(
  q: StepStatement,
  pii: PiiCipher,
  conversation: { id: string; version: number; state: unknown; filingId: string | null },
  extraCondition = '',
): string {
  return `UPDATE conversations SET state = ${q.p(JSON.stringify(sealState(pii, conversation.state)))}::jsonb,
    version = version + 1, filing_id = ${q.p(conversation.filingId)}::uuid, updated_at = now()
    WHERE id = ${q.p(conversation.id)}::uuid AND version = ${q.p(conversation.version)}::int${extraCondition}
    RETURNING version`;
}

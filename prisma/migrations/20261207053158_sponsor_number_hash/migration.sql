-- AlterTable
ALTER TABLE "filings" ADD COLUMN     "sponsor_number_hash" TEXT;

-- CreateIndex
CREATE INDEX "filings_sponsor_number_hash_idx" ON "filings"("sponsor_number_hash");

-- Hand-written: rows from before the column hold the placeholder 'pending' until the app hashes them
-- at start-up (src/db/sponsor-number-backfill.ts): SQL has no key to compute the HMAC with, and
-- until then the order lookup reads these rows as it did before (decrypting them).
UPDATE "filings" SET "sponsor_number_hash" = 'pending' WHERE "erased_at" IS NULL;

-- Hand-written: icp_guarded_steps (20261204170445_pii_at_rest) writes the sponsor number's hash
-- with the document.
CREATE OR REPLACE FUNCTION icp_guarded_steps(steps JSONB)
RETURNS TABLE (step_ok INTEGER, step_conversations JSONB, step_filings JSONB, step_outbox JSONB)
LANGUAGE plpgsql VOLATILE
AS E'BEGIN
RETURN QUERY
WITH s AS (SELECT x.step FROM jsonb_array_elements($1::jsonb) AS x(step)),
fresh AS (
  INSERT INTO processed_updates (channel, update_id)
  SELECT step->>''channel'', step->>''updateId'' FROM s WHERE step->>''updateId'' IS NOT NULL
  ON CONFLICT DO NOTHING RETURNING 1),
na AS (
  INSERT INTO applicants (id, lang, updated_at)
  SELECT (step->>''applicantId'')::uuid, step->>''lang'', now() FROM s WHERE (step->>''newApplicant'')::boolean
  RETURNING 1),
ni AS (
  INSERT INTO chat_identities (id, channel, chat_id, applicant_id, updated_at)
  SELECT gen_random_uuid(), step->>''channel'', step->>''chatId'', (step->>''applicantId'')::uuid, now()
  FROM s WHERE (step->>''newApplicant'')::boolean
  ON CONFLICT (channel, chat_id) DO NOTHING RETURNING 1),
who AS (
  SELECT 1 FROM s JOIN chat_identities i ON i.channel = s.step->>''channel'' AND i.chat_id = s.step->>''chatId''
    AND i.applicant_id = (s.step->>''applicantId'')::uuid
  WHERE NOT (s.step->>''newApplicant'')::boolean),
l AS (
  UPDATE applicants a SET lang = s.step->>''lang'', updated_at = now() FROM s
  WHERE NOT (s.step->>''newApplicant'')::boolean AND a.id = (s.step->>''applicantId'')::uuid
    AND a.lang <> s.step->>''lang''),
ci AS (
  INSERT INTO conversations (id, applicant_id, state, version, filing_id, updated_at)
  SELECT (step->''conversation''->>''id'')::uuid, (step->>''applicantId'')::uuid, step->''conversation''->''state'', 1,
         (step->''conversation''->>''filingId'')::uuid, now()
  FROM s WHERE step->''conversation''->>''kind'' = ''insert''
  ON CONFLICT (applicant_id) DO NOTHING RETURNING id, version),
cu AS (
  UPDATE conversations t SET state = s.step->''conversation''->''state'', version = t.version + 1,
    filing_id = (s.step->''conversation''->>''filingId'')::uuid, updated_at = now()
  FROM s
  WHERE s.step->''conversation''->>''kind'' = ''update'' AND t.id = (s.step->''conversation''->>''id'')::uuid
    AND t.version = (s.step->''conversation''->>''version'')::int
    -- The filing it points at is part of what the step read (a draft may be attached meanwhile).
    AND t.filing_id IS NOT DISTINCT FROM (s.step->''conversation''->>''filingIdBefore'')::uuid
  RETURNING t.id, t.version),
fi AS (
  INSERT INTO filings (id, applicant_id, document, domains, name_hashes, sponsor_number_hash, updated_at)
  SELECT (step->''filing''->>''id'')::uuid, (step->>''applicantId'')::uuid, step->''filing''->''document'',
         ARRAY(SELECT jsonb_array_elements_text(step->''filing''->''domains'')),
         ARRAY(SELECT jsonb_array_elements_text(step->''filing''->''nameHashes'')),
         step->''filing''->>''sponsorNumberHash'', now()
  FROM s WHERE step->''filing''->>''kind'' = ''insert''
  RETURNING id, version),
fu AS (
  UPDATE filings t SET version = t.version + 1, updated_at = now(),
    document = CASE WHEN s.step->''filing'' ? ''document'' THEN s.step->''filing''->''document'' ELSE t.document END,
    domains = CASE WHEN s.step->''filing'' ? ''document''
      THEN ARRAY(SELECT jsonb_array_elements_text(s.step->''filing''->''domains'')) ELSE t.domains END,
    name_hashes = CASE WHEN s.step->''filing'' ? ''document''
      THEN ARRAY(SELECT jsonb_array_elements_text(s.step->''filing''->''nameHashes'')) ELSE t.name_hashes END,
    sponsor_number_hash = CASE WHEN s.step->''filing'' ? ''document''
      THEN s.step->''filing''->>''sponsorNumberHash'' ELSE t.sponsor_number_hash END,
    sponsor_name = CASE WHEN s.step->''filing'' ? ''document'' THEN NULL ELSE t.sponsor_name END,
    status = coalesce(s.step->''filing''->>''status'', t.status),
    submitted_at = coalesce((s.step->''filing''->>''submittedAt'')::timestamptz, t.submitted_at)
  FROM s
  WHERE s.step->''filing''->>''kind'' = ''update'' AND t.id = (s.step->''filing''->>''id'')::uuid
    AND t.version = (s.step->''filing''->>''version'')::int
  RETURNING t.id, t.version),
fc AS (
  SELECT t.id, t.version FROM filings t JOIN s ON s.step->''filing''->>''kind'' = ''check''
    AND t.id = (s.step->''filing''->>''id'')::uuid AND t.version = (s.step->''filing''->>''version'')::int),
e AS (
  INSERT INTO events (filing_id, applicant_id, actor, type, data, created_at)
  SELECT (x->>''filingId'')::uuid, (x->>''applicantId'')::uuid, x->>''actor'', x->>''type'', x->''data'',
         coalesce((x->>''at'')::timestamptz, now())
  FROM s, jsonb_array_elements(s.step->''events'') AS x),
o AS (
  INSERT INTO outbox (topic, order_key, payload, dedupe_key, next_attempt_at)
  SELECT step->''outbox''->>''topic'', step->''outbox''->>''orderKey'', step->''outbox''->''payload'',
         step->''outbox''->>''dedupeKey'', (step->''outbox''->>''notBefore'')::timestamptz
  FROM s WHERE jsonb_typeof(step->''outbox'') = ''object''
  ON CONFLICT (dedupe_key) DO NOTHING RETURNING id, order_key)
SELECT CASE
    WHEN (SELECT count(*) FROM fresh) < (SELECT count(*) FROM s WHERE step->>''updateId'' IS NOT NULL)
      THEN icp_abort_step(''duplicate'')
    WHEN (SELECT count(*) FROM ni) < (SELECT count(*) FROM s WHERE (step->>''newApplicant'')::boolean)
      THEN icp_abort_step(''chat'')
    WHEN (SELECT count(*) FROM who) < (SELECT count(*) FROM s WHERE NOT (step->>''newApplicant'')::boolean)
      THEN icp_abort_step(''chat'')
    WHEN (SELECT count(*) FROM ci) + (SELECT count(*) FROM cu) < (SELECT count(*) FROM s)
      THEN icp_abort_step(''conversation'')
    WHEN (SELECT count(*) FROM fi) + (SELECT count(*) FROM fu) + (SELECT count(*) FROM fc)
         < (SELECT count(*) FROM s WHERE jsonb_typeof(step->''filing'') = ''object'')
      THEN icp_abort_step(''filing'')
    ELSE 0 END AS ok,
  (SELECT coalesce(jsonb_agg(jsonb_build_array(id::text, version)), ''[]''::jsonb)
     FROM (SELECT id, version FROM ci UNION ALL SELECT id, version FROM cu) c) AS conversations,
  (SELECT coalesce(jsonb_agg(jsonb_build_array(id::text, version)), ''[]''::jsonb)
     FROM (SELECT id, version FROM fi UNION ALL SELECT id, version FROM fu UNION ALL SELECT id, version FROM fc) f) AS filings,
  (SELECT coalesce(jsonb_agg(jsonb_build_array(id::text, order_key)), ''[]''::jsonb) FROM o) AS outbox\u003B
END';

/**
 * What an erasure takes and what the provider must keep (issue 13). Pure.
 *
 * A filing that reached MIIT (submitted to it, its SMS check, the administration's review, approved,
 * or rejected by the administration) is on record with the regulator: the access provider must be
 * able to say which ICP number covers which domains for whom, and when. So such a filing keeps
 * the ICP numbers, the sponsor's name, the domains and its dates; everything else (principals, ID
 * numbers, phones, emails, addresses, document photos) goes. Any other filing goes entirely.
 */

/** Statuses at which the filing is on record with MIIT (a rejection counts when MIIT made it). */
const WITH_MIIT: ReadonlySet<string> = new Set([
  'submitted_to_miit',
  'miit_sms_check',
  'administration_review',
  'approved',
]);

export interface ErasableFiling {
  status: string;
  /** The review's rejection, when there is one (`by: 'administration'` means MIIT rejected it). */
  rejectionBy?: 'provider' | 'administration' | null;
}

export function keepsLegalMinimum(filing: ErasableFiling): boolean {
  return (
    WITH_MIIT.has(filing.status) || (filing.status === 'rejected' && filing.rejectionBy === 'administration')
  );
}

/** The filing document reduced to the legal minimum: ICP numbers, sponsor name, websites' domains. */
export function legalMinimumDocument(document: unknown): Record<string, unknown> {
  const doc = isRecord(document) ? document : {};
  const out: Record<string, unknown> = {};
  if (typeof doc.icpNumber === 'string') out.icpNumber = doc.icpNumber;
  if (typeof doc.filingType === 'string') out.filingType = doc.filingType;
  const sponsor = isRecord(doc.sponsor) ? doc.sponsor : {};
  if (typeof sponsor.name === 'string') out.sponsor = { name: sponsor.name };
  if (Array.isArray(doc.websites)) {
    out.websites = doc.websites.map((site) => {
      const w = isRecord(site) ? site : {};
      const kept: Record<string, unknown> = {};
      if (typeof w.icpNumber === 'string') kept.icpNumber = w.icpNumber;
      if (Array.isArray(w.domains)) kept.domains = w.domains.filter((d) => typeof d === 'string');
      return kept;
    });
  }
  return out;
}

/**
 * The review kept with a legal-minimum filing: its stages and dates, the ICP numbers and who
 * decided; free texts (reasons, interview notes) are dropped, since staff may have quoted the
 * applicant's details in them.
 */
export function legalMinimumReview(review: unknown): unknown {
  if (!isRecord(review)) return review;
  const out: Record<string, unknown> = { ...review };
  if (isRecord(review.requestedChanges)) out.requestedChanges = { ...review.requestedChanges, reason: '' };
  if (isRecord(review.interview)) out.interview = { ...review.interview, note: null };
  if (isRecord(review.rejection)) out.rejection = { ...review.rejection, reason: '' };
  return out;
}

/** What is erased: one applicant's personal data, one filing's, or only a filing's document files. */
export type ErasureScope =
  | { kind: 'applicant'; applicantId: string }
  | { kind: 'filing'; filingId: string }
  | { kind: 'documents'; filingId: string }
  /** An idle draft (retention): the conversation's answers and its draft filing, the account stays. */
  | { kind: 'draft'; applicantId: string; filingId: string | null };

export interface ErasureJob {
  /** Names the job in its events, so a rerun after a crash can tell it already finished. */
  jobId: string;
  scope: ErasureScope;
  /** 'applicant', 'system' (retention) or 'staff:<id>'. */
  actor: string;
  /** The staff member's reason, or the retention rule's name. */
  reason: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

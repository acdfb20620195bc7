/**
 * `/status` once a filing is submitted: the stages as a progress line, the history and the ETA, in
 * the applicant's language. (A draft's `/status` is the conversation engine's own.)
 */
import type { Database } from '../db/database.ts';
import { toDisplayHost } from '../filing/validators/hostname.ts';
import { type Lang, render, type Text, t } from '../i18n/index.ts';
import type { ReviewStatus } from '../review/stages.ts';
import { etaTexts, historyTexts, PROGRESS_SEPARATOR, progressLine } from '../review/status-message.ts';
import type { WorkingDayCalendar } from '../review/working-days.ts';
import { documentOf, reviewOf, sponsorProvinceOf } from '../services/staff-view.ts';

export interface StatusView {
  filingId: string;
  domain: string;
  status: ReviewStatus;
  /** Parts of the progress line: render each and join with PROGRESS_SEPARATOR. */
  progress: Text[];
  history: Text[];
  /** The stage's deadline and "expected by" (empty once decided). */
  eta: Text[];
  icpNumber: string | null;
}

/**
 * The applicant's filing that is past the draft (the conversation's filing first, else the latest
 * submitted one), or undefined when there is none (the engine's `/status` answers then).
 */
export async function loadStatusView(
  db: Pick<Database, 'prisma'>,
  applicantId: string,
  ctx: { now: Date; calendar: WorkingDayCalendar },
): Promise<StatusView | undefined> {
  const conversation = await db.prisma.conversation.findUnique({
    where: { applicantId },
    select: { filingId: true },
  });
  const filings = await db.prisma.filing.findMany({
    where: { applicantId, status: { not: 'draft' } },
    orderBy: [{ submittedAt: 'desc' }, { createdAt: 'desc' }],
    select: { id: true, domains: true, review: true, document: true, icpNumber: true },
  });
  const filing = filings.find((f) => f.id === conversation?.filingId) ?? filings[0];
  if (!filing) return undefined;
  const review = reviewOf(filing);
  if (review.status === 'draft') return undefined;
  // The province is plain text in the document (only ID numbers are encrypted).
  const sponsorProvince = sponsorProvinceOf(documentOf(filing));
  return {
    filingId: filing.id,
    domain: toDisplayHost(filing.domains[0] ?? ''),
    status: review.status,
    progress: progressLine(review),
    history: historyTexts(review),
    eta: etaTexts(review, { now: ctx.now, sponsorProvince, calendar: ctx.calendar }),
    icpNumber: filing.icpNumber,
  };
}

/** Plain-text lines (the console prints them; Telegram escapes and joins them). */
export function renderStatusView(lang: Lang, view: StatusView): string[] {
  const lines = [
    t(lang, 'notify:status.heading', { domain: view.domain }),
    view.progress.map((part) => render(lang, part)).join(PROGRESS_SEPARATOR),
  ];
  if (view.icpNumber) lines.push(t(lang, 'notify:status.icp_number', { icpNumber: view.icpNumber }));
  if (view.eta.length > 0) lines.push(view.eta.map((text) => render(lang, text)).join('\n'));
  if (view.history.length > 0) {
    lines.push(
      [t(lang, 'notify:status.history'), ...view.history.map((text) => render(lang, text))].join('\n'),
    );
  }
  return lines;
}

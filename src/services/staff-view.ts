import { displayValue } from '../conversation/display.ts';
import type { FilingRecord } from '../db/filings.ts';
import { applicableFields } from '../filing/catalog.ts';
import { orderOf } from '../filing/orders/descriptions.ts';
import { filedWebsiteNumbersOf } from '../filing/orders/icp-numbers.ts';
import { getAt } from '../filing/paths.ts';
import { formsFor } from '../filing/printable-forms.ts';
import { toDisplayHost } from '../filing/validators/hostname.ts';
import { maskTail } from '../logger.ts';
import { ALLOWED_ACTORS } from '../review/actions.ts';
import { filingEta, stageAge } from '../review/eta.ts';
import { createReview, type ReviewState } from '../review/review-state.ts';
import { availableActions } from '../review/workflow.ts';
import type { WorkingDayCalendar } from '../review/working-days.ts';
import type {
  ChangeView,
  DetailLine,
  StaffActionType,
  StaffDocument,
  StaffFilingView,
} from './staff-types.ts';

/** Fields holding personal ID numbers: shown to the last 4 characters unless staff open the filing. */
const ID_FIELD = /(^|\.)(idNumber|documentNumber)$/;

/** ID and document numbers are masked unless a staff member opened the filing. */
function hidesId(path: string, unmask: boolean): boolean {
  return ID_FIELD.test(path) && !unmask;
}

/** A text value as staff see it (see hidesId). */
export function shownText(path: string, value: string, unmask: boolean): string {
  return hidesId(path, unmask) ? maskTail(value) : value;
}

/** The Record-interview dialog also records the option, so the separate pick is not offered. */
const HIDDEN_ACTIONS: ReadonlySet<string> = new Set(['choose_interview']);

export function reviewOf(filing: Pick<FilingRecord, 'review'>): ReviewState {
  const stored = filing.review as Partial<ReviewState> | null | undefined;
  if (stored?.schemaVersion !== 1) return createReview();
  return stored as ReviewState;
}

export function documentOf(filing: Pick<FilingRecord, 'document'>): Record<string, unknown> {
  const doc = filing.document;
  return doc && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>) : {};
}

export function sponsorProvinceOf(doc: Record<string, unknown>): string {
  const province = getAt(doc, 'sponsor.province');
  return typeof province === 'string' ? province : '';
}

/** The sponsor's name, from the (decrypted) document: the filings row keeps only a hash of it. */
export function sponsorNameOf(doc: Record<string, unknown>): string | null {
  const name = getAt(doc, 'sponsor.name');
  return typeof name === 'string' && name.trim() ? name.trim() : null;
}

export function websiteCountOf(doc: Record<string, unknown>): number {
  return Array.isArray(doc.websites) ? doc.websites.length : 0;
}

/** The actions a staff member can take now, in the workflow's order. */
export function staffActions(review: ReviewState, now: Date): StaffActionType[] {
  return availableActions(review, now).filter(
    (type): type is StaffActionType =>
      ALLOWED_ACTORS[type].includes('staff') &&
      !HIDDEN_ACTIONS.has(type) &&
      type !== 'submit' &&
      type !== 'resubmit',
  );
}

/** Every applicable field of the filing with its label and displayed value (IDs masked unless `unmask`). */
export function detailLines(doc: Record<string, unknown>, now: Date, unmask: boolean): DetailLine[] {
  return applicableFields(doc, now).map(({ field, path, websiteIndex }) => {
    const raw = getAt(doc, path);
    const ctx = websiteIndex === undefined ? { filing: doc, now } : { filing: doc, now, websiteIndex };
    let value: DetailLine['value'];
    if (raw === undefined || raw === null || raw === '') value = '';
    else if (typeof raw === 'string' && hidesId(path, unmask)) value = maskTail(raw);
    else value = displayValue(field, raw, ctx);
    const line: DetailLine = {
      path,
      section: field.section,
      label: { key: `filing:fields.${field.id}.label`, params: { website: (websiteIndex ?? 0) + 1 } },
      value,
    };
    if (websiteIndex !== undefined) line.websiteIndex = websiteIndex;
    return line;
  });
}

export interface ViewContext {
  now: Date;
  calendar: WorkingDayCalendar;
  unmask?: boolean;
  /** A change order's comparison, when the caller looked up the approved filing. */
  change?: ChangeView;
}

/** The ICP number an order on an existing filing names (the applicant's, not yet checked by staff). */
export function orderIcpNumberOf(doc: Record<string, unknown>): string | null {
  return typeof doc.icpNumber === 'string' && doc.icpNumber.trim() ? doc.icpNumber.trim() : null;
}

function websiteNumbersOf(doc: Record<string, unknown>): string[] {
  return filedWebsiteNumbersOf(doc).filter((n): n is string => n !== undefined);
}

export function filingView(
  filing: FilingRecord,
  documents: StaffDocument[],
  ctx: ViewContext,
): StaffFilingView {
  const review = reviewOf(filing);
  const doc = documentOf(filing);
  const sponsorProvince = sponsorProvinceOf(doc);
  const age = stageAge(review, ctx.now, ctx.calendar);
  return {
    id: filing.id,
    version: filing.version,
    applicantId: filing.applicantId,
    status: review.status,
    sponsorName: sponsorNameOf(doc),
    sponsorProvince,
    filingType: orderOf(doc).type,
    domains: filing.domains.map(toDisplayHost),
    icpNumber: filing.icpNumber,
    orderIcpNumber: orderIcpNumberOf(doc),
    orderWebsiteIcpNumbers: websiteNumbersOf(doc),
    ...(ctx.change ? { change: ctx.change } : {}),
    claimedBy: review.claimedBy,
    submittedAt: review.submittedAt,
    stageDueAt: review.stageDueAt,
    dueIsEstimate: review.dueIsEstimate,
    age,
    overdue: age?.overdue ?? false,
    eta: filingEta(review, { now: ctx.now, sponsorProvince, calendar: ctx.calendar }),
    actions: staffActions(review, ctx.now),
    review,
    details: detailLines(doc, ctx.now, ctx.unmask ?? false),
    documents,
    forms: formsFor(doc),
    slackChannel: filing.slackChannel,
    slackTs: filing.slackTs,
  };
}

/** Queue order: overdue first, then the nearest deadline, then the oldest submission. */
export function bySla(a: StaffFilingView, b: StaffFilingView): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  const due = (v: StaffFilingView) => (v.stageDueAt ? Date.parse(v.stageDueAt) : Number.POSITIVE_INFINITY);
  if (due(a) !== due(b)) return due(a) - due(b);
  return (a.submittedAt ?? '').localeCompare(b.submittedAt ?? '');
}

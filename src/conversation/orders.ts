/**
 * Orders on an existing ICP number in the chat (filing-format.md, "Other filing types"): reuse of a
 * filing approved here, the sections a change opens again, and one order at a time per sponsor.
 * What the database knows comes in as StepFacts, looked up by the applicant service.
 */
import { obj, str } from '../filing/catalog/draft.ts';
import type { DraftFiling } from '../filing/catalog-types.ts';
import { declaredSections, inSections } from '../filing/orders/changed-sections.ts';
import { orderOf, SPONSOR_IDENTITY_KEYS } from '../filing/orders/descriptions.ts';
import { sponsorNumberKey } from '../filing/orders/sponsor-number-key.ts';
import { applicableSlots, isAnswered, plainSlot, slotPath } from './slots.ts';
import type { Turn } from './turn.ts';
import type { ApprovedFiling, OrderInProgress, ProblemMessage, Slot, StepFacts } from './types.ts';

export interface Reuse {
  filing: DraftFiling;
  websiteCount?: number;
  source: ApprovedFiling;
}

/**
 * After the order or the sponsor's number is answered: the approved filing it names (or the only one
 * the applicant has) fills in what the order takes from it, so no sponsor question is asked again. A
 * change takes the whole approved document. Answers already given are never overwritten.
 */
export function reuseApproved(filing: DraftFiling, facts: StepFacts | undefined): Reuse | undefined {
  const order = orderOf(filing);
  const approved = facts?.approved ?? [];
  if (!order.onExistingNumber || approved.length === 0) return undefined;
  const typed = str(filing.icpNumber);
  const source =
    typed !== undefined
      ? approved.find((a) => a.icpNumber === typed)
      : approved.length === 1
        ? approved[0]
        : undefined;
  if (!source) return undefined;
  const out: DraftFiling = { ...filing, icpNumber: source.icpNumber };
  const sponsor = obj(source.filing.sponsor);
  if (sponsor && filing.sponsor === undefined) {
    out.sponsor =
      order.sponsor === 'full'
        ? sponsor
        : Object.fromEntries(SPONSOR_IDENTITY_KEYS.filter((k) => k in sponsor).map((k) => [k, sponsor[k]]));
  }
  if (order.sponsorPrincipal && filing.sponsorPrincipal === undefined && source.filing.sponsorPrincipal)
    out.sponsorPrincipal = source.filing.sponsorPrincipal;
  const websites = source.filing.websites;
  if (order.type === 'change' && filing.websites === undefined && Array.isArray(websites)) {
    out.websites = websites;
    return { filing: out, websiteCount: Math.max(1, websites.length), source };
  }
  return { filing: out, source };
}

/** A change's picked sections: their answered questions, asked again in turn (`ConversationState.revisit`). */
export function sectionsToRevisit(turn: Turn): Slot[] {
  const { filing } = turn.state;
  if (orderOf(filing).type !== 'change') return [];
  const picked = declaredSections(filing);
  return applicableSlots(turn.state, turn.deps, turn.now)
    .filter((s) => inSections(slotPath(s), picked) && isAnswered(turn.state, s))
    .map(plainSlot);
}

/**
 * The answers that can name a filing approved here (the order, an ICP number), whose answers are
 * then taken over: the service looks approved filings up only when one of these is answered.
 */
export const REUSING_PATHS: ReadonlySet<string> = new Set(['filingType', 'icpNumber']);

/** The answer that names the sponsor, by which another order in progress is found. */
export const SPONSOR_NUMBER_PATH = 'sponsor.documentNumber';

/** The order another chat (or this applicant earlier) has with the staff for this sponsor, if any. */
export function orderInProgressFor(
  filing: DraftFiling,
  facts: StepFacts | undefined,
): OrderInProgress | undefined {
  const number = str(obj(filing.sponsor)?.documentNumber);
  if (number === undefined) return undefined;
  // The same comparison as the lookup that found these orders: "AB-1234" and "ab1234" are one sponsor.
  const key = sponsorNumberKey(number);
  return facts?.ordersInProgress?.find((o) => sponsorNumberKey(o.documentNumber) === key);
}

export function inProgressProblem(order: OrderInProgress): ProblemMessage {
  return {
    path: SPONSOR_NUMBER_PATH,
    text: { key: 'conversation:orders.inProgress', params: { order: order.filingType, stage: order.status } },
  };
}

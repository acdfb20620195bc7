/**
 * What the review does per filing order (filing-format.md, "Other filing types"): the stages come
 * from the order's description, so a cancellation, which the seed's process does not send to the
 * identity interview (the interview verifies who runs a site being filed, and a cancellation files
 * none), goes from the first review straight to the second.
 */
import type { FilingType } from '../filing/enums.ts';
import { DEFAULT_ORDER, ORDERS } from '../filing/orders/descriptions.ts';
import type { ReviewState } from './review-state.ts';
import { PIPELINE, type ReviewStatus } from './stages.ts';

/** The order a review is for; reviews stored before orders existed are first filings. */
export function orderOfReview(review: Pick<ReviewState, 'filingType'>): FilingType {
  const type = review.filingType;
  return type !== undefined && Object.hasOwn(ORDERS, type) ? type : DEFAULT_ORDER;
}

export function needsInterview(type: FilingType): boolean {
  return ORDERS[type].interview;
}

/** Orders that end a filing or this provider's part in it (注销网站, 注销主体, 取消接入): no number is issued. */
export function isCancellation(type: FilingType): boolean {
  return ORDERS[type].websites !== 'full';
}

/** Orders on an ICP number the sponsor already holds (all but the first filing). */
export function isOnExistingNumber(type: FilingType): boolean {
  return ORDERS[type].onExistingNumber;
}

/** Orders whose websites get their numbers at approval (首次备案, 新增网站); the others' are filed already. */
export function filesNewWebsites(type: FilingType): boolean {
  return ORDERS[type].websites === 'full' && ORDERS[type].websiteNumber === 'absent';
}

/** The happy path of this order's review, in order (the stages the ETA sums and `/status` shows). */
export function pipelineOf(type: FilingType): readonly ReviewStatus[] {
  return needsInterview(type) ? PIPELINE : PIPELINE.filter((s) => s !== 'interview');
}

/** The chat's side of the orders (./orders.ts): refusing a busy sponsor, announcing a filing taken over. */
import { obj } from '../filing/catalog/draft.ts';
import type { DraftFiling } from '../filing/catalog-types.ts';
import { orderOf } from '../filing/orders/descriptions.ts';
import { inProgressProblem, orderInProgressFor, type Reuse } from './orders.ts';
import { slotForPath } from './slots.ts';
import { buildSummary } from './summary.ts';
import { event, fieldLabel, info, type Turn } from './turn.ts';

/** An answer that sets the sponsor's document number to one with an order at the staff is refused. */
export function refusedAsBusy(turn: Turn, filing: DraftFiling) {
  const before = obj(turn.state.filing.sponsor)?.documentNumber;
  if (obj(filing.sponsor)?.documentNumber === before) return undefined;
  const order = orderInProgressFor(filing, turn.facts);
  if (!order) return undefined;
  const problem = inProgressProblem(order);
  const slot = slotForPath(turn.state, turn.deps, problem.path!);
  return slot ? { ...problem, field: fieldLabel(slot) } : problem;
}

/** Says which approved filing was taken over; a change also shows its values before asking what changes. */
export function tookOver(turn: Turn, reuse: Reuse) {
  if (reuse.websiteCount !== undefined) turn.state = { ...turn.state, websiteCount: reuse.websiteCount };
  event(turn, 'approved_filing_reused', { order: orderOf(turn.state.filing).type });
  info(turn, 'conversation:orders.reused', { icpNumber: reuse.source.icpNumber });
  if (orderOf(turn.state.filing).type === 'change') {
    turn.messages.push({ type: 'summary', sections: buildSummary(turn.state, turn.deps, turn.now) });
  }
}

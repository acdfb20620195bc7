import { transientFailure } from '../notify/delivery-failure.ts';
import type { OutboxHandler } from '../notify/outbox-worker.ts';
import type { RegistrationService } from './registration-service.ts';

/**
 * Topic `address_move_due`: at the end of the grace period, complete the move unless it was
 * refused or cancelled. A clock behind the row's due time (another instance) retries later.
 */
export function addressMoveDueHandler(
  registration: Pick<RegistrationService, 'completeDueMove'>,
): OutboxHandler {
  return async (message) => {
    const moveId = (message.payload as { moveId?: unknown } | null)?.moveId;
    if (typeof moveId !== 'string') return;
    const outcome = await registration.completeDueMove(moveId);
    if (outcome === 'not_due') throw transientFailure('address_move_not_due');
  };
}

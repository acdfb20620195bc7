/**
 * Staff asked for changes: the applicant's conversation re-opens on exactly those fields and
 * documents. Runs from the outbox (topic `review_changes`), so it happens once the staff action
 * has committed, survives restarts, and never holds the filing and conversation locks together.
 */
import { changesRequestedInput } from '../conversation/index.ts';
import type { EngineInput } from '../conversation/types.ts';
import { permanentFailure } from '../notify/delivery-failure.ts';
import type { OutboxHandler } from '../notify/outbox-worker.ts';
import { REVIEW_CHANGES_TOPIC, type ReviewChangesPayload } from '../services/staff-outbox.ts';

export { REVIEW_CHANGES_TOPIC };

/** The applicant service's entry for inputs that come from the review rather than a chat. */
export interface ReviewInputPort {
  applyReviewInput(applicantId: string, input: EngineInput): Promise<unknown>;
}

export function reviewChangesHandler(applicant: ReviewInputPort): OutboxHandler {
  return async (message) => {
    const payload = message.payload as ReviewChangesPayload;
    if (!payload?.applicantId || !Array.isArray(payload.fields)) {
      throw permanentFailure('review_changes_payload_invalid');
    }
    // A second delivery (crash after commit) is harmless: the engine ignores a request made while
    // the conversation is already in its corrections round.
    await applicant.applyReviewInput(
      payload.applicantId,
      changesRequestedInput({ fields: payload.fields, documents: payload.documents, reason: payload.reason }),
    );
  };
}
